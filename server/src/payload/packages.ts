// The built packages that sources name — merge modules and a bundle's chained MSIs — read and put on the model: merged
// modules' parts joined to the product, chained MSIs' Template and UpgradeCode on the bundle, and what could not be
// read said where it is named.
import type { InstallerDb, Location } from '../model/installer';
import { mergeModules } from './modules';
import type { FoundPackage } from './sources';

/** Finds a package named `sourceFile` at `location` (relative to that source); undefined when it is not looked for. */
export type PackageFinder = (sourceFile: string, location: Location) => FoundPackage | undefined;

/** Reads the packages `db`'s sources name; one that cannot be read is a payload notice, one not found too when asked. */
export function readNamedPackages(db: InstallerDb, find: PackageFinder, reportMissing: boolean): void {
  const read = (what: string, named: { sourceFile: string; location: Location }) => {
    const found = find(named.sourceFile, named.location);
    if (found === undefined || found.kind === 'found') return found;
    if (found.kind === 'unreadable' || reportMissing) {
      db.payloadNotices.push({ what: `${what} '${named.sourceFile}'`, reason: unreadReason(found), location: named.location });
    }
    return undefined;
  };
  mergeModules(db, (merge) => read('Merge module', merge));
  for (const chained of db.bundle?.packages ?? []) {
    const found = read('Chained package', chained);
    if (found)
      chained.msi = { platform: found.db.package?.platform, upgradeCode: found.db.properties.get('UpgradeCode')?.value, readFrom: found.shown };
  }
}

/** Why a package was not read: not found (where it was looked for), or why it cannot be. */
function unreadReason(found: Exclude<FoundPackage, { kind: 'found' }>): string {
  return found.kind === 'missing'
    ? `not found (looked for ${found.tried.map((t) => `'${t}'`).join(', ')})`
    : `it cannot be read from ${found.shown} (${found.reason.replace(/\.$/, '')})`;
}
