// Reads a built package's tables into the installer model, so the rules that check WiX sources check MSIs unchanged.
import { emptyDb, type InstallerDb, type PlatformInfo, type RegistryRoot, type RowLocation } from '../model/installer';
import { templatePlatform } from '../model/platform';
import { comTableWrites } from './comTables';
import type { CellValue, MsiDatabase } from './database';
import { PID } from './summaryInfo';
import { tableRecords } from './tables';

/** msidbComponentAttributes64bit */
const COMPONENT_64BIT = 0x100;
/** msidbCustomActionType64BitScript */
const CUSTOM_ACTION_64BIT_SCRIPT = 0x1000;
/** The custom action base types that run scripts (JScript / VBScript, from a binary, a file, a property or inline). */
const SCRIPT_ACTION_TYPES = new Set([5, 6, 21, 22, 37, 38, 53, 54]);
/** msidbLocatorType64bit */
const LOCATOR_64BIT = 0x10;

function text(v: CellValue | undefined): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

function int(v: CellValue | undefined): number {
  return typeof v === 'number' ? v : 0;
}

/** Where a row of `file` is: its table, and its primary key's cells joined by '/'. */
export function rowLocation(file: string, table: string, ...key: (CellValue | undefined)[]): RowLocation {
  return { kind: 'row', file, table, key: key.map((k) => text(k) ?? '').join('/') };
}

/** One package read from `file` (the path as the user gave it). */
export function lowerMsi(msi: MsiDatabase, file: string): InstallerDb {
  const db = emptyDb(undefined);
  const row = (table: string, ...key: (CellValue | undefined)[]): RowLocation => rowLocation(file, table, ...key);
  const summaryRow = (pid: number) => row('_SummaryInformation', pid);

  for (const p of tableRecords(msi.table('Property'))) {
    const id = text(p['Property']);
    if (id !== undefined) db.properties.set(id, { id, value: text(p['Value']), location: row('Property', id) });
  }

  const template = msi.summary.template;
  const badSummaryValues: { property: string; problem: string; location: RowLocation }[] = [];
  if (msi.summary.badValues.includes(PID.template)) {
    badSummaryValues.push({ property: 'Template', problem: 'not a string', location: summaryRow(PID.template) });
  } else if (template === undefined || template.trim() === '') {
    badSummaryValues.push({ property: 'Template', problem: 'empty', location: summaryRow(PID.template) });
  }
  if (msi.summary.badValues.includes(PID.pageCount)) {
    badSummaryValues.push({ property: 'PageCount', problem: 'not an integer', location: summaryRow(PID.pageCount) });
  }
  const badTemplate = badSummaryValues.some((b) => b.property === 'Template');
  let platform: PlatformInfo | undefined;
  let languages: string[] | undefined;
  if (!badTemplate) {
    const [, languagePart = ''] = template!.split(';');
    const known = templatePlatform(template!);
    if (known) {
      platform = { ...known, source: `the Template summary property '${template}'`, location: summaryRow(PID.template) };
    }
    languages = languagePart
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  }
  const productName = db.properties.get('ProductName')?.value;
  const allUsers = db.properties.get('ALLUSERS')?.value;
  const productLanguage = db.properties.get('ProductLanguage');
  db.package = {
    label: productName !== undefined ? `Package '${productName}'` : 'the package',
    kind: msi.kind === 'msm' ? 'module' : 'product',
    platform,
    languages,
    languagesLocation: summaryRow(PID.template),
    badSummaryValues,
    schema: msi.summary.pageCount !== undefined ? { value: msi.summary.pageCount, location: summaryRow(PID.pageCount) } : undefined,
    perMachine: allUsers === undefined ? false : allUsers === '1' ? true : undefined,
    productLanguage: productLanguage?.value !== undefined ? { value: productLanguage.value, location: productLanguage.location } : undefined,
    location: summaryRow(PID.template),
  };

  for (const d of tableRecords(msi.table('Directory'))) {
    const id = text(d['Directory']);
    if (id === undefined) continue;
    const parent = text(d['Directory_Parent']);
    db.directories.set(id, { id, parent: parent === id ? undefined : parent, location: row('Directory', id) });
  }

  for (const c of tableRecords(msi.table('Component'))) {
    const id = text(c['Component']);
    if (id === undefined) continue;
    const is64 = (int(c['Attributes']) & COMPONENT_64BIT) !== 0;
    const location = row('Component', id);
    db.components.push({
      id,
      guid: text(c['ComponentId']),
      bitness: is64 ? 64 : 32,
      bitnessAuthored: is64 ? 'Attributes has msidbComponentAttributes64bit' : undefined,
      bitnessLocation: location,
      bitnessAttribute: 'Attributes',
      directory: text(c['Directory_']),
      directoryLocation: location,
      condition: text(c['Condition']),
      location,
    });
  }

  for (const f of tableRecords(msi.table('File'))) {
    const id = text(f['File']);
    const component = text(f['Component_']);
    if (id === undefined || component === undefined) continue;
    const location = row('File', id);
    // FileName is `short|long` when the long name is not a valid short one.
    const name = text(f['FileName'])?.split('|').pop();
    db.files.push({ id, component, name, source: undefined, location, nameLocation: location, sourceLocation: location });
  }

  for (const r of tableRecords(msi.table('Registry'))) {
    const id = text(r['Registry']);
    const component = text(r['Component_']);
    const key = text(r['Key']);
    if (id === undefined || component === undefined || key === undefined) continue;
    const location = row('Registry', id);
    db.registry.push({
      component,
      root: int(r['Root']) as RegistryRoot,
      key,
      name: text(r['Name']),
      value: text(r['Value']),
      location,
      registration: location,
    });
  }

  // Advertised COM registrations: Windows Installer writes them at install time, like Registry rows.
  const bitnessOf = new Map(db.components.map((c) => [c.id, c.bitness]));
  for (const w of comTableWrites(msi, file, (component) => bitnessOf.get(component))) db.registry.push(w);

  for (const a of tableRecords(msi.table('CustomAction'))) {
    const id = text(a['Action']);
    if (id === undefined) continue;
    const type = int(a['Type']);
    const script64 = SCRIPT_ACTION_TYPES.has(type & 0x3f) && (type & CUSTOM_ACTION_64BIT_SCRIPT) !== 0;
    const location = row('CustomAction', id);
    db.customActions.push({
      id,
      script64,
      bitnessAuthored: script64 ? 'Type has msidbCustomActionType64BitScript' : undefined,
      bitnessLocation: location,
      bitnessAttribute: 'Type',
      location,
    });
  }

  for (const s of tableRecords(msi.table('RegLocator'))) {
    const id = text(s['Signature_']);
    if (id === undefined) continue;
    const is64 = (int(s['Type']) & LOCATOR_64BIT) !== 0;
    const location = row('RegLocator', id);
    db.registrySearches.push({
      id,
      is64,
      bitnessAuthored: is64 ? 'Type has msidbLocatorType64bit' : undefined,
      bitnessLocation: location,
      bitnessAttribute: 'Type',
      location,
    });
  }
  return db;
}
