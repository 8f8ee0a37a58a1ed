// Merge modules a product merges (`<Merge SourceFile>`), read as built packages and joined to the product's database
// the way mergemod does it: the module's TARGETDIR content under the Merge's directory, its standard folders as the
// product's, its components, files, registry and custom actions as the package's own. Everything merged is placed at
// the Merge element, where the user can act on it.
import { WINDOWS_INSTALLER_FOLDERS } from '../model/directories';
import type { InstallerDb, Location, MergedModule } from '../model/installer';

/** WiX modularizes a module's identifiers with `.` and its GUID, dashes as underscores (v3 Row.GetModularizedValue). */
const MODULARIZATION_SUFFIX = /\.[0-9A-Fa-f]{8}_[0-9A-Fa-f]{4}_[0-9A-Fa-f]{4}_[0-9A-Fa-f]{4}_[0-9A-Fa-f]{12}$/;

/**
 * Joins each merged module that `read` gives (undefined: not read, for the caller to say why) to `db`, and records where
 * it was read from and its platform on the Merge.
 */
export function mergeModules(db: InstallerDb, read: (merge: MergedModule) => { db: InstallerDb; shown: string } | undefined): void {
  if (db.mergedModules.length === 0) return;
  // The package's lists may be shared with the sections they came from: the merged parts go into copies.
  db.components = db.components.slice();
  db.files = db.files.slice();
  db.registry = db.registry.slice();
  db.customActions = db.customActions.slice();
  db.registrySearches = db.registrySearches.slice();
  for (const merge of db.mergedModules) {
    const found = read(merge);
    if (found === undefined) continue;
    merge.readFrom = found.shown;
    merge.platform = found.db.package?.platform;
    join(db, found.db, merge);
  }
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
