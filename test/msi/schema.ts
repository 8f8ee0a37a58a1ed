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
  Registry: [col('Registry', 's72', true), col('Root', 'i2'), col('Key', 'l255'), col('Name', 'L255'), col('Value', 'L0'), col('Component_', 's72')],
  CustomAction: [col('Action', 's72', true), col('Type', 'i2'), col('Source', 'S72'), col('Target', 'S255')],
  RegLocator: [col('Signature_', 's72', true), col('Root', 'i2'), col('Key', 's255'), col('Name', 'S255'), col('Type', 'I2')],
  Class: [
    col('CLSID', 's38', true),
    col('Context', 's32', true),
    col('Component_', 's72', true),
    col('ProgId_Default', 'S255'),
    col('Description', 'L255'),
    col('AppId_', 'S38'),
    col('FileTypeMask', 'S255'),
    col('Icon_', 'S72'),
    col('IconIndex', 'I2'),
    col('DefInprocHandler', 'S32'),
    col('Argument', 'S255'),
    col('Feature_', 's38'),
    col('Attributes', 'I2'),
  ],
  ProgId: [
    col('ProgId', 's255', true),
    col('ProgId_Parent', 'S255'),
    col('Class_', 'S38'),
    col('Description', 'L255'),
    col('Icon_', 'S72'),
    col('IconIndex', 'I2'),
  ],
  AppId: [
    col('AppId', 's38', true),
    col('RemoteServerName', 'S255'),
    col('LocalService', 'S255'),
    col('ServiceParameters', 'S255'),
    col('DllSurrogate', 'S255'),
    col('ActivateAtStorage', 'I2'),
    col('RunAsInteractiveUser', 'I2'),
  ],
  TypeLib: [
    col('LibID', 's38', true),
    col('Language', 'i2', true),
    col('Component_', 's72', true),
    col('Version', 'I4'),
    col('Description', 'L128'),
    col('Directory_', 'S72'),
    col('Feature_', 's38'),
    col('Cost', 'I4'),
  ],
  ModuleSignature: [col('ModuleID', 's72', true), col('Language', 'i2', true), col('Version', 's32')],
  Feature: [
    col('Feature', 's38', true),
    col('Feature_Parent', 'S38'),
    col('Title', 'L64'),
    col('Description', 'L255'),
    col('Display', 'I2'),
    col('Level', 'i2'),
    col('Directory_', 'S72'),
    col('Attributes', 'i2'),
  ],
  FeatureComponents: [col('Feature_', 's38', true), col('Component_', 's72', true)],
  Media: [
    col('DiskId', 'i2', true),
    col('LastSequence', 'i2'),
    col('DiskPrompt', 'L64'),
    col('Cabinet', 'S255'),
    col('VolumeLabel', 'S32'),
    col('Source', 'S72'),
  ],
} satisfies Record<string, BuilderColumn[]>;

/** A table of the standard schema with these rows. */
export function schemaTable(name: keyof typeof SCHEMA, rows: BuilderCell[][]): BuilderTable {
  return { name, columns: SCHEMA[name], rows };
}
