// The registry writes Windows Installer makes at install time for a built package's advertised COM tables.
//
// Class, ProgId, TypeLib, AppId, Extension, Verb and MIME rows become HKCR keys when RegisterClassInfo,
// RegisterProgIdInfo, RegisterTypeLibraries, RegisterExtensionInfo and RegisterMIMEInfo run. The keys, names and values
// follow Microsoft's table documentation and the msi.dll re-implementation in Wine/ReactOS (dll/win32/msi/classes.c),
// and deliberately match the advertised branch of ../wix/com.ts: a package built from WiX sources and those sources
// must give the same writes. Where com.ts leaves something out (ThreadingModel of an advertised class, which lives in
// the Registry table; Wine's AppID default value; the Darwin descriptor `command` values; `.ext\<progid>\ShellNew`),
// this module leaves it out too.
import { RegistryRoot, type RegistryValue, type RowLocation } from '../model/installer';
import type { CellValue, MsiDatabase } from './database';
import { tableRecords } from './tables';

/** msidbComponentAttributesRegistryKeyPath | msidbComponentAttributesODBCDataSource: the key path is no file. */
const KEY_PATH_NOT_A_FILE = 0x4 | 0x20;
/** ProgId_Parent chains are one level deep in practice; a longer or cyclic chain is cut here. */
const MAX_PROGID_CHAIN = 32;

type Row = Record<string, CellValue>;

/** A cell as text; null, absent and empty cells are undefined (Windows Installer stores no empty strings). */
function text(v: CellValue | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = String(v);
  return s === '' ? undefined : s;
}

/** An integer cell; undefined when null, absent or not an integer. */
function integer(v: CellValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^[+-]?\d{1,10}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** Lookup key: Windows Installer compares these identifiers case-insensitively (strcmpiW in Wine). */
function fold(s: string): string {
  return s.toLowerCase();
}

/** An extension as the Extension table keys it: Verb.Extension_ and MIME.Extension_ may carry a leading dot. */
function extensionName(s: string): string {
  return s.startsWith('.') ? s.slice(1) : s;
}

/** Icon_ and IconIndex as com.ts writes them: the icon id stands in for the path Windows Installer puts it at. */
function iconStandIn(icon: string, index: number | undefined): string {
  return index !== undefined ? `${icon},${index}` : icon;
}

/**
 * The registry writes Windows Installer makes at install time for a package's advertised COM tables
 * (Class, ProgId, TypeLib, AppId, Extension, Verb, MIME). `file` is the package path as given (for row locations).
 *
 * All writes go to root 0 (HKCR). Each write's `location` and `registration` is the row that implies it. Identical
 * writes (same component, key, name and value) are kept once: a class with several contexts has one Class row per
 * context, and each row implies the class-wide values. Missing tables, columns and null cells are skipped.
 */
export function comTableWrites(
  msi: Pick<MsiDatabase, 'table'>,
  file: string,
  componentBitness: (component: string) => 32 | 64 | undefined,
): RegistryValue[] {
  const writes: RegistryValue[] = [];
  const seen = new Set<string>();
  const locations = new Map<string, RowLocation>();
  const row = (table: string, ...key: (string | number | undefined)[]): RowLocation => {
    const k = key.map((part) => (part === undefined ? '' : String(part))).join('/');
    const id = `${table}\u0000${k}`;
    let location = locations.get(id);
    if (location === undefined) {
      // The writes of one row share its location object: a large package has many thousands of writes.
      location = { kind: 'row', file, table, key: k };
      locations.set(id, location);
    }
    return location;
  };
  const write = (component: string, key: string, name: string | undefined, value: string | undefined, location: RowLocation): void => {
    const id = `${component}\u0000${key}\u0000${name ?? '\u0001'}\u0000${value ?? '\u0001'}`;
    if (seen.has(id)) return;
    seen.add(id);
    writes.push({ component, root: RegistryRoot.ClassesRoot, key, name, value, location, registration: location });
  };

  const keyFile = componentKeyFiles(msi);
  const classes = tableRecords(msi.table('Class'));
  const progIds = tableRecords(msi.table('ProgId'));
  const extensions = tableRecords(msi.table('Extension'));

  // Lookups the way msi.dll resolves foreign keys: by the first row with that (case-insensitive) key.
  const classComponent = new Map<string, string>();
  for (const c of classes) {
    const clsid = text(c['CLSID']);
    const component = text(c['Component_']);
    if (clsid !== undefined && component !== undefined && !classComponent.has(fold(clsid))) classComponent.set(fold(clsid), component);
  }
  const progIdRows = new Map<string, Row>();
  /** A ProgId's version-independent ProgId: the first one naming it as ProgId_Parent. */
  const versionIndependent = new Map<string, string>();
  for (const p of progIds) {
    const id = text(p['ProgId']);
    if (id === undefined) continue;
    if (!progIdRows.has(fold(id))) progIdRows.set(fold(id), p);
    const parent = text(p['ProgId_Parent']);
    if (parent !== undefined && fold(parent) !== fold(id) && !versionIndependent.has(fold(parent))) versionIndependent.set(fold(parent), id);
  }
  const extensionRows = new Map<string, Row>();
  const extensionOfProgId = new Map<string, string>();
  for (const e of extensions) {
    const ext = text(e['Extension']);
    const component = text(e['Component_']);
    if (ext === undefined || component === undefined) continue;
    if (!extensionRows.has(fold(ext))) extensionRows.set(fold(ext), e);
    const progId = text(e['ProgId_']);
    if (progId !== undefined && !extensionOfProgId.has(fold(progId))) extensionOfProgId.set(fold(progId), component);
  }
  const serverOf = (component: string): string | undefined => {
    const f = keyFile.get(component);
    return f !== undefined ? `[#${f}]` : undefined;
  };

  // RegisterClassInfo: one Class row per (CLSID, Context, Component_).
  for (const c of classes) {
    const clsid = text(c['CLSID']);
    const context = text(c['Context']);
    const component = text(c['Component_']);
    if (clsid === undefined || context === undefined || component === undefined) continue;
    const at = row('Class', clsid, context, component);
    const clsidKey = `CLSID\\${clsid}`;
    // The server is the component's key file, unquoted, then the Argument.
    const path = serverOf(component);
    const argument = text(c['Argument']);
    write(component, `${clsidKey}\\${context}`, undefined, path !== undefined && argument !== undefined ? `${path} ${argument}` : path, at);
    const description = text(c['Description']);
    if (description !== undefined) write(component, clsidKey, undefined, description, at);
    const progId = text(c['ProgId_Default']);
    if (progId !== undefined) {
      write(component, `${clsidKey}\\ProgID`, undefined, progId, at);
      const independent = versionIndependent.get(fold(progId));
      if (independent !== undefined) write(component, `${clsidKey}\\VersionIndependentProgID`, undefined, independent, at);
    }
    const appId = text(c['AppId_']);
    if (appId !== undefined) write(component, clsidKey, 'AppID', appId, at);
    const icon = text(c['Icon_']);
    if (icon !== undefined) write(component, `${clsidKey}\\DefaultIcon`, undefined, iconStandIn(icon, integer(c['IconIndex'])), at);
    const handler = text(c['DefInprocHandler']);
    if (handler !== undefined) {
      // 1 = the 16-bit OLE handler, 2 = the 32-bit one, 3 = both, anything else = a handler file name.
      if (handler === '1' || handler === '3') write(component, `${clsidKey}\\InprocHandler`, undefined, 'ole2.dll', at);
      if (handler === '2' || handler === '3') write(component, `${clsidKey}\\InprocHandler32`, undefined, 'ole32.dll', at);
      if (handler !== '1' && handler !== '2' && handler !== '3') write(component, `${clsidKey}\\InprocHandler32`, undefined, handler, at);
    }
    const masks = text(c['FileTypeMask']);
    if (masks !== undefined) {
      // Semicolon-separated "offset,cb,mask,value" patterns become FileType\{clsid}\0, \1, ...
      let index = 0;
      for (const mask of masks.split(';')) {
        if (mask !== '') write(component, `FileType\\${clsid}\\${index++}`, undefined, mask, at);
      }
    }
  }

  // RegisterProgIdInfo: a ProgId registers with the class it reaches through its parents, else with an extension using it.
  for (const p of progIds) {
    const progId = text(p['ProgId']);
    if (progId === undefined) continue;
    const clsid = classOfProgId(p, progIdRows);
    const component = (clsid !== undefined ? classComponent.get(fold(clsid)) : undefined) ?? extensionOfProgId.get(fold(progId));
    if (component === undefined) continue;
    const at = row('ProgId', progId);
    const description = text(p['Description']);
    if (description !== undefined) write(component, progId, undefined, description, at);
    if (clsid !== undefined) write(component, `${progId}\\CLSID`, undefined, clsid, at);
    const icon = text(p['Icon_']);
    if (icon !== undefined) write(component, `${progId}\\DefaultIcon`, undefined, iconStandIn(icon, integer(p['IconIndex'])), at);
    const parent = text(p['ProgId_Parent']);
    if (parent !== undefined && fold(parent) !== fold(progId)) write(component, `${progId}\\CurVer`, undefined, parent, at);
  }

  // RegisterTypeLibraries: RegisterTypeLib on the component's key file.
  for (const t of tableRecords(msi.table('TypeLib'))) {
    const libId = text(t['LibID']);
    const language = integer(t['Language']);
    const component = text(t['Component_']);
    const version = integer(t['Version']);
    // Without a version the key comes from the file itself and is not known here (com.ts likewise writes nothing).
    if (libId === undefined || language === undefined || language < 0 || component === undefined) continue;
    if (version === undefined || version < 0) continue;
    const at = row('TypeLib', libId, language, component);
    // Version: minor in the low 8 bits, major in the 16 bits above; RegisterTypeLib names both in hex ("1.a").
    const versionKey = `TypeLib\\${libId}\\${((version >>> 8) & 0xffff).toString(16)}.${(version & 0xff).toString(16)}`;
    write(component, versionKey, undefined, text(t['Description']), at);
    const bitness = componentBitness(component);
    // The platform follows the library's SYSKIND, taken to match the component; an unknown component gives no leaf.
    if (bitness !== undefined) {
      write(component, `${versionKey}\\${language.toString(16)}\\${bitness === 64 ? 'win64' : 'win32'}`, undefined, serverOf(component), at);
    }
    // FLAGS comes from the file.
    write(component, `${versionKey}\\FLAGS`, undefined, undefined, at);
    const helpDirectory = text(t['Directory_']);
    if (helpDirectory !== undefined) write(component, `${versionKey}\\HELPDIR`, undefined, `[${helpDirectory}]`, at);
  }

  // AppIds register with each class that names them, in that class's component.
  const appIdComponents = new Map<string, string[]>();
  for (const c of classes) {
    const appId = text(c['AppId_']);
    const component = text(c['Component_']);
    if (appId === undefined || component === undefined || text(c['CLSID']) === undefined || text(c['Context']) === undefined) continue;
    const list = appIdComponents.get(fold(appId)) ?? [];
    if (!list.includes(component)) list.push(component);
    appIdComponents.set(fold(appId), list);
  }
  for (const a of tableRecords(msi.table('AppId'))) {
    const appId = text(a['AppId']);
    if (appId === undefined) continue;
    const components = appIdComponents.get(fold(appId));
    if (components === undefined) continue;
    const at = row('AppId', appId);
    const key = `AppID\\${appId}`;
    const named: [string, string | undefined][] = [
      ['RemoteServerName', text(a['RemoteServerName'])],
      ['LocalService', text(a['LocalService'])],
      ['ServiceParameters', text(a['ServiceParameters'])],
      // An empty DllSurrogate (the system's surrogate) is stored as null and so is not written.
      ['DllSurrogate', text(a['DllSurrogate'])],
      ['ActivateAtStorage', (integer(a['ActivateAtStorage']) ?? 0) !== 0 ? 'Y' : undefined],
      ['RunAs', (integer(a['RunAsInteractiveUser']) ?? 0) !== 0 ? 'Interactive User' : undefined],
    ];
    for (const component of components) {
      for (const [name, value] of named) if (value !== undefined) write(component, key, name, value, at);
    }
  }

  // RegisterExtensionInfo: the extension key, then the verbs under its ProgId.
  const verbs = tableRecords(msi.table('Verb'));
  for (const e of extensions) {
    const ext = text(e['Extension']);
    const component = text(e['Component_']);
    if (ext === undefined || component === undefined) continue;
    const at = row('Extension', ext, component);
    const progId = text(e['ProgId_']);
    const mime = text(e['MIME_']);
    // Verbs belong to the first Extension row of their extension (msi.dll looks them up by the Extension column alone).
    if (progId !== undefined && extensionRows.get(fold(ext)) === e) {
      const file = keyFile.get(component);
      let first: { verb: string; sequence: number; at: RowLocation } | undefined;
      for (const v of verbs) {
        const extensionRef = text(v['Extension_']);
        const verb = text(v['Verb']);
        if (extensionRef === undefined || verb === undefined || fold(extensionName(extensionRef)) !== fold(ext)) continue;
        const verbAt = row('Verb', extensionRef, verb);
        // The command line quotes the component's key file and appends the Argument.
        const target = file !== undefined ? `"[#${file}]"` : undefined;
        const argument = text(v['Argument']);
        write(component, `${progId}\\shell\\${verb}\\command`, undefined, argument !== undefined ? `${target ?? ''} ${argument}` : target, verbAt);
        const command = text(v['Command']);
        if (command !== undefined) write(component, `${progId}\\shell\\${verb}`, undefined, command, verbAt);
        // The verb with the lowest Sequence becomes the ProgId's default verb.
        const sequence = integer(v['Sequence']);
        if (sequence !== undefined && (first === undefined || sequence < first.sequence)) first = { verb, sequence, at: verbAt };
      }
      if (first !== undefined) write(component, `${progId}\\shell`, undefined, first.verb, first.at);
    }
    if (progId !== undefined) write(component, `.${ext}`, undefined, progId, at);
    if (mime !== undefined) write(component, `.${ext}`, 'Content Type', mime, at);
  }

  // RegisterMIMEInfo: with the extension it names (else the class it names).
  for (const m of tableRecords(msi.table('MIME'))) {
    const contentType = text(m['ContentType']);
    const extensionRef = text(m['Extension_']);
    if (contentType === undefined || extensionRef === undefined) continue;
    const clsid = text(m['CLSID']);
    const extensionRow = extensionRows.get(fold(extensionName(extensionRef)));
    const component =
      (extensionRow !== undefined ? text(extensionRow['Component_']) : undefined) ??
      (clsid !== undefined ? classComponent.get(fold(clsid)) : undefined);
    if (component === undefined) continue;
    const at = row('MIME', contentType);
    const key = `MIME\\Database\\Content Type\\${contentType}`;
    const ext = extensionRow !== undefined ? (text(extensionRow['Extension']) ?? extensionName(extensionRef)) : extensionName(extensionRef);
    write(component, key, 'Extension', `.${ext}`, at);
    if (clsid !== undefined) write(component, key, 'CLSID', clsid, at);
  }

  return writes;
}

/** Each component's key path file, when the Component table names one that the File table has for that component. */
function componentKeyFiles(msi: Pick<MsiDatabase, 'table'>): Map<string, string> {
  const fileComponent = new Map<string, string>();
  for (const f of tableRecords(msi.table('File'))) {
    const id = text(f['File']);
    const component = text(f['Component_']);
    if (id !== undefined && component !== undefined && !fileComponent.has(id)) fileComponent.set(id, component);
  }
  const keyFiles = new Map<string, string>();
  for (const c of tableRecords(msi.table('Component'))) {
    const id = text(c['Component']);
    const keyPath = text(c['KeyPath']);
    if (id === undefined || keyPath === undefined || keyFiles.has(id)) continue;
    if (((integer(c['Attributes']) ?? 0) & KEY_PATH_NOT_A_FILE) !== 0) continue;
    if (fileComponent.get(keyPath) === id) keyFiles.set(id, keyPath);
  }
  return keyFiles;
}

/** The class a ProgId registers with: its own Class_, else the nearest parent's (msi.dll's get_clsid_of_progid). */
function classOfProgId(start: Row, progIdRows: Map<string, Row>): string | undefined {
  let current: Row | undefined = start;
  for (let depth = 0; current !== undefined && depth < MAX_PROGID_CHAIN; depth++) {
    const clsid = text(current['Class_']);
    if (clsid !== undefined) return clsid;
    const parent = text(current['ProgId_Parent']);
    if (parent === undefined) return undefined;
    const next = progIdRows.get(fold(parent));
    if (next === current) return undefined;
    current = next;
  }
  return undefined;
}
