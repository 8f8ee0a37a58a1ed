// What each output format says about the units it linted: which platforms, and why.
import type { PlatformSource } from '../../engine/lint';
import type { UnitKind } from '../../project/units';

export interface UnitLine {
  /** The .wixproj, the config project ('name (wixlint.config.json)'), or the entry source, as output names files. */
  name: string;
  kind: UnitKind;
  files: string[];
  platforms: string[];
  platformSource: PlatformSource;
  reason: string;
}

/** One line: `examples/v3/Product.wxs and 2 more files: x86 (nothing names a platform, so x86, …)`. */
export function describeUnit(u: UnitLine): string {
  const more = u.files.length - (u.kind === 'sources' ? 1 : 0);
  const what =
    u.kind === 'sources'
      ? more > 0
        ? `${u.name} and ${more} more file${more === 1 ? '' : 's'}`
        : u.name
      : `${u.name} (${u.files.length} file${u.files.length === 1 ? '' : 's'})`;
  return `${what}: ${u.platforms.join(', ')} (${u.reason})`;
}
