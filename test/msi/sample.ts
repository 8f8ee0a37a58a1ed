// The sample package the MSI reader tests and the msitools cross-checks share: every column type, a stream, a summary.
import type { BuilderTable, MsiSpec } from './builder';
import { SCHEMA } from './schema';

export const CAB = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
export const ICON = Uint8Array.of(0, 0, 1, 0, 1, 0);

export const TABLES: BuilderTable[] = [
  {
    name: 'Property',
    columns: SCHEMA.Property,
    rows: [
      ['ProductName', 'Widget'],
      ['Manufacturer', 'Café € “Ltd”'],
      ['ProductLanguage', '1033'],
    ],
  },
  {
    name: 'Component',
    columns: SCHEMA.Component,
    rows: [
      ['Main64', '{11111111-2222-3333-4444-555555555555}', 'INSTALLDIR', 256, null, 'File1'],
      ['Legacy', null, 'INSTALLDIR', 0, 'VersionNT < 600', null],
    ],
  },
  {
    name: 'File',
    columns: SCHEMA.File,
    rows: [
      ['File1', 'Main64', 'app.exe', 2147483647, '1.0.0.0', '1033', 512, 1],
      ['File2', 'Legacy', 'old.dll', 0, null, null, null, 32767],
    ],
  },
  {
    name: 'Registry',
    columns: [
      { name: 'Registry', type: 's72', key: true },
      { name: 'Root', type: 'i2' },
      { name: 'Key', type: 'l255' },
      { name: 'Name', type: 'L255' },
      { name: 'Value', type: 'L0' },
      { name: 'Component_', type: 's72' },
    ],
    rows: [['Reg1', -1, 'Software\\Acme', null, '#-7', 'Main64']],
  },
  {
    name: 'Binary',
    columns: [
      { name: 'Name', type: 's72', key: true },
      { name: 'Data', type: 'v0' },
    ],
    rows: [['Icon1', ICON]],
  },
  {
    name: 'Patch',
    columns: [
      { name: 'File_', type: 's72', key: true },
      { name: 'Sequence', type: 'i2', key: true },
      { name: 'PatchSize', type: 'i4' },
      { name: 'Header', type: 'V0' },
    ],
    rows: [
      ['File1', -3, -2147483647, Uint8Array.of(1)],
      ['File2', 7, 1, null],
    ],
  },
  { name: 'Shortcut', columns: [{ name: 'Shortcut', type: 's72', key: true }], rows: [] },
];

export const SUMMARY = {
  codepage: 1252,
  title: 'Installation Database',
  subject: 'Widget',
  author: 'Café € “Ltd”',
  keywords: 'Installer',
  comments: 'Widget installer',
  template: 'x64;1033',
  lastSavedBy: 'x64;1033',
  revisionNumber: '{0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0}',
  created: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
  lastSaved: new Date(Date.UTC(2024, 0, 2, 3, 4, 6)),
  pageCount: 500,
  wordCount: 2,
  charCount: 0,
  appName: 'wixlint test builder',
  security: 2,
};

export const SAMPLE: MsiSpec = { summary: SUMMARY, tables: TABLES, streams: { 'product.cab': CAB } };

/** A small package's tables: a folder under the 32-bit Program Files with a 32-bit and a 64-bit component in it. */
export const PROGRAM_FILES_DIRECTORIES: BuilderTable = {
  name: 'Directory',
  columns: SCHEMA.Directory,
  rows: [
    ['TARGETDIR', null, 'SourceDir'],
    ['ProgramFilesFolder', 'TARGETDIR', '.'],
    ['INSTALLDIR', 'ProgramFilesFolder', 'Demo'],
  ],
};

/** 'Core' (32-bit) and 'Core64' (msidbComponentAttributes64bit), both in INSTALLDIR. */
export const CORE_COMPONENTS: BuilderTable = {
  name: 'Component',
  columns: SCHEMA.Component,
  rows: [
    ['Core', '{11111111-2222-3333-4444-555555555555}', 'INSTALLDIR', 0, null, null],
    ['Core64', '{11111111-2222-3333-4444-666666666666}', 'INSTALLDIR', 0x100, null, null],
  ],
};
