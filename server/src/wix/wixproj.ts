// Reads what linting needs from an MSBuild .wixproj: the platforms it builds for and its Compile items.
import type { BuildArch } from '../model/installer';
import { attributeValueOf, parseXml, type XmlElement } from './xml';

export interface WixProject {
  /** Platforms the project names (Platform, InstallerPlatform, Configuration|Platform conditions), in x86, x64, arm64 order. */
  platforms: BuildArch[];
  /** Compile item paths as written (relative to the project file). */
  compile: string[];
}

const ARCH_NAMES: Record<string, BuildArch> = { x86: 'x86', win32: 'x86', x64: 'x64', amd64: 'x64', arm64: 'arm64' };

function archOf(name: string): BuildArch | undefined {
  return ARCH_NAMES[name.trim().toLowerCase()];
}

/** Never throws: an unreadable project yields no platforms and no items. */
export function readWixProject(file: string, text: string): WixProject {
  const found = new Set<BuildArch>();
  const compile: string[] = [];
  const root = parseXml(file, text).root;
  const visit = (el: XmlElement) => {
    const condition = attributeValueOf(el, 'Condition');
    if (condition !== undefined) {
      // '$(Configuration)|$(Platform)' == 'Release|x64' and '$(Platform)' == 'x64'
      for (const m of condition.matchAll(/\$\(Platform\)[^=]*==\s*'([^']*)'/g)) {
        const values = m[1]!.split('|');
        const arch = archOf(values[values.length - 1]!);
        if (arch) found.add(arch);
      }
    }
    if (el.local === 'Platform' || el.local === 'InstallerPlatform') {
      let text = '';
      for (const c of el.children) if (c.type === 'text') text += c.value;
      const arch = archOf(text);
      if (arch) found.add(arch);
    }
    if (el.local === 'Compile') {
      const include = attributeValueOf(el, 'Include');
      if (include) compile.push(include);
    }
    for (const c of el.children) if (c.type === 'element') visit(c);
  };
  if (root) visit(root);
  const order: BuildArch[] = ['x86', 'x64', 'arm64'];
  return { platforms: order.filter((a) => found.has(a)), compile };
}
