// Phrases the rules share: how a package's platform was chosen and how a part's bitness was set, in the user's terms.
import type { BitnessAttribute, InstallerDb, PackageInfo } from '../model/installer';
import type { Bitness } from '../model/platform';

/** "the x86 build makes Product 'X' a 32-bit package". */
export function platformPhrase(pkg: PackageInfo): string {
  return packagePhrase(pkg, `${pkg.label} `);
}

/** "the x86 build makes a 32-bit package": the platform phrase without the package's name, for a headline. */
export function buildPhrase(pkg: PackageInfo): string {
  return packagePhrase(pkg, '');
}

/** How the package's platform was chosen and what it makes of the package, named (`named` ends with a space) or not. */
function packagePhrase(pkg: PackageInfo, named: string): string {
  const p = pkg.platform!;
  return `${p.source} makes ${named}a ${p.bitness}-bit package`;
}

/** How a part's bitness came about: the attribute as written, or the default it fell back to. */
export function bitnessHow(db: InstallerDb, part: { bitnessAuthored: string | undefined; bitnessAttribute: BitnessAttribute }): string {
  if (part.bitnessAuthored !== undefined) return part.bitnessAuthored;
  if (db.arch === undefined) return `${part.bitnessAttribute} without the 64-bit flag`;
  const source = db.package?.platform?.source;
  const hint = source?.startsWith('Platform=') ? `; ${source} does not change that default, only -arch does` : '';
  // Named by bitness, not platform, so that x64 and arm64 builds give one message.
  const build = db.arch === 'x86' ? 'x86' : '64-bit';
  return `${part.bitnessAttribute} is not set, so it follows the ${build} build${hint}`;
}

/** The authoring that gives a part the wanted bitness. */
export function bitnessSetting(attribute: BitnessAttribute, bitness: Bitness): string {
  switch (attribute) {
    case 'Win64':
      return bitness === 64 ? 'Win64="yes"' : 'Win64="no"';
    case 'Bitness':
      return bitness === 64 ? 'Bitness="always64"' : 'Bitness="always32"';
    case 'Attributes':
      return bitness === 64 ? 'the msidbComponentAttributes64bit (0x100) attribute' : 'no msidbComponentAttributes64bit (0x100) attribute';
    case 'Type':
      return bitness === 64 ? 'the 64-bit type flag' : 'no 64-bit type flag';
  }
}

/** "'A', 'B' and 'C'", shortened past `max` names. */
export function nameList(names: string[], max = 5): string {
  const quoted = names.slice(0, max).map((n) => `'${n}'`);
  const more = names.length - quoted.length;
  if (more > 0) return `${quoted.join(', ')} and ${more} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** A phrase that starts a sentence. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
