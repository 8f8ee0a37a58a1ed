// What WiX sources as written say about the platform they are built for, read before any platform is chosen: both
// branches of every <?if?>, no variable substituted. Used only when nobody named the platforms.
import { BUILD_ARCHES, type BuildArch } from '../model/installer';
import { archOfPlatformName } from '../model/platform';
import { WIX2_NS, WIX3_NS, WIX4_NS } from './link';
import { attributeValueOf, type XmlDocument, type XmlElement, type XmlNode, type XmlProcessingInstruction } from './xml';

export interface PlatformHints {
  /** v3 `Package/@Platform` values written as literals, with the file that says so. */
  declared: { arch: BuildArch; value: string; file: string }[];
  /**
   * Platforms `<?if $(sys.BUILDARCH) = …?>` / `$(var.Platform)` chains choose between (an `<?else?>` counted as the
   * rest), and WiX v4's ProgramFiles6432Folder and kin, which follow -arch: `what` names the variable or folder.
   */
  switched: { arches: BuildArch[]; what: string; file: string }[];
  /** Authoring that only a 64-bit build makes sense of (ProgramFiles64Folder, Win64="yes", an x64-only guard...). */
  only64: { what: string; file: string }[];
  /** Authoring that names 32-bit places or bitness (ProgramFilesFolder, Win64="no", always32, an x86-only guard...). */
  only32: { what: string; file: string }[];
  /** Whether `$(var.Platform)` (or a bare `$(Platform)`) is compared anywhere: a .wixproj build defines it. */
  usesPlatformVariable: boolean;
}

const FOLDERS_64 = new Set(['ProgramFiles64Folder', 'CommonFiles64Folder', 'System64Folder']);
const FOLDERS_32 = new Set(['ProgramFilesFolder', 'CommonFilesFolder']);
/** WiX v4's folders that follow -arch: authoring meant to build for 32- and 64-bit alike. */
const FOLDERS_6432 = new Set(['ProgramFiles6432Folder', 'CommonFiles6432Folder', 'System6432Folder']);
const DIRECTORY_ELEMENTS = new Set(['Directory', 'StandardDirectory', 'DirectoryRef']);
const BITNESS_ELEMENTS = new Set(['Component', 'RegistrySearch', 'CustomAction', 'File']);
const WIX_NAMESPACES = new Set([WIX2_NS, WIX3_NS, WIX4_NS, '']);

const SWITCH = /\$\((sys\.BUILDARCH|sys\.PLATFORM|var\.Platform|Platform|var\.InstallerPlatform)\)\s*(==|=|!=|<>|~=)\s*"?([A-Za-z0-9_]+)"?|"?([A-Za-z0-9_]+)"?\s*(==|=|!=|<>|~=)\s*\$\((sys\.BUILDARCH|sys\.PLATFORM|var\.Platform|Platform|var\.InstallerPlatform)\)/gi;

/** Scans documents (sources and the includes they name literally) for platform hints. */
export function platformHints(documents: readonly XmlDocument[]): PlatformHints {
  const hints: PlatformHints = { declared: [], switched: [], only64: [], only32: [], usesPlatformVariable: false };
  for (const doc of documents) {
    if (!doc.root) continue;
    scanNodes(doc.prolog, doc.file, hints);
    scanElement(doc.root, doc.file, hints);
  }
  return hints;
}

function scanElement(el: XmlElement, file: string, hints: PlatformHints): void {
  if (WIX_NAMESPACES.has(el.ns)) {
    const local = el.local;
    if (DIRECTORY_ELEMENTS.has(local)) folder(attributeValueOf(el, 'Id'), file, hints);
    const dir = attributeValueOf(el, 'Directory');
    if (dir !== undefined) folder(dir, file, hints);
    if (BITNESS_ELEMENTS.has(local)) {
      const win64 = attributeValueOf(el, 'Win64')?.trim().toLowerCase();
      const bitness = attributeValueOf(el, 'Bitness')?.trim().toLowerCase();
      const id = attributeValueOf(el, 'Id') ?? local;
      if (win64 === 'yes' || bitness === 'always64') hints.only64.push({ what: `${local} '${id}' ${win64 === 'yes' ? 'Win64="yes"' : 'Bitness="always64"'}`, file });
      if (win64 === 'no' || bitness === 'always32') hints.only32.push({ what: `${local} '${id}' ${win64 === 'no' ? 'Win64="no"' : 'Bitness="always32"'}`, file });
    }
    if (local === 'Package' && (el.ns === WIX3_NS || el.ns === WIX2_NS)) {
      const value = attributeValueOf(el, 'Platform');
      const arch = value !== undefined ? archOfPlatformName(value) : undefined;
      if (value !== undefined && arch) hints.declared.push({ arch, value, file });
    }
  }
  scanNodes(el.children, file, hints);
}

function folder(id: string | undefined, file: string, hints: PlatformHints): void {
  if (id === undefined) return;
  const v = id.trim();
  if (FOLDERS_64.has(v)) hints.only64.push({ what: v, file });
  else if (FOLDERS_32.has(v)) hints.only32.push({ what: v, file });
  else if (FOLDERS_6432.has(v)) hints.switched.push({ arches: ['x86', 'x64'], what: v, file });
}

function scanNodes(nodes: readonly XmlNode[], file: string, hints: PlatformHints): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'element') scanElement(node, file, hints);
    else if (node.type === 'pi' && node.target === 'if') ifChain(nodes, i, file, hints);
  }
}

/** One <?if?> chain: the platforms its conditions name, and whether an <?else?> covers the others. */
function ifChain(nodes: readonly XmlNode[], at: number, file: string, hints: PlatformHints): void {
  const named = new Set<BuildArch>();
  let variable: string | undefined;
  let negated = false;
  let hasElse = false;
  let depth = 0;
  const read = (pi: XmlProcessingInstruction): void => {
    for (const m of pi.data.matchAll(SWITCH)) {
      const v = m[1] ?? m[6]!;
      const op = m[2] ?? m[5]!;
      const arch = archOfPlatformName(m[3] ?? m[4]!);
      variable ??= v;
      if (/platform$/i.test(v) && !/^sys\./i.test(v)) hints.usesPlatformVariable = true;
      if (op === '!=' || op === '<>') negated = true;
      if (arch) named.add(arch);
    }
  };
  read(nodes[at] as XmlProcessingInstruction);
  for (let i = at + 1; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.type !== 'pi') continue;
    if (n.target === 'if') depth++;
    else if (n.target === 'endif') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && n.target === 'elseif') read(n);
    else if (depth === 0 && n.target === 'else') hasElse = true;
  }
  if (variable === undefined || named.size === 0) return;
  const arches = new Set(named);
  if (hasElse || negated) arches.add(named.has('x86') ? 'x64' : 'x86');
  const list = BUILD_ARCHES.filter((a) => arches.has(a));
  if (list.length > 1) {
    hints.switched.push({ arches: list, what: `<?if $(${variable}) ?>`, file });
  } else if (list[0] === 'x86') {
    hints.only32.push({ what: `an x86-only <?if $(${variable})?>`, file });
  } else {
    hints.only64.push({ what: `a ${list[0]}-only <?if $(${variable})?>`, file });
  }
}
