// payload-isa: what the files are against where they install — a binary for the other ISA, a driver that will not
// load, a COM server registered in the view that cannot load it, and an installed name that contradicts the build.
import type { BinaryPayload, Component, File, InstallerDb, Location, RegistryValue } from '../model/installer';
import { directoryBitness } from '../model/directories';
import type { Bitness } from '../model/platform';
import { resolveLocation } from '../model/registry';
import { baseName } from '../model/windowsPaths';
import { buildPhrase, capitalize, platformPhrase } from './describe';
import { createRule, type Report } from './rule';

type MessageId = 'componentIs32' | 'packageIs32' | 'loadedBy64' | 'driver' | 'comServer' | 'nameContradicts' | 'notChecked' | 'missing';

export const payloadIsa = createRule<MessageId>({
  meta: {
    id: 'payload-isa',
    description:
      "A file's binary is built for another ISA than the component, package, folder or registry view it installs to, or its installed name contradicts the one it was built as.",
    defaultSeverity: 'error',
    ice: undefined,
    messages: {
      componentIs32: {
        headline: "File '{{file}}' is {{what}} but component '{{component}}' is 32-bit",
        note:
          'Read from {{readFrom}}. A 32-bit component installs to the 32-bit folders and registry view, for 32-bit processes, ' +
          'which cannot load {{what}}.',
        help: 'Install it from a 64-bit component of the 64-bit package, and the x86 build of the file here.',
      },
      packageIs32: {
        headline: "File '{{file}}' is {{what}} but {{build}}",
        note:
          "Read from {{readFrom}}; it is in component '{{component}}', and {{platform}}: on 32-bit Windows, where the package " +
          'installs, it cannot run.',
        help: 'Ship it in a 64-bit package (one package per ISA), and the x86 build of the file in this one.',
      },
      loadedBy64: {
        headline: "File '{{file}}' is {{what}} but installs to {{folder}}, where 64-bit processes load it",
        note: "Read from {{readFrom}}; it is in component '{{component}}'. 64-bit processes cannot load a 32-bit binary.",
        help: 'Install the 64-bit build of the file there, or this one to SystemFolder from a 32-bit component.',
      },
      driver: {
        headline: "Kernel driver '{{file}}' is {{what}} but {{where}}",
        note: "Read from {{readFrom}}; it is in component '{{component}}': {{why}}",
        help: '{{fix}}',
      },
      comServer: {
        headline: 'COM class {{clsid}} is registered in the {{view}}-bit view but its server is {{what}}',
        note: "File '{{file}}' ({{readFrom}}) is its InprocServer32: {{view}}-bit processes cannot load it, so the registration is dead.",
        help: 'Register it from a {{fileBits}}-bit component, or install the {{view}}-bit build of the server here.',
      },
      nameContradicts: {
        headline: "File '{{file}}' installs the {{sourceBits}}-bit '{{sourceName}}' under the {{nameBits}}-bit name '{{name}}'",
        note: "It is in component '{{component}}'. What loads '{{name}}' by name expects the {{nameBits}}-bit build.",
        help: 'Install the file built for the name, or name it for what it is.',
      },
      notChecked: {
        headline: '{{what}}: not checked',
        note: '{{reason}}.',
      },
      missing: {
        headline: "The payload of File '{{file}}' was not found",
        note: 'Looked for {{tried}}.',
        help: 'Give the folder it is built in with --bindpath, or "bindPaths" in wixlint.config.json, to check it.',
      },
    },
  },
  check({ db, report }) {
    const components = new Map<string, Component>();
    for (const c of db.components) components.set(c.id, c);
    const folders = directoryBitness(db);
    const packageBits = db.package?.platform?.bitness;
    // COM registrations matter only for a payload of one bitness: a project not built yet (no payload read) has none.
    const comFiles = db.files.some((f) => f.payload?.kind === 'binary' && f.payload.bitness !== 'any')
      ? comServerFiles(db, components)
      : new Map<string, ComServer[]>();

    for (const file of db.files) {
      const component = components.get(file.component);
      if (!component) continue;
      nameCheck(file, component, report);
      const payload = file.payload;
      if (payload === undefined) continue;
      if (payload.kind === 'missing') {
        report({
          messageId: 'missing',
          data: { file: file.id, tried: payload.tried.map((t) => `'${t}'`).join(', ') },
          location: file.sourceLocation,
          severity: 'info',
        });
        continue;
      }
      if (payload.kind === 'unchecked') {
        report({
          messageId: 'notChecked',
          data: { what: `The payload of File '${file.id}' (${payload.readFrom})`, reason: capitalize(payload.reason) },
          location: file.sourceLocation,
          severity: 'info',
        });
        continue;
      }
      if (payload.kind !== 'binary' || payload.bitness === 'any') continue;
      const base = { file: file.id, component: component.id, what: describeBinary(payload), readFrom: payload.readFrom };
      const dependsOn = [component.bitnessLocation];
      if (payload.driver) {
        const mismatch = driverMismatch(payload.bitness, component, packageBits, db);
        if (mismatch !== undefined) {
          const { dependsOn: driverDepends, ...phrases } = mismatch;
          report({ messageId: 'driver', data: { ...base, ...phrases }, location: file.sourceLocation, dependsOn: driverDepends });
        }
        continue;
      }
      // A COM server's registration says more than its component: reported below, once per class.
      if (comFiles.has(file.id)) continue;
      if (payload.bitness === 64 && component.bitness === 32) {
        report({ messageId: 'componentIs32', data: base, location: file.sourceLocation, dependsOn });
      } else if (payload.bitness === 64 && packageBits === 32 && db.package) {
        report({
          messageId: 'packageIs32',
          data: { ...base, platform: platformPhrase(db.package), build: buildPhrase(db.package) },
          location: file.sourceLocation,
          dependsOn: [db.package.platform!.location],
        });
      } else if (payload.bitness === 32 && component.bitness === 64) {
        const folder = component.directory !== undefined ? folders.get(component.directory)?.folder : undefined;
        if (folder === 'System64Folder') {
          report({ messageId: 'loadedBy64', data: { ...base, folder }, location: file.sourceLocation, dependsOn });
        }
      }
    }

    // By id, first definition first: a package where every file is a COM server must not search the files per server.
    const filesById = new Map<string, File>();
    if (comFiles.size > 0) for (const f of db.files) if (!filesById.has(f.id)) filesById.set(f.id, f);
    for (const [fileId, servers] of comFiles) {
      const file = filesById.get(fileId);
      const payload = file?.payload;
      if (payload?.kind !== 'binary' || payload.bitness === 'any') continue;
      for (const server of servers) {
        if (server.view === payload.bitness) continue;
        report({
          messageId: 'comServer',
          data: {
            clsid: server.clsid,
            view: server.view,
            file: fileId,
            what: describeBinary(payload),
            readFrom: payload.readFrom,
            fileBits: payload.bitness,
          },
          location: server.write.registration,
          related: [{ location: file!.sourceLocation, message: `File '${fileId}' is ${describeBinary(payload)}.` }],
          dependsOn: server.component ? [server.component.bitnessLocation] : [],
        });
      }
    }

    for (const notice of db.payloadNotices) {
      report({
        messageId: 'notChecked',
        data: { what: notice.what, reason: capitalize(notice.reason) },
        location: notice.location,
        severity: 'info',
      });
    }
  },
});

/** "an x64 binary", "a 64-bit .NET assembly", "an x86-only .NET assembly". */
function describeBinary(p: BinaryPayload): string {
  if (p.managed === undefined) return `${/^[aeiou]|^x/.test(p.machine) ? 'an' : 'a'} ${p.machine} binary`;
  if (p.managed === 'mixed-mode') return `a mixed-mode ${p.machine} .NET assembly`;
  return `${/^[aeiou]|^x/.test(p.managed) ? 'an' : 'a'} ${p.managed} .NET assembly`;
}

/** How a driver's bitness differs from where it installs (the component, else the package), why it will not load, and the fix. */
function driverMismatch(
  bitness: Bitness,
  component: Component,
  packageBits: Bitness | undefined,
  db: InstallerDb,
): { where: string; why: string; fix: string; dependsOn: Location[] } | undefined {
  const componentDiffers = component.bitness !== bitness;
  const packageDiffers = packageBits !== undefined && packageBits !== bitness && db.package !== undefined;
  if (!componentDiffers && !packageDiffers) return undefined;
  const where = componentDiffers ? `component '${component.id}' is ${component.bitness}-bit` : buildPhrase(db.package!);
  const dependsOn = componentDiffers ? [component.bitnessLocation] : [db.package!.platform!.location];
  if (bitness === 64) {
    return {
      where,
      why: componentDiffers
        ? 'on 64-bit Windows it installs to the 32-bit folders (SysWOW64), where no driver is loaded from, and 32-bit Windows cannot load a 64-bit driver at all.'
        : 'on 32-bit Windows, where the package installs, a 64-bit driver cannot load.',
      fix: 'Install it from a 64-bit component of the 64-bit package, and the x86 build of the driver here.',
      dependsOn,
    };
  }
  return {
    where,
    why: '64-bit Windows loads only 64-bit drivers.',
    fix: 'Install the 64-bit build of the driver here, and this one from a 32-bit component of the x86 package.',
    dependsOn,
  };
}

interface ComServer {
  clsid: string;
  view: Bitness;
  write: RegistryValue;
  component: Component | undefined;
}

const INPROC_SERVER = /^software\\classes\\(wow6432node\\)?clsid\\(\{[^}\\]+\})\\inprocserver32$/;
const FILE_REFERENCE = /^"?\[[#!]([^\]]+)\]"?$/;
const INPROC_SERVER_32 = 'inprocserver32';

/** Whether a key as written (trailing backslashes and all) ends with InprocServer32, in any case. */
function endsWithInprocServer(key: string): boolean {
  let end = key.length;
  while (end > 0 && key.charCodeAt(end - 1) === BACKSLASH) end--;
  const start = end - INPROC_SERVER_32.length;
  if (start < 0) return false;
  for (let i = 0; i < INPROC_SERVER_32.length; i++) {
    // ASCII letters fold to lower case with 0x20; the digits of '32' are unchanged by it.
    if ((key.charCodeAt(start + i) | 0x20) !== INPROC_SERVER_32.charCodeAt(i)) return false;
  }
  return true;
}

const BACKSLASH = 92;

/** The files registered as in-process COM servers, with the class and registry view of each registration. */
function comServerFiles(db: InstallerDb, components: ReadonlyMap<string, Component>): Map<string, ComServer[]> {
  const out = new Map<string, ComServer[]>();
  for (const write of db.registry) {
    // Most values name no file, and most keys are no InprocServer32: both ruled out before any key is resolved.
    if (write.name !== undefined || write.value === undefined || write.value.indexOf('[') < 0 || !endsWithInprocServer(write.key)) continue;
    const file = FILE_REFERENCE.exec(write.value.trim())?.[1];
    if (file === undefined) continue;
    const key = INPROC_SERVER.exec(resolveLocation(write, true).key);
    if (!key) continue;
    const component = components.get(write.component);
    const view: Bitness = key[1] !== undefined ? 32 : (component?.bitness ?? 32);
    let list = out.get(file);
    if (!list) out.set(file, (list = []));
    list.push({ clsid: key[2]!.toUpperCase(), view, write, component });
  }
  return out;
}

function nameCheck(file: File, component: Component, report: (r: Report<MessageId>) => void): void {
  if (file.name === undefined || file.source === undefined) return;
  const nameBits = nameBitness(file.name);
  if (nameBits === undefined) return;
  const sourceName = baseName(file.source);
  const sourceBits = nameBitness(sourceName);
  if (nameBits === undefined || sourceBits === undefined || nameBits === sourceBits) return;
  report({
    messageId: 'nameContradicts',
    data: { file: file.id, component: component.id, name: file.name, nameBits, sourceName, sourceBits },
    location: file.nameLocation,
    related: [{ location: file.sourceLocation, message: `Built as '${sourceName}', a ${sourceBits}-bit name.` }],
    severity: 'warning',
  });
}

/** What a name without any bitness lacks. */
const MAYBE_BITNESS = /32|64|86/;

/** Words that name an ISA outright. */
const ISA_WORDS: Readonly<Record<string, Bitness>> = {
  x64: 64,
  amd64: 64,
  x8664: 64,
  arm64: 64,
  aarch64: 64,
  ia64: 64,
  x86: 32,
  i386: 32,
  i486: 32,
  i586: 32,
  i686: 32,
};

/** Words whose 32 or 64 is no bitness (base64, utf32, crc32, int64...). */
const NOT_BITNESS = /(?:base|utf|ucs|crc|int|uint|float|fnv|sha|xxh|adler|murmur|hash|b)$/;

/**
 * The bitness a file name claims: ISA words (x64, amd64, arm64, x86, i386) first, then win32/win64 and a bare 32 or
 * 64 (`cfix32`, `cfixkr64`); undefined when it claims none, or both.
 */
export function nameBitness(fileName: string): Bitness | undefined {
  // Every ISA word and every loose bitness has a 32, 64 or 86 in it: most names are decided without splitting them.
  if (!MAYBE_BITNESS.test(fileName)) return undefined;
  const stem = fileName
    .toLowerCase()
    .replace(/\.[^.]*$/, '')
    .replace(/x86[-_]64/g, 'x8664');
  const words = stem.split(/[^a-z0-9]+/).filter((w) => w !== '');
  const decide = (found: Set<Bitness>): Bitness | undefined => (found.size === 1 ? [...found][0] : undefined);
  const isa = new Set<Bitness>();
  for (const w of words) if (Object.hasOwn(ISA_WORDS, w)) isa.add(ISA_WORDS[w]!);
  if (isa.size > 0) return decide(isa);
  const loose = new Set<Bitness>();
  for (const w of words) {
    for (const m of w.matchAll(/(\d+)/g)) {
      if (m[1] !== '32' && m[1] !== '64') continue;
      const before = w.slice(0, m.index);
      if (NOT_BITNESS.test(before)) continue;
      loose.add(m[1] === '32' ? 32 : 64);
    }
  }
  return decide(loose);
}
