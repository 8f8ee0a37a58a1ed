// Directory bitness: the standard 32- and 64-bit folders and everything below them.
import type { Bitness, InstallerDb, Location } from './installer';

export const STANDARD_64BIT_FOLDERS: ReadonlySet<string> = new Set([
  'ProgramFiles64Folder',
  'CommonFiles64Folder',
  'System64Folder',
]);

export const STANDARD_32BIT_FOLDERS: ReadonlySet<string> = new Set([
  'ProgramFilesFolder',
  'CommonFilesFolder',
  'SystemFolder',
]);

/** The 32-bit folder that mirrors each 64-bit one, and back. */
export const FOLDER_TWIN: Readonly<Record<string, string>> = {
  ProgramFiles64Folder: 'ProgramFilesFolder',
  CommonFiles64Folder: 'CommonFilesFolder',
  System64Folder: 'SystemFolder',
  ProgramFilesFolder: 'ProgramFiles64Folder',
  CommonFilesFolder: 'CommonFiles64Folder',
  SystemFolder: 'System64Folder',
};

export interface DirectoryBitness {
  bitness: Bitness;
  /** The standard folder the directory sits under (or is). */
  folder: string;
}

/**
 * Computes, once per database, which directories are 32- or 64-bit: a standard folder or a descendant of one.
 * Directories outside those (TARGETDIR, AppDataFolder, ...) have no bitness and are absent from the result.
 */
export function directoryBitness(db: InstallerDb): Map<string, DirectoryBitness> {
  const result = new Map<string, DirectoryBitness>();
  const none = new Set<string>();
  const resolve = (id: string): DirectoryBitness | undefined => {
    const known = result.get(id);
    if (known || none.has(id)) return known;
    // Walk up iteratively: parent chains in real packages can be deep, and a corrupt one can be cyclic.
    const chain: string[] = [];
    const onChain = new Set<string>();
    let cur: string | undefined = id;
    let found: DirectoryBitness | undefined;
    while (cur !== undefined && !onChain.has(cur)) {
      const cached = result.get(cur);
      if (cached) {
        found = cached;
        break;
      }
      if (none.has(cur)) break;
      if (STANDARD_64BIT_FOLDERS.has(cur)) {
        found = { bitness: 64, folder: cur };
        result.set(cur, found);
        break;
      }
      if (STANDARD_32BIT_FOLDERS.has(cur)) {
        found = { bitness: 32, folder: cur };
        result.set(cur, found);
        break;
      }
      chain.push(cur);
      onChain.add(cur);
      const dir = db.directories.get(cur);
      cur = dir?.parent;
      if (cur === dir?.id) cur = undefined;
    }
    for (const c of chain) {
      if (found) result.set(c, found);
      else none.add(c);
    }
    return found;
  };
  for (const id of db.directories.keys()) resolve(id);
  for (const c of db.components) if (c.directory !== undefined) resolve(c.directory);
  return result;
}

/** Where each directory from `id` up to its standard folder is defined: what a directory's bitness rests on. */
export function directoryChain(db: InstallerDb, id: string, limit = 64): Location[] {
  const out: Location[] = [];
  const seen = new Set<string>();
  for (let cur: string | undefined = id; cur !== undefined && !seen.has(cur) && out.length < limit; ) {
    seen.add(cur);
    const dir = db.directories.get(cur);
    if (!dir) break;
    out.push(dir.location);
    if (STANDARD_64BIT_FOLDERS.has(cur) || STANDARD_32BIT_FOLDERS.has(cur)) break;
    cur = dir.parent;
  }
  return out;
}
