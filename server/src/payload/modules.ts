// Merge modules a product merges (`<Merge SourceFile>`), read as built packages and joined to the product's database
// the way mergemod does it: the module's TARGETDIR content under the Merge's directory, its standard folders as the
// product's, its components, files, registry and custom actions as the package's own. Everything merged is placed at
// the Merge element, where the user can act on it.
import { WINDOWS_INSTALLER_FOLDERS } from '../model/directories';
import type { InstallerDb, Location, MergedModule } from '../model/installer';
import { unreadPackageReason, type FoundPackage } from './sources';

/** WiX modularizes a module's identifiers with `.` and its GUID, dashes as underscores (v3 Row.GetModularizedValue). */
const MODULARIZATION_SUFFIX = /\.[0-9A-Fa-f]{8}_[0-9A-Fa-f]{4}_[0-9A-Fa-f]{4}_[0-9A-Fa-f]{4}_[0-9A-Fa-f]{12}$/;

/** Finds a module a Merge names (relative to the source that names it); undefined when it is not looked for. */
export type ModuleFinder = (merge: MergedModule) => FoundPackage | undefined;

/** A note for payload-isa about a module it could not read. */
export interface ModuleNote {
  merge: MergedModule;
  reason: string;
}

/**
 * Joins each merged module's parts to `db`. Returns what could not be merged and why (not found, when asked, or not
 * readable), for the caller to say.
 */
export function mergeModules(db: InstallerDb, find: ModuleFinder, reportMissing: boolean): ModuleNote[] {
  const notes: ModuleNote[] = [];
  if (db.mergedModules.length === 0) return notes;
  // The package's lists may be shared with the sections they came from: the merged parts go into copies.
  db.components = db.components.slice();
  db.files = db.files.slice();
  db.registry = db.registry.slice();
  db.customActions = db.customActions.slice();
  db.registrySearches = db.registrySearches.slice();
  for (const merge of db.mergedModules) {
    const found = find(merge);
    if (found === undefined) continue;
    if (found.kind !== 'found') {
      if (found.kind === 'unreadable' || reportMissing) notes.push({ merge, reason: unreadPackageReason(found) });
      continue;
    }
    merge.readFrom = found.shown;
    merge.platform = found.db.package?.platform;
    join(db, found.db, merge);
  }
  return notes;
}

/** A module's directory id as the product sees it: a standard folder's own id, else as the module has it. */
function productDirectory(id: string): string {
  const base = id.replace(MODULARIZATION_SUFFIX, '');
  return base !== id && Object.hasOwn(WINDOWS_INSTALLER_FOLDERS, base) ? base : id;
}

function join(db: InstallerDb, module: InstallerDb, merge: MergedModule): void {
  const at: Location = merge.location;
  for (const d of module.directories.values()) {
    const id = productDirectory(d.id);
    if (id === 'TARGETDIR' || db.directories.has(id)) continue;
    const parent = d.parent === undefined ? undefined : productDirectory(d.parent);
    // Standard folders stay where Windows Installer puts them; the module's own root folders go under the Merge's.
    const placed = Object.hasOwn(WINDOWS_INSTALLER_FOLDERS, id) ? 'TARGETDIR' : parent === 'TARGETDIR' ? merge.directory : parent;
    db.directories.set(id, { id, parent: placed, location: at });
  }
  for (const c of module.components) {
    db.components.push({
      ...c,
      directory: c.directory === undefined ? undefined : productDirectory(c.directory),
      bitnessLocation: at,
      directoryLocation: at,
      location: at,
      module: merge.sourceFile,
    });
  }
  for (const f of module.files) db.files.push({ ...f, location: at, nameLocation: at, sourceLocation: at });
  for (const r of module.registry) db.registry.push({ ...r, location: at, registration: at });
  for (const a of module.customActions) db.customActions.push({ ...a, location: at, bitnessLocation: at });
  for (const s of module.registrySearches) db.registrySearches.push({ ...s, location: at, bitnessLocation: at });
}
