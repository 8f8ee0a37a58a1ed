// Windows Installer's standard folders, and directory bitness: the standard 32- and 64-bit folders and everything below them.
import type { InstallerDb, Location } from './installer';
import type { Bitness } from './platform';

export interface WindowsInstallerFolder {
  /** What it is, for hovers and completion. */
  description: string;
  /** The 32- and 64-bit Program Files, Common Files and System folders; the others have no bitness. */
  bitness?: Bitness;
  /** For a folder with a bitness: its counterpart of the other bitness. */
  twin?: string;
}

/**
 * Windows Installer's system folder properties (learn.microsoft.com/windows/win32/msi/property-reference#system-folder-properties)
 * and TARGETDIR, the root: the directory ids whose place Windows Installer decides. The 64-bit ones are set on 64-bit
 * Windows only.
 */
export const WINDOWS_INSTALLER_FOLDERS: Readonly<Record<string, WindowsInstallerFolder>> = {
  TARGETDIR: { description: 'The root of the installation (WiX v3: the root Directory element).' },
  ProgramFilesFolder: {
    description: '32-bit Program Files: `C:\\Program Files (x86)` on 64-bit Windows, `C:\\Program Files` on 32-bit Windows.',
    bitness: 32,
    twin: 'ProgramFiles64Folder',
  },
  ProgramFiles64Folder: {
    description: '64-bit Program Files, `C:\\Program Files`. Set on 64-bit Windows only: use it in a 64-bit package.',
    bitness: 64,
    twin: 'ProgramFilesFolder',
  },
  CommonFilesFolder: { description: '32-bit Common Files.', bitness: 32, twin: 'CommonFiles64Folder' },
  CommonFiles64Folder: { description: '64-bit Common Files. Set on 64-bit Windows only.', bitness: 64, twin: 'CommonFilesFolder' },
  SystemFolder: {
    description: '32-bit System folder: `System32` on 32-bit Windows, `SysWOW64` on 64-bit Windows.',
    bitness: 32,
    twin: 'System64Folder',
  },
  System64Folder: { description: '64-bit `System32`. Set on 64-bit Windows only.', bitness: 64, twin: 'SystemFolder' },
  System16Folder: { description: 'The 16-bit system folder.' },
  WindowsFolder: { description: 'The Windows folder.' },
  WindowsVolume: { description: 'The volume holding the Windows folder (`C:\\`).' },
  TempFolder: { description: 'The temporary folder.' },
  FontsFolder: { description: 'The Fonts folder.' },
  AppDataFolder: { description: "The user's roaming application data." },
  LocalAppDataFolder: { description: "The user's local application data." },
  CommonAppDataFolder: { description: 'Application data for all users (`C:\\ProgramData`).' },
  AdminToolsFolder: { description: 'The Administrative Tools folder.' },
  ProgramMenuFolder: { description: 'The Start menu programs folder.' },
  StartMenuFolder: { description: 'The Start menu.' },
  StartupFolder: { description: 'The Startup folder.' },
  DesktopFolder: { description: 'The desktop.' },
  PersonalFolder: { description: "The user's documents." },
  MyPicturesFolder: { description: "The user's pictures." },
  FavoritesFolder: { description: "The user's favorites." },
  SendToFolder: { description: "The user's Send To folder." },
  RecentFolder: { description: "The user's recent documents." },
  TemplateFolder: { description: "The user's document templates." },
  NetHoodFolder: { description: "The user's network shortcuts." },
  PrintHoodFolder: { description: "The user's printer shortcuts." },
};

const withBitness = (bitness: Bitness): ReadonlySet<string> =>
  new Set(Object.keys(WINDOWS_INSTALLER_FOLDERS).filter((id) => WINDOWS_INSTALLER_FOLDERS[id]!.bitness === bitness));

export const STANDARD_64BIT_FOLDERS: ReadonlySet<string> = withBitness(64);
export const STANDARD_32BIT_FOLDERS: ReadonlySet<string> = withBitness(32);

/** The standard folder's bitness; undefined for folders without one and for any other id. */
export function standardFolderBitness(id: string): Bitness | undefined {
  return Object.hasOwn(WINDOWS_INSTALLER_FOLDERS, id) ? WINDOWS_INSTALLER_FOLDERS[id]!.bitness : undefined;
}

/** The folder of the other bitness that mirrors a 32- or 64-bit standard folder (ProgramFilesFolder ↔ ProgramFiles64Folder). */
export function folderTwin(id: string): string | undefined {
  return Object.hasOwn(WINDOWS_INSTALLER_FOLDERS, id) ? WINDOWS_INSTALLER_FOLDERS[id]!.twin : undefined;
}

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
