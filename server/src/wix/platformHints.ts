// What WiX sources as written say about the platform they are built for, read before any platform is chosen: both
// branches of every <?if?>, no variable substituted. Read to choose the platforms when nobody named them, and always for
// the variables a build sets per platform (platformVariables).
import { standardFolderBitness } from '../model/directories';
import { archOfPlatformName, BUILD_ARCHES, type BuildArch } from '../model/platform';
import { authoredBitness, bitnessAttribute, DIRECTORY_ELEMENTS, isWixNamespace, standardFolder, wixVersionOf } from './vocabulary';
import { attributeValueOf, type XmlDocument, type XmlElement, type XmlNode, type XmlProcessingInstruction } from './xml';

export interface PlatformHints {
  /** v3 `Package/@Platform` values written as literals, with the file that says so. */
  declared: { arch: BuildArch; value: string; file: string }[];
  /**
   * Platforms `<?if $(sys.BUILDARCH) = …?>` / `$(var.Platform)` chains choose between (an `<?else?>` counted as the
   * rest), and WiX v4's ProgramFiles6432Folder and kin, which follow -arch: `what` names the variable or folder.
   */
  switched: { arches: BuildArch[]; what: string; file: string; impliesX86: boolean }[];
  /**
   * Authoring that only a 64-bit build makes sense of (ProgramFiles64Folder, Win64="yes", an x64-only guard...): a
   * document's first of each kind, under an <?if?> (`guard`) and not, which is all choosing the platforms reads (a
   * package of 65,000 64-bit components would otherwise describe each of them).
   */
  only64: { what: string; file: string; guard?: true }[];
  /** Authoring that names 32-bit places (ProgramFilesFolder, CommonFilesFolder, an x86-only guard...): a document's first. */
  only32: { what: string; file: string }[];
  /**
   * Variables the sources compare with platform names (`$(var.Platform) = x64`, `$(var.WIREGUARD_PLATFORM) = "amd64"`,
   * `$(env.Platform)=x86`): what a build script passes for each platform. By reference (`var.Platform`, `env.Platform`),
   * the name compared for each platform, as spelt there (`=` is case-sensitive: `arm64` is not `ARM64`).
   */
  platformVariables: Map<string, Map<BuildArch, string>>;
}

const BITNESS_ELEMENTS = new Set(['Component', 'RegistrySearch', 'CustomAction', 'File']);

/** A comparison of a variable with a name: `$(sys.BUILDARCH) = x64`, `"arm64" = $(var.Platform)`, `$(env.Platform)=x86`. */
const SWITCH = /\$\(([A-Za-z_][\w.]*)\)\s*(==|=|!=|~=)\s*"?([A-Za-z0-9_]+)"?|"?([A-Za-z0-9_]+)"?\s*(==|=|!=|~=)\s*\$\(([A-Za-z_][\w.]*)\)/g;

/** Each document's own hints, kept with its tree: an editor's unchanged documents are not read again. */
const scanned = new WeakMap<XmlDocument, PlatformHints>();

/**
 * One document's own hints (a source's, or an include's it names literally), scanned once per tree; they may also be
 * kept without it (LoweringCache's SourceFacts). mergeHints joins a unit's.
 */
export function documentHints(doc: XmlDocument): PlatformHints {
  let own = scanned.get(doc);
  if (!own) {
    own = emptyHints();
    if (doc.root) {
      scanNodes(doc.prolog, doc.file, own);
      scanElement(doc.root, doc.file, own);
    }
    scanned.set(doc, own);
  }
  return own;
}

/** The hints of several documents as one. */
export function mergeHints(each: readonly PlatformHints[]): PlatformHints {
  const hints = emptyHints();
  for (const own of each) merge(hints, own);
  return hints;
}

function emptyHints(): PlatformHints {
  return { declared: [], switched: [], only64: [], only32: [], platformVariables: new Map() };
}

function merge(into: PlatformHints, from: PlatformHints): void {
  into.declared.push(...from.declared);
  into.switched.push(...from.switched);
  into.only64.push(...from.only64);
  into.only32.push(...from.only32);
  for (const [ref, spelt] of from.platformVariables) {
    const known = into.platformVariables.get(ref);
    if (!known) into.platformVariables.set(ref, new Map(spelt));
    else for (const [arch, value] of spelt) if (!known.has(arch)) known.set(arch, value);
  }
}

function scanElement(el: XmlElement, file: string, hints: PlatformHints): void {
  if (isWixNamespace(el.ns)) {
    const local = el.local;
    if (DIRECTORY_ELEMENTS.has(local)) folder(attributeValueOf(el, 'Id'), file, hints);
    const dir = attributeValueOf(el, 'Directory');
    if (dir !== undefined) folder(dir, file, hints);
    if (BITNESS_ELEMENTS.has(local)) {
      // Win64="no" and always32 say nothing of the build: they matter only in 64-bit packages, which carry 32-bit parts.
      // Either version's attribute: an include without a namespace may be either.
      const version = authoredBitness(el, 3) === 64 ? 3 : authoredBitness(el, 4) === 64 ? 4 : undefined;
      if (version !== undefined && !hasOnly64(hints, false)) {
        const pinned = bitnessAttribute(version, 64);
        hints.only64.push({ what: `${local} '${attributeValueOf(el, 'Id') ?? local}' ${pinned.name}="${pinned.value}"`, file });
      }
    }
    if (local === 'Package' && wixVersionOf(el.ns) === 3) {
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
  const bitness = standardFolderBitness(v);
  if (bitness === 64) {
    if (!hasOnly64(hints, false)) hints.only64.push({ what: v, file });
  } else if (bitness === 32) {
    // Not SystemFolder: 64-bit packages install 32-bit system DLLs there (SysWOW64) as a matter of course.
    if (v !== 'SystemFolder' && hints.only32.length === 0) hints.only32.push({ what: v, file });
  } else if (standardFolder(v)?.follows) {
    // WiX v4's folders that follow -arch: authoring meant to build for 32- and 64-bit alike.
    hints.switched.push({ arches: ['x86', 'x64'], what: v, file, impliesX86: false });
  }
}

function scanNodes(nodes: readonly XmlNode[], file: string, hints: PlatformHints): void {
  let depth = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'element') {
      scanElement(node, file, hints);
    } else if (node.type === 'pi') {
      if (node.target === 'if') {
        if (depth === 0) ifChain(nodes, i, file, hints);
        depth++;
      } else if (node.target === 'endif') {
        depth = Math.max(0, depth - 1);
      } else if (node.target === 'define' && depth === 0) {
        // <?define PISystemFolder = "System64Folder" ?> outside any <?if?>: the folder every build uses.
        const m = /^\s*[\w.]+\s*=\s*["']?\s*([\w.]+)\s*["']?\s*$/.exec(node.data);
        if (m) folder(m[1], file, hints);
      }
    }
  }
}

/** One <?if?> chain: the platforms its conditions name, and whether an <?else?> covers the others. */
function ifChain(nodes: readonly XmlNode[], at: number, file: string, hints: PlatformHints): void {
  const named = new Set<BuildArch>();
  let variable: string | undefined;
  let negated = false;
  const names = new Map<string, Map<BuildArch, string>>();
  let hasElse = false;
  let depth = 0;
  const read = (pi: XmlProcessingInstruction): void => {
    for (const m of pi.data.matchAll(SWITCH)) {
      const v = m[1] ?? m[6]!;
      const value = m[3] ?? m[4]!;
      const arch = archOfPlatformName(value);
      // Only what names a platform: $(sys.BUILDARCH) = x64, not $(var.Edition) = pro.
      if (!arch || (v.startsWith('sys.') && v !== 'sys.BUILDARCH' && v !== 'sys.PLATFORM')) continue;
      const op = m[2] ?? m[5]!;
      variable ??= v;
      if (op === '!=') negated = true;
      named.add(arch);
      if (!v.startsWith('sys.')) {
        const ref = v.includes('.') ? v : `var.${v}`;
        let spelt = names.get(ref);
        if (!spelt) names.set(ref, (spelt = new Map()));
        if (!spelt.has(arch)) spelt.set(arch, value);
      }
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
  for (const [ref, spelt] of names) {
    const known = hints.platformVariables.get(ref);
    if (!known) hints.platformVariables.set(ref, spelt);
    else for (const [arch, value] of spelt) if (!known.has(arch)) known.set(arch, value);
  }
  const arches = new Set(named);
  if (hasElse || negated) arches.add(named.has('x86') ? 'x64' : 'x86');
  const list = BUILD_ARCHES.filter((a) => arches.has(a));
  if (list.length > 1) {
    hints.switched.push({ arches: list, what: `<?if $(${variable}) ?>`, file, impliesX86: !named.has('x86') });
  } else if (list[0] === 'x86') {
    if (hints.only32.length === 0) hints.only32.push({ what: `an x86-only <?if $(${variable})?>`, file });
  } else if (!hasOnly64(hints, true)) {
    hints.only64.push({ what: `a ${list[0]}-only <?if $(${variable})?>`, file, guard: true });
  }
}

/** Whether the document's 64-bit-only authoring of this kind (under an <?if?> or not) was already found. */
function hasOnly64(hints: PlatformHints, guarded: boolean): boolean {
  return hints.only64.some((h) => (h.guard === true) === guarded);
}
