// comTableWrites: the HKCR writes Windows Installer makes for a package's advertised COM tables, from packages built in memory.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RegistryRoot, type RegistryValue, type RowLocation } from '../../server/src/model/installer';
import { bytesSource } from '../../server/src/msi/byteSource';
import { comTableWrites } from '../../server/src/msi/comTables';
import { openMsi, type MsiDatabase, type Table } from '../../server/src/msi/database';
import { comWrites, type ComHost } from '../../server/src/wix/com';
import { attributeValueOf, parseXml, type XmlElement } from '../../server/src/wix/xml';
import { buildMsi, type BuilderCell, type BuilderTable } from './builder';
import { SCHEMA, schemaTable } from './schema';

const FILE = 'contoso.msi';
const CLSID = '{B09B3A8C-0000-4A3E-9C1F-0123456789AB}';
const DOC_CLSID = '{5C1E2D3F-4A5B-4C6D-8E7F-90A1B2C3D4E5}';
const LIBID = '{11223344-5566-4778-899A-BBCCDDEEFF00}';
const APPID = '{A1B2C3D4-E5F6-4789-9ABC-DEF012345678}';

// ---------------------------------------------------------------------------------------------------------------
// Tables, with the column types of the Windows Installer schema.

function component(rows: BuilderCell[][]): BuilderTable {
  return schemaTable('Component', rows);
}

function file(rows: [string, string, string][]): BuilderTable {
  return {
    name: 'File',
    columns: [
      { name: 'File', type: 's72', key: true },
      { name: 'Component_', type: 's72' },
      { name: 'FileName', type: 'l255' },
      { name: 'FileSize', type: 'i4' },
      { name: 'Sequence', type: 'i2' },
    ],
    rows: rows.map((r, i) => [...r, 1000, i + 1]),
  };
}

/** CLSID, Context, Component_, ProgId_Default, Description, AppId_, FileTypeMask, Icon_, IconIndex, DefInprocHandler, Argument. */
function classTable(rows: BuilderCell[][]): BuilderTable {
  return {
    name: 'Class',
    columns: [
      { name: 'CLSID', type: 's38', key: true },
      { name: 'Context', type: 's32', key: true },
      { name: 'Component_', type: 's72', key: true },
      { name: 'ProgId_Default', type: 'S255' },
      { name: 'Description', type: 'L255' },
      { name: 'AppId_', type: 'S38' },
      { name: 'FileTypeMask', type: 'S255' },
      { name: 'Icon_', type: 'S72' },
      { name: 'IconIndex', type: 'I2' },
      { name: 'DefInprocHandler', type: 'S32' },
      { name: 'Argument', type: 'S255' },
      { name: 'Feature_', type: 's38' },
      { name: 'Attributes', type: 'I2' },
    ],
    rows: rows.map((r) => [...r, 'Main', null]),
  };
}

/** ProgId, ProgId_Parent, Class_, Description, Icon_, IconIndex. */
function progIdTable(rows: BuilderCell[][]): BuilderTable {
  return {
    name: 'ProgId',
    columns: [
      { name: 'ProgId', type: 's255', key: true },
      { name: 'ProgId_Parent', type: 'S255' },
      { name: 'Class_', type: 'S38' },
      { name: 'Description', type: 'L255' },
      { name: 'Icon_', type: 'S72' },
      { name: 'IconIndex', type: 'I2' },
    ],
    rows,
  };
}

/** LibID, Language, Component_, Version, Description, Directory_. */
function typeLibTable(rows: BuilderCell[][]): BuilderTable {
  return {
    name: 'TypeLib',
    columns: [
      { name: 'LibID', type: 's38', key: true },
      { name: 'Language', type: 'i2', key: true },
      { name: 'Component_', type: 's72', key: true },
      { name: 'Version', type: 'I4' },
      { name: 'Description', type: 'L128' },
      { name: 'Directory_', type: 'S72' },
      { name: 'Feature_', type: 's38' },
      { name: 'Cost', type: 'I4' },
    ],
    rows: rows.map((r) => [...r, 'Main', null]),
  };
}

/** AppId, RemoteServerName, LocalService, ServiceParameters, DllSurrogate, ActivateAtStorage, RunAsInteractiveUser. */
function appIdTable(rows: BuilderCell[][]): BuilderTable {
  return {
    name: 'AppId',
    columns: [
      { name: 'AppId', type: 's38', key: true },
      { name: 'RemoteServerName', type: 'S255' },
      { name: 'LocalService', type: 'S255' },
      { name: 'ServiceParameters', type: 'S255' },
      { name: 'DllSurrogate', type: 'S255' },
      { name: 'ActivateAtStorage', type: 'I2' },
      { name: 'RunAsInteractiveUser', type: 'I2' },
    ],
    rows,
  };
}

/** Extension, Component_, ProgId_, MIME_. */
function extensionTable(rows: BuilderCell[][]): BuilderTable {
  return {
    name: 'Extension',
    columns: [
      { name: 'Extension', type: 's255', key: true },
      { name: 'Component_', type: 's72', key: true },
      { name: 'ProgId_', type: 'S255' },
      { name: 'MIME_', type: 'S64' },
      { name: 'Feature_', type: 's38' },
    ],
    rows: rows.map((r) => [...r, 'Main']),
  };
}

/** Extension_, Verb, Sequence, Command, Argument. */
function verbTable(rows: BuilderCell[][]): BuilderTable {
  return {
    name: 'Verb',
    columns: [
      { name: 'Extension_', type: 's255', key: true },
      { name: 'Verb', type: 's32', key: true },
      { name: 'Sequence', type: 'I2' },
      { name: 'Command', type: 'L255' },
      { name: 'Argument', type: 'L255' },
    ],
    rows,
  };
}

/** ContentType, Extension_, CLSID. */
function mimeTable(rows: BuilderCell[][]): BuilderTable {
  return {
    name: 'MIME',
    columns: [
      { name: 'ContentType', type: 's64', key: true },
      { name: 'Extension_', type: 's255' },
      { name: 'CLSID', type: 'S38' },
    ],
    rows,
  };
}

/** Two components with a key file each: Shell64 (64-bit) and Shell32 (32-bit). */
const BASE: BuilderTable[] = [
  component([
    ['Shell64', '{11111111-2222-3333-4444-555555555555}', 'INSTALLDIR', 0x100, null, 'ShellExt64Dll'],
    ['Shell32', '{11111111-2222-3333-4444-666666666666}', 'INSTALLDIR', 0, null, 'ShellExt32Dll'],
  ]),
  file([
    ['ShellExt64Dll', 'Shell64', 'ShellExt64.dll'],
    ['ShellExt32Dll', 'Shell32', 'ShellExt32.dll'],
  ]),
];

const BITNESS: Record<string, 32 | 64> = { Shell64: 64, Shell32: 32 };
const bitnessOf = (c: string): 32 | 64 | undefined => BITNESS[c];

function open(tables: BuilderTable[]): MsiDatabase {
  return openMsi(bytesSource(buildMsi({ summary: { template: 'x64;1033' }, tables })), FILE);
}

function writesOf(tables: BuilderTable[]): RegistryValue[] {
  return comTableWrites(open(tables), FILE, bitnessOf);
}

/** component, key, name, value, location table, location key: everything but the (always HKCR) root. */
type Write = [string, string, string | undefined, string | undefined, string, string];

function flat(writes: RegistryValue[]): Write[] {
  return writes.map((w) => {
    assert.equal(w.root, RegistryRoot.ClassesRoot);
    assert.equal(w.location.kind, 'row');
    const location = w.location as RowLocation;
    assert.equal(location.file, FILE);
    assert.deepEqual(w.registration, w.location);
    return [w.component, w.key, w.name, w.value, location.table, location.key];
  });
}

function k(...parts: string[]): string {
  return parts.join('\\');
}

// ---------------------------------------------------------------------------------------------------------------

describe('comTableWrites: Class and ProgId', () => {
  it('writes the server, description, ProgID and VersionIndependentProgID, and both ProgIds', () => {
    const writes = writesOf([
      ...BASE,
      classTable([[CLSID, 'InprocServer32', 'Shell64', 'Contoso.ShellExt.1', 'Contoso Shell Extension', null, null, null, null, null, null]]),
      progIdTable([
        ['Contoso.ShellExt.1', null, CLSID, 'Contoso Shell Extension 1', null, null],
        // The version-independent ProgId names no class: the installer reaches it through the parent.
        ['Contoso.ShellExt', 'Contoso.ShellExt.1', null, 'Contoso Shell Extension', null, null],
      ]),
    ]);
    const classRow = `${CLSID}/InprocServer32/Shell64`;
    assert.deepEqual(flat(writes), [
      ['Shell64', k('CLSID', CLSID, 'InprocServer32'), undefined, '[#ShellExt64Dll]', 'Class', classRow],
      ['Shell64', k('CLSID', CLSID), undefined, 'Contoso Shell Extension', 'Class', classRow],
      ['Shell64', k('CLSID', CLSID, 'ProgID'), undefined, 'Contoso.ShellExt.1', 'Class', classRow],
      ['Shell64', k('CLSID', CLSID, 'VersionIndependentProgID'), undefined, 'Contoso.ShellExt', 'Class', classRow],
      ['Shell64', 'Contoso.ShellExt.1', undefined, 'Contoso Shell Extension 1', 'ProgId', 'Contoso.ShellExt.1'],
      ['Shell64', k('Contoso.ShellExt.1', 'CLSID'), undefined, CLSID, 'ProgId', 'Contoso.ShellExt.1'],
      ['Shell64', 'Contoso.ShellExt', undefined, 'Contoso Shell Extension', 'ProgId', 'Contoso.ShellExt'],
      ['Shell64', k('Contoso.ShellExt', 'CLSID'), undefined, CLSID, 'ProgId', 'Contoso.ShellExt'],
      ['Shell64', k('Contoso.ShellExt', 'CurVer'), undefined, 'Contoso.ShellExt.1', 'ProgId', 'Contoso.ShellExt'],
    ]);
    // ThreadingModel lives in the Registry table for advertised classes: nothing invents it here.
    assert.ok(writes.every((w) => w.name !== 'ThreadingModel'));
  });

  it('writes one value per context, the class-wide values once, and the argument, icon, handler and file types', () => {
    const writes = writesOf([
      ...BASE,
      classTable([
        [
          DOC_CLSID,
          'LocalServer32',
          'Shell32',
          null,
          'Contoso Document',
          null,
          '0,4,FFFFFFFF,25504446;8,2,FFFF,0102',
          'DocIcon',
          1,
          '2',
          '/automation',
        ],
        [DOC_CLSID, 'InprocServer32', 'Shell32', null, 'Contoso Document', null, '0,4,FFFFFFFF,25504446;8,2,FFFF,0102', 'DocIcon', 1, '2', null],
      ]),
    ]);
    const local = `${DOC_CLSID}/LocalServer32/Shell32`;
    const inproc = `${DOC_CLSID}/InprocServer32/Shell32`;
    assert.deepEqual(flat(writes), [
      // Windows Installer writes the server's path unquoted, then the Argument.
      ['Shell32', k('CLSID', DOC_CLSID, 'LocalServer32'), undefined, '[#ShellExt32Dll] /automation', 'Class', local],
      ['Shell32', k('CLSID', DOC_CLSID), undefined, 'Contoso Document', 'Class', local],
      ['Shell32', k('CLSID', DOC_CLSID, 'DefaultIcon'), undefined, 'DocIcon,1', 'Class', local],
      ['Shell32', k('CLSID', DOC_CLSID, 'InprocHandler32'), undefined, 'ole32.dll', 'Class', local],
      ['Shell32', k('FileType', DOC_CLSID, '0'), undefined, '0,4,FFFFFFFF,25504446', 'Class', local],
      ['Shell32', k('FileType', DOC_CLSID, '1'), undefined, '8,2,FFFF,0102', 'Class', local],
      ['Shell32', k('CLSID', DOC_CLSID, 'InprocServer32'), undefined, '[#ShellExt32Dll]', 'Class', inproc],
    ]);
  });

  it('leaves the server value unknown when the component has no key file', () => {
    const writes = writesOf([
      component([
        // A registry key path, and a key path the File table does not have.
        ['RegKeyed', null, 'INSTALLDIR', 0x4, null, 'SomeRegistryRow'],
        ['Missing', null, 'INSTALLDIR', 0, null, 'NoSuchFile'],
      ]),
      file([['SomeRegistryRow', 'RegKeyed', 'x.dll']]),
      classTable([
        [CLSID, 'InprocServer32', 'RegKeyed', null, null, null, null, null, null, null, '/x'],
        [DOC_CLSID, 'InprocServer32', 'Missing', null, null, null, null, null, null, null, null],
      ]),
    ]);
    assert.deepEqual(flat(writes), [
      ['RegKeyed', k('CLSID', CLSID, 'InprocServer32'), undefined, undefined, 'Class', `${CLSID}/InprocServer32/RegKeyed`],
      ['Missing', k('CLSID', DOC_CLSID, 'InprocServer32'), undefined, undefined, 'Class', `${DOC_CLSID}/InprocServer32/Missing`],
    ]);
  });

  it('skips a ProgId that reaches no class and no extension', () => {
    const writes = writesOf([
      ...BASE,
      progIdTable([
        ['Orphan.1', null, null, 'Orphan', null, null],
        ['Lost.1', null, CLSID, 'Lost', null, null],
      ]),
    ]);
    assert.deepEqual(writes, []);
  });
});

describe('comTableWrites: AppId', () => {
  it('writes the AppId named values with each class that names it', () => {
    const writes = writesOf([
      ...BASE,
      classTable([[CLSID, 'LocalServer32', 'Shell64', null, null, APPID, null, null, null, null, null]]),
      appIdTable([
        [APPID, 'server01', 'ContosoSvc', '-service', 'dllhost.exe', 1, 1],
        // No class names this one: Windows Installer does not register it.
        ['{00000000-1111-2222-3333-444444444444}', 'unused', null, null, null, null, null],
      ]),
    ]);
    const classRow = `${CLSID}/LocalServer32/Shell64`;
    assert.deepEqual(flat(writes), [
      ['Shell64', k('CLSID', CLSID, 'LocalServer32'), undefined, '[#ShellExt64Dll]', 'Class', classRow],
      ['Shell64', k('CLSID', CLSID), 'AppID', APPID, 'Class', classRow],
      ['Shell64', k('AppID', APPID), 'RemoteServerName', 'server01', 'AppId', APPID],
      ['Shell64', k('AppID', APPID), 'LocalService', 'ContosoSvc', 'AppId', APPID],
      ['Shell64', k('AppID', APPID), 'ServiceParameters', '-service', 'AppId', APPID],
      ['Shell64', k('AppID', APPID), 'DllSurrogate', 'dllhost.exe', 'AppId', APPID],
      ['Shell64', k('AppID', APPID), 'ActivateAtStorage', 'Y', 'AppId', APPID],
      ['Shell64', k('AppID', APPID), 'RunAs', 'Interactive User', 'AppId', APPID],
    ]);
  });

  it('writes nothing for zero or null flags', () => {
    const writes = writesOf([
      ...BASE,
      classTable([[CLSID, 'LocalServer32', 'Shell64', null, null, APPID, null, null, null, null, null]]),
      appIdTable([[APPID, null, null, null, null, 0, null]]),
    ]);
    assert.deepEqual(
      writes.filter((w) => w.key.startsWith('AppID')),
      [],
    );
  });
});

describe('comTableWrites: TypeLib', () => {
  it('names the version and locale in hex and the platform leaf by the component bitness', () => {
    const writes = writesOf([
      ...BASE,
      typeLibTable([
        // Version 1.10: major in the bits above the low byte, minor in the low byte.
        [LIBID, 1033, 'Shell32', (1 << 8) | 10, 'Contoso Type Library', null],
        [LIBID, 1033, 'Shell64', (1 << 8) | 10, 'Contoso Type Library', 'HelpDir'],
      ]),
    ]);
    const versionKey = k('TypeLib', LIBID, '1.a');
    const row32 = `${LIBID}/1033/Shell32`;
    const row64 = `${LIBID}/1033/Shell64`;
    assert.deepEqual(flat(writes), [
      ['Shell32', versionKey, undefined, 'Contoso Type Library', 'TypeLib', row32],
      ['Shell32', k(versionKey, '409', 'win32'), undefined, '[#ShellExt32Dll]', 'TypeLib', row32],
      ['Shell32', k(versionKey, 'FLAGS'), undefined, undefined, 'TypeLib', row32],
      ['Shell64', versionKey, undefined, 'Contoso Type Library', 'TypeLib', row64],
      ['Shell64', k(versionKey, '409', 'win64'), undefined, '[#ShellExt64Dll]', 'TypeLib', row64],
      ['Shell64', k(versionKey, 'FLAGS'), undefined, undefined, 'TypeLib', row64],
      ['Shell64', k(versionKey, 'HELPDIR'), undefined, '[HelpDir]', 'TypeLib', row64],
    ]);
  });

  it('writes no platform leaf for a component of unknown bitness, and nothing without a version', () => {
    const writes = writesOf([
      ...BASE,
      typeLibTable([
        [LIBID, 0, 'Ghost', 0x20003, null, null],
        [LIBID, 9, 'Shell32', null, 'No version', null],
      ]),
    ]);
    const versionKey = k('TypeLib', LIBID, '200.3');
    assert.deepEqual(flat(writes), [
      ['Ghost', versionKey, undefined, undefined, 'TypeLib', `${LIBID}/0/Ghost`],
      ['Ghost', k(versionKey, 'FLAGS'), undefined, undefined, 'TypeLib', `${LIBID}/0/Ghost`],
    ]);
  });
});

describe('comTableWrites: Extension, Verb and MIME', () => {
  it('writes the extension, its verbs under the ProgId, the default verb and the MIME type', () => {
    const writes = writesOf([
      ...BASE,
      classTable([[DOC_CLSID, 'LocalServer32', 'Shell32', 'Contoso.Document.1', null, null, null, null, null, null, null]]),
      progIdTable([['Contoso.Document.1', null, DOC_CLSID, 'Contoso Document', 'DocIcon', 0]]),
      extensionTable([['cdoc', 'Shell32', 'Contoso.Document.1', 'application/x-contoso']]),
      verbTable([
        ['cdoc', 'print', 2, '&Print', '/p "%1"'],
        ['cdoc', 'open', 1, '&Open', '"%1"'],
        ['cdoc', 'edit', null, null, null],
      ]),
      mimeTable([['application/x-contoso', 'cdoc', DOC_CLSID]]),
    ]);
    const classRow = `${DOC_CLSID}/LocalServer32/Shell32`;
    assert.deepEqual(flat(writes), [
      ['Shell32', k('CLSID', DOC_CLSID, 'LocalServer32'), undefined, '[#ShellExt32Dll]', 'Class', classRow],
      ['Shell32', k('CLSID', DOC_CLSID, 'ProgID'), undefined, 'Contoso.Document.1', 'Class', classRow],
      ['Shell32', 'Contoso.Document.1', undefined, 'Contoso Document', 'ProgId', 'Contoso.Document.1'],
      ['Shell32', k('Contoso.Document.1', 'CLSID'), undefined, DOC_CLSID, 'ProgId', 'Contoso.Document.1'],
      ['Shell32', k('Contoso.Document.1', 'DefaultIcon'), undefined, 'DocIcon,0', 'ProgId', 'Contoso.Document.1'],
      ['Shell32', k('Contoso.Document.1', 'shell', 'print', 'command'), undefined, '"[#ShellExt32Dll]" /p "%1"', 'Verb', 'cdoc/print'],
      ['Shell32', k('Contoso.Document.1', 'shell', 'print'), undefined, '&Print', 'Verb', 'cdoc/print'],
      ['Shell32', k('Contoso.Document.1', 'shell', 'open', 'command'), undefined, '"[#ShellExt32Dll]" "%1"', 'Verb', 'cdoc/open'],
      ['Shell32', k('Contoso.Document.1', 'shell', 'open'), undefined, '&Open', 'Verb', 'cdoc/open'],
      ['Shell32', k('Contoso.Document.1', 'shell', 'edit', 'command'), undefined, '"[#ShellExt32Dll]"', 'Verb', 'cdoc/edit'],
      // The verb with the lowest Sequence is the default; a verb without one never is.
      ['Shell32', k('Contoso.Document.1', 'shell'), undefined, 'open', 'Verb', 'cdoc/open'],
      ['Shell32', '.cdoc', undefined, 'Contoso.Document.1', 'Extension', 'cdoc/Shell32'],
      ['Shell32', '.cdoc', 'Content Type', 'application/x-contoso', 'Extension', 'cdoc/Shell32'],
      ['Shell32', k('MIME', 'Database', 'Content Type', 'application/x-contoso'), 'Extension', '.cdoc', 'MIME', 'application/x-contoso'],
      ['Shell32', k('MIME', 'Database', 'Content Type', 'application/x-contoso'), 'CLSID', DOC_CLSID, 'MIME', 'application/x-contoso'],
    ]);
  });

  it('registers a ProgId used only by an extension with that extension, and skips verbs and MIME types with no extension', () => {
    const writes = writesOf([
      ...BASE,
      progIdTable([['Contoso.Text', null, null, 'Contoso Text', null, null]]),
      extensionTable([
        ['ctxt', 'Shell64', 'Contoso.Text', null],
        ['bare', 'Shell64', null, null],
      ]),
      verbTable([
        ['ctxt', 'open', 1, null, null],
        ['bare', 'open', 1, 'Open', null],
        ['nowhere', 'open', 1, 'Open', null],
      ]),
      mimeTable([['text/x-nowhere', 'nowhere', null]]),
    ]);
    assert.deepEqual(flat(writes), [
      ['Shell64', 'Contoso.Text', undefined, 'Contoso Text', 'ProgId', 'Contoso.Text'],
      ['Shell64', k('Contoso.Text', 'shell', 'open', 'command'), undefined, '"[#ShellExt64Dll]"', 'Verb', 'ctxt/open'],
      ['Shell64', k('Contoso.Text', 'shell'), undefined, 'open', 'Verb', 'ctxt/open'],
      ['Shell64', '.ctxt', undefined, 'Contoso.Text', 'Extension', 'ctxt/Shell64'],
    ]);
  });
});

describe('comTableWrites: robustness', () => {
  it('returns nothing for a package without COM tables', () => {
    assert.deepEqual(writesOf(BASE), []);
    assert.deepEqual(writesOf([{ name: 'Property', columns: SCHEMA.Property, rows: [['ALLUSERS', '1']] }]), []);
  });

  it('skips rows with null cells where a key or a reference is needed, without throwing', () => {
    const writes = writesOf([
      ...BASE,
      classTable([
        [null, 'InprocServer32', 'Shell64', 'P.1', 'd', APPID, null, null, null, null, null],
        [CLSID, null, 'Shell64', 'P.1', 'd', APPID, null, null, null, null, null],
        [DOC_CLSID, 'InprocServer32', null, 'P.1', 'd', APPID, null, null, null, null, null],
      ]),
      progIdTable([
        [null, null, CLSID, 'd', null, null],
        ['P.1', null, null, null, null, null],
      ]),
      typeLibTable([
        [null, 1033, 'Shell64', 256, null, null],
        [LIBID, 1033, null, 256, null, null],
      ]),
      appIdTable([
        [null, 'x', null, null, null, 1, 1],
        [APPID, 'x', null, null, null, 1, 1],
      ]),
      extensionTable([
        [null, 'Shell64', 'P.1', 'a/b'],
        ['e', null, 'P.1', 'a/b'],
      ]),
      verbTable([
        [null, 'open', 1, 'Open', null],
        ['e', null, 1, 'Open', null],
      ]),
      mimeTable([
        [null, 'e', CLSID],
        ['a/b', null, CLSID],
      ]),
    ]);
    assert.deepEqual(writes, []);
  });

  it('reads tables that lack columns as if those cells were null', () => {
    const tables: Record<string, Table> = {
      Class: {
        name: 'Class',
        columns: [{ name: 'CLSID', type: 'string', key: true, nullable: false, localizable: false, width: 38 }],
        rows: [[CLSID]],
      },
      TypeLib: {
        name: 'TypeLib',
        columns: [
          { name: 'LibID', type: 'string', key: true, nullable: false, localizable: false, width: 38 },
          { name: 'Language', type: 'i2', key: true, nullable: false, localizable: false, width: 2 },
        ],
        rows: [[LIBID, 1033], [LIBID]],
      },
      Verb: { name: 'Verb', columns: [], rows: [[], ['x', 'y']] },
    };
    const msi: Pick<MsiDatabase, 'table'> = { table: (name) => tables[name] };
    assert.deepEqual(comTableWrites(msi, FILE, bitnessOf), []);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The same registration authored in WiX with Advertise="yes" (lowered by wix/com.ts) and as the tables WiX builds from
// it: the keys, names and values must agree, so that a package and its sources report the same collisions.

const V3 = 'http://schemas.microsoft.com/wix/2006/wi';

const host: ComHost = {
  attr: (el, name) => attributeValueOf(el, name),
  children: (el) => el.children.filter((c): c is XmlElement => c.type === 'element' && c.ns === el.ns),
  location: (el) => ({ kind: 'source', file: el.file, start: el.start + 1, end: el.nameEnd }),
};

function sourceWrites(body: string, local: string, fileId: string, bitness: 32 | 64): string[] {
  const text = `<Wix xmlns="${V3}"><Fragment><Component Id="C">${body}</Component></Fragment></Wix>`;
  const doc = parseXml('com.wxs', text);
  assert.deepEqual(doc.errors, []);
  const component = doc
    .root!.children.find((c): c is XmlElement => c.type === 'element')!
    .children.find((c): c is XmlElement => c.type === 'element')!;
  const writes: RegistryValue[] = [];
  const visit = (el: XmlElement): void => {
    if (el.local === local) {
      writes.push(...comWrites(el, host, { bitness, fileId, version: 3, component: 'C', registration: host.location(el) }));
      return;
    }
    for (const c of el.children) if (c.type === 'element') visit(c);
  };
  visit(component);
  return normalized(writes);
}

function normalized(writes: RegistryValue[]): string[] {
  return [...new Set(writes.map((w) => `${w.root}|${w.key}|${w.name ?? ''}|${w.value ?? '<unset>'}`))].sort();
}

describe('comTableWrites agrees with the advertised branch of wix/com.ts', () => {
  it('for a class with ProgIds, an AppId and a file-type mask', () => {
    const body = `
      <File Id="ShellExt64Dll" Source="ShellExt64.dll" KeyPath="yes">
        <AppId Id="${APPID}" Advertise="yes" LocalService="ContosoSvc" RunAsInteractiveUser="yes">
          <Class Id="${CLSID}" Context="LocalServer32 InprocServer32" Description="Contoso Shell Extension" Argument="/x"
                 Icon="ShellIcon" IconIndex="2" Handler="2">
            <ProgId Id="Contoso.ShellExt.1" Description="Contoso Shell Extension 1" Icon="ShellIcon">
              <ProgId Id="Contoso.ShellExt" />
            </ProgId>
            <FileTypeMask Offset="0" Mask="FFFF" Value="4D5A" />
          </Class>
        </AppId>
      </File>`;
    const fromSource = sourceWrites(body, 'AppId', 'ShellExt64Dll', 64);
    const fromTables = normalized(
      comTableWrites(
        open([
          component([['C', null, 'INSTALLDIR', 0x100, null, 'ShellExt64Dll']]),
          file([['ShellExt64Dll', 'C', 'ShellExt64.dll']]),
          classTable(
            ['LocalServer32', 'InprocServer32'].map((context) => [
              CLSID,
              context,
              'C',
              'Contoso.ShellExt.1',
              'Contoso Shell Extension',
              APPID,
              '0,2,FFFF,4D5A',
              'ShellIcon',
              2,
              '2',
              '/x',
            ]),
          ),
          progIdTable([
            ['Contoso.ShellExt.1', null, CLSID, 'Contoso Shell Extension 1', 'ShellIcon', null],
            ['Contoso.ShellExt', 'Contoso.ShellExt.1', null, 'Contoso Shell Extension 1', null, null],
          ]),
          appIdTable([[APPID, null, 'ContosoSvc', null, null, null, 1]]),
        ]),
        FILE,
        () => 64,
      ),
    );
    assert.equal(fromSource.length, 17);
    assert.deepEqual(fromTables, fromSource);
  });

  it('for a ProgId with an extension, verbs and a MIME type', () => {
    const body = `
      <File Id="App" Source="app.exe" KeyPath="yes" />
      <ProgId Id="Contoso.Document" Description="Contoso Document" Advertise="yes">
        <Extension Id="cdoc" ContentType="application/x-contoso">
          <Verb Id="open" Command="Open" Argument='"%1"' Sequence="1" />
          <Verb Id="print" Argument='/p "%1"' Sequence="2" />
          <MIME ContentType="application/x-contoso" Class="${DOC_CLSID}" Default="yes" />
        </Extension>
      </ProgId>`;
    const fromSource = sourceWrites(body, 'ProgId', 'App', 32);
    const fromTables = normalized(
      comTableWrites(
        open([
          component([['C', null, 'INSTALLDIR', 0, null, 'App']]),
          file([['App', 'C', 'app.exe']]),
          progIdTable([['Contoso.Document', null, null, 'Contoso Document', null, null]]),
          extensionTable([['cdoc', 'C', 'Contoso.Document', 'application/x-contoso']]),
          verbTable([
            ['cdoc', 'open', 1, 'Open', '"%1"'],
            ['cdoc', 'print', 2, null, '/p "%1"'],
          ]),
          mimeTable([['application/x-contoso', 'cdoc', DOC_CLSID]]),
        ]),
        FILE,
        () => 32,
      ),
    );
    assert.equal(fromSource.length, 9);
    assert.deepEqual(fromTables, fromSource);
  });

  it('for an advertised type library', () => {
    const body = `
      <File Id="ContosoTlb" Source="contoso.tlb" KeyPath="yes">
        <TypeLib Id="${LIBID}" Advertise="yes" Language="1033" MajorVersion="2" MinorVersion="12" Description="Contoso Types"
                 HelpDirectory="HelpDir" />
      </File>`;
    for (const bitness of [32, 64] as const) {
      const fromSource = sourceWrites(body, 'TypeLib', 'ContosoTlb', bitness);
      const fromTables = normalized(
        comTableWrites(
          open([
            component([['C', null, 'INSTALLDIR', bitness === 64 ? 0x100 : 0, null, 'ContosoTlb']]),
            file([['ContosoTlb', 'C', 'contoso.tlb']]),
            typeLibTable([[LIBID, 1033, 'C', (2 << 8) | 12, 'Contoso Types', 'HelpDir']]),
          ]),
          FILE,
          () => bitness,
        ),
      );
      assert.equal(fromSource.length, 4);
      assert.deepEqual(fromTables, fromSource, `${bitness}-bit`);
    }
  });
});
