// The column definitions of common Windows Installer tables, for packages built in tests.
import type { BuilderCell, BuilderColumn, BuilderTable } from './builder';

const col = (name: string, type: string, key = false): BuilderColumn => ({ name, type, key });

export const SCHEMA = {
  Property: [col('Property', 's72', true), col('Value', 'l0')],
  Directory: [col('Directory', 's72', true), col('Directory_Parent', 'S72'), col('DefaultDir', 'l255')],
  Component: [
    col('Component', 's72', true),
    col('ComponentId', 'S38'),
    col('Directory_', 's72'),
    col('Attributes', 'i2'),
    col('Condition', 'S255'),
    col('KeyPath', 'S72'),
  ],
  File: [
    col('File', 's72', true),
    col('Component_', 's72'),
    col('FileName', 'l255'),
    col('FileSize', 'i4'),
    col('Version', 'S72'),
    col('Language', 'S20'),
    col('Attributes', 'I2'),
    col('Sequence', 'i2'),
  ],
} satisfies Record<string, BuilderColumn[]>;

/** A table of the standard schema with these rows. */
export function schemaTable(name: keyof typeof SCHEMA, rows: BuilderCell[][]): BuilderTable {
  return { name, columns: SCHEMA[name], rows };
}
