// Registry locations as Windows sees them: roots resolved by package scope, keys compared case-insensitively, and
// which keys 64-bit Windows keeps apart for 32- and 64-bit writers (redirection) and which it shares.
import { RegistryRoot, type RegistryValue } from './installer';

/** A hive after HKCR and HKMU are resolved; HKCR/HKMU stay as such when the package's scope is unknown. */
export type Hive = 'HKLM' | 'HKCU' | 'HKU' | 'HKCR' | 'HKMU';

export interface ResolvedLocation {
  hive: Hive;
  /** The key below the hive, lower-cased, single backslashes, no leading or trailing one; HKCR as Software\Classes. */
  key: string;
  /** The value name, lower-cased; '' for the default value. */
  name: string;
}

const ROOT_NAMES: Record<number, string> = {
  [RegistryRoot.UserOrMachine]: 'HKMU',
  [RegistryRoot.ClassesRoot]: 'HKCR',
  [RegistryRoot.CurrentUser]: 'HKCU',
  [RegistryRoot.LocalMachine]: 'HKLM',
  [RegistryRoot.Users]: 'HKU',
};

/** The root as users write it: HKCR, HKLM... */
export function rootName(root: RegistryRoot): string {
  return ROOT_NAMES[root] ?? `root ${root}`;
}

/** `HKCR\CLSID\{...}\InprocServer32`, plus the value name when it is not the default value. */
export function displayLocation(w: RegistryValue): string {
  const key = `${rootName(w.root)}\\${trimKey(w.key)}`;
  return w.name ? `${key} (value '${w.name}')` : key;
}

function trimKey(key: string): string {
  // Most keys are already clean; the regular expressions only run for the ones that are not.
  if (key.indexOf('\\\\') < 0 && key.charCodeAt(0) !== BACKSLASH && key.charCodeAt(key.length - 1) !== BACKSLASH) return key;
  return key.replace(/\\{2,}/g, '\\').replace(/^\\+|\\+$/g, '');
}

const BACKSLASH = 92;

/**
 * Where a write lands. `perMachine` is the package's scope (ALLUSERS): HKCR is Software\Classes under HKLM for
 * per-machine installs and under HKCU for per-user ones, and HKMU is HKLM or HKCU likewise.
 */
export function resolveLocation(w: RegistryValue, perMachine: boolean | undefined): ResolvedLocation {
  const key = trimKey(w.key).toLowerCase();
  const name = (w.name ?? '').toLowerCase();
  switch (w.root) {
    case RegistryRoot.ClassesRoot:
      if (perMachine === undefined) return { hive: 'HKCR', key: classesKey(key), name };
      return { hive: perMachine ? 'HKLM' : 'HKCU', key: classesKey(key), name };
    case RegistryRoot.UserOrMachine:
      if (perMachine === undefined) return { hive: 'HKMU', key, name };
      return { hive: perMachine ? 'HKLM' : 'HKCU', key, name };
    case RegistryRoot.CurrentUser:
      return { hive: 'HKCU', key, name };
    case RegistryRoot.Users:
      return { hive: 'HKU', key, name };
    default:
      return { hive: 'HKLM', key, name };
  }
}

function classesKey(key: string): string {
  return key === '' ? 'software\\classes' : `software\\classes\\${key}`;
}

/** One string per location, for grouping the writes to it. */
export function locationId(l: ResolvedLocation): string {
  return `${l.hive}\\${l.key}\u0000${l.name}`;
}

/**
 * Whether 64-bit Windows (7 and later) lets 32- and 64-bit writers share this location, so that they overwrite
 * each other there too. Redirected, hence separate: HKLM\SOFTWARE outside Classes, and Classes\CLSID and
 * Classes\Interface. Shared: every other Classes key (ProgIds, file extensions, AppID, TypeLib, MIME) and the
 * per-user hives outside Classes.
 */
export function sharedOn64BitWindows(l: ResolvedLocation): boolean {
  const classes = classesPart(l);
  if (classes !== undefined) return !(isUnder(classes, 'clsid') || isUnder(classes, 'interface'));
  if (l.hive === 'HKLM' || l.hive === 'HKMU') return !isUnder(l.key, 'software');
  return true;
}

/** The key below Software\Classes (or HKCR), if the location is a Classes key. */
function classesPart(l: ResolvedLocation): string | undefined {
  if (isUnder(l.key, 'software\\classes')) return l.key.slice('software\\classes'.length + 1);
  return undefined;
}

function isUnder(key: string, prefix: string): boolean {
  return key === prefix || key.startsWith(`${prefix}\\`);
}

const HIVE_CODES: Record<Hive, number> = { HKLM: 1, HKCU: 2, HKU: 3, HKCR: 4, HKMU: 5 };
const CLASSES_PREFIX = 'software\\classes\\';

/**
 * A hash of where a write lands, equal for writes that `resolveLocation` puts in the same place, computed without
 * building any string: grouping hundreds of thousands of writes by it costs no allocation per write.
 */
export function locationHash(w: RegistryValue, perMachine: boolean | undefined): number {
  let hive: Hive;
  let classes = false;
  switch (w.root) {
    case RegistryRoot.ClassesRoot:
      hive = perMachine === undefined ? 'HKCR' : perMachine ? 'HKLM' : 'HKCU';
      classes = true;
      break;
    case RegistryRoot.UserOrMachine:
      hive = perMachine === undefined ? 'HKMU' : perMachine ? 'HKLM' : 'HKCU';
      break;
    case RegistryRoot.CurrentUser:
      hive = 'HKCU';
      break;
    case RegistryRoot.Users:
      hive = 'HKU';
      break;
    default:
      hive = 'HKLM';
  }
  // FNV-1a style mixing with ASCII case folding (the registry compares names case-insensitively), inlined: this runs
  // for every write of a package.
  let h = HIVE_CODES[hive];
  if (classes) {
    for (let i = 0; i < CLASSES_PREFIX.length; i++) h = Math.imul(h ^ CLASSES_PREFIX.charCodeAt(i), 16777619);
  }
  const key = w.key;
  let start = 0;
  let end = key.length;
  while (start < end && key.charCodeAt(start) === BACKSLASH) start++;
  while (end > start && key.charCodeAt(end - 1) === BACKSLASH) end--;
  let previous = -1;
  for (let i = start; i < end; i++) {
    const c = key.charCodeAt(i);
    if (c === BACKSLASH && previous === BACKSLASH) continue;
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 16777619);
    previous = c;
  }
  h = Math.imul(h, 16777619);
  const name = w.name ?? '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 16777619);
  }
  // Kept within small-integer range, so that map keys stay unboxed.
  return h & 0x3fffffff;
}
