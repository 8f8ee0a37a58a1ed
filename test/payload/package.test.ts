// payload-isa on built packages: payloads read from the package's embedded cabinet (or one beside it) through the Media
// table, judged as on sources, with problems at File rows and what could not be checked at the Media row.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lintPackages } from '../../server/src/engine/lint';
import { fullMessage } from '../../server/src/engine/problem';
import { bytesSource } from '../../server/src/msi/byteSource';
import { openMsi } from '../../server/src/msi/database';
import { lowerMsi } from '../../server/src/msi/lower';
import { attachPackagePayloads, type CabinetOpener } from '../../server/src/payload/package';
import { rules } from '../../server/src/rules';
import { buildMsi, type BuilderCell } from '../msi/builder';
import { schemaTable } from '../msi/schema';
import { cabinetImage, TYPE_LZX, TYPE_MSZIP } from './cabinetImage';
import { COMIMAGE_FLAGS_ILONLY, IMAGE_FILE_MACHINE_AMD64, IMAGE_FILE_MACHINE_I386, IMAGE_SUBSYSTEM_NATIVE, peImage } from './peImage';

const COMPONENT_64BIT = 0x100;
const FILE_NONCOMPRESSED = 0x2000;
/** Word Count: compressed source (files in cabinets). */
const COMPRESSED = 2;

interface FileSpec {
  id: string;
  component: string;
  name: string;
  data: Uint8Array;
  attributes?: number;
}

interface Spec {
  template: string;
  components: [string, string, number][];
  files: FileSpec[];
  /** The Media row's Cabinet (default '#p.cab': embedded). */
  cabinet?: string;
  cabinetType?: number;
  /** Leave the embedded stream out. */
  noStream?: boolean;
  /** Registry rows: [id, root, key, name, value, component]. */
  registry?: [string, number, string, string | null, string, string][];
}

const PACKAGE = '/packages/demo.msi';

function lint(spec: Spec, beside?: CabinetOpener): string[] {
  const cabinet = spec.cabinet ?? '#p.cab';
  const cab = cabinetImage({ folders: [{ type: spec.cabinetType ?? TYPE_MSZIP, files: spec.files.map((f) => ({ name: f.id, data: f.data })) }] });
  const fileRows: BuilderCell[][] = spec.files.map((f, i) => [f.id, f.component, f.name, f.data.length, null, null, f.attributes ?? 0, i + 1]);
  const bytes = buildMsi({
    summary: { template: spec.template, pageCount: 200, wordCount: COMPRESSED },
    tables: [
      schemaTable('Property', [['ProductName', 'Demo']]),
      schemaTable('Directory', [
        ['TARGETDIR', null, 'SourceDir'],
        ['ProgramFilesFolder', 'TARGETDIR', '.'],
        ['ProgramFiles64Folder', 'TARGETDIR', '.'],
        ['System64Folder', 'TARGETDIR', '.'],
      ]),
      schemaTable(
        'Component',
        spec.components.map(([id, dir, attributes]) => [id, null, dir, attributes, null, null]),
      ),
      schemaTable('File', fileRows),
      schemaTable('Media', [[1, spec.files.length, null, cabinet, null, null]]),
      ...(spec.registry ? [schemaTable('Registry', spec.registry)] : []),
    ],
    streams: spec.noStream ? {} : { [cabinet.replace(/^#/, '')]: cab },
  });
  const msi = openMsi(bytesSource(bytes), PACKAGE);
  const db = lowerMsi(msi, PACKAGE);
  // A cabinet beside the package is served from memory too, unless the case gives its own.
  attachPackagePayloads(msi, db, PACKAGE, beside ?? ((name) => (name === cabinet ? bytesSource(cab) : undefined)));
  const ids = rules.map((r) => r.meta.id).filter((id) => id !== 'payload-isa');
  const severities = Object.fromEntries(ids.map((id) => [id, 'off' as const]));
  return lintPackages([db], severities).map((p) => {
    const where = p.location.kind === 'row' ? `${p.location.table}/${p.location.key}` : '?';
    return `${where} ${p.severity} ${fullMessage(p)}`;
  });
}

const X64_DLL = peImage({ machine: IMAGE_FILE_MACHINE_AMD64, dll: true });
const X86_DRIVER = peImage({ machine: IMAGE_FILE_MACHINE_I386, subsystem: IMAGE_SUBSYSTEM_NATIVE });
const ANYCPU = peImage({ machine: IMAGE_FILE_MACHINE_I386, dll: true, clrFlags: COMIMAGE_FLAGS_ILONLY });

describe('payload-isa on built packages', () => {
  it('reads an x64 binary from the embedded MSZIP cabinet and reports it in a 32-bit component', () => {
    assert.deepEqual(
      lint({
        template: 'Intel;1033',
        components: [['Main', 'ProgramFilesFolder', 0]],
        files: [
          { id: 'ext.dll', component: 'Main', name: 'EXT~1.DLL|ext.dll', data: X64_DLL },
          { id: 'lib.dll', component: 'Main', name: 'lib.dll', data: ANYCPU },
        ],
      }),
      [
        "File/ext.dll error File 'ext.dll' is an x64 binary but component 'Main' is 32-bit Read from " +
          "ext.dll in the package's cabinet p.cab. A 32-bit component installs to the 32-bit folders and " +
          'registry view, for 32-bit processes, which cannot load an x64 binary. Install it from a 64-bit ' +
          'component of the 64-bit package, and the x86 build of the file here.',
      ],
    );
  });

  it('reports an x86 kernel driver in a 64-bit component of an x64 package, and reads a cabinet beside the package', () => {
    const spec: Spec = {
      template: 'x64;1033',
      components: [['Drv', 'System64Folder', COMPONENT_64BIT]],
      files: [{ id: 'drv.sys', component: 'Drv', name: 'drv.sys', data: X86_DRIVER }],
      cabinet: 'disk1.cab',
      noStream: true,
    };
    assert.deepEqual(lint(spec), [
      "File/drv.sys error Kernel driver 'drv.sys' is an x86 binary but component 'Drv' is 64-bit Read from drv.sys in cabinet " +
        "disk1.cab beside the package; it is in component 'Drv': 64-bit Windows loads only 64-bit drivers. Install the 64-bit " +
        'build of the driver here, and this one from a 32-bit component of the x86 package.',
    ]);
  });

  it('reports a 32-bit in-process COM server registered by a 64-bit component: a dead registration', () => {
    assert.deepEqual(
      lint({
        template: 'x64;1033',
        components: [['Srv', 'ProgramFiles64Folder', COMPONENT_64BIT]],
        files: [{ id: 'srv.dll', component: 'Srv', name: 'srv.dll', data: peImage({ machine: IMAGE_FILE_MACHINE_I386, dll: true }) }],
        registry: [['Inproc', 0, 'CLSID\\{11111111-2222-3333-4444-555555555555}\\InprocServer32', null, '[#srv.dll]', 'Srv']],
      }),
      [
        'Registry/Inproc error COM class {11111111-2222-3333-4444-555555555555} is registered in the 64-bit view but its server ' +
          "is an x86 binary File 'srv.dll' (srv.dll in the package's cabinet p.cab) is its InprocServer32: 64-bit processes " +
          'cannot load it, so the registration is dead. Register it from a 32-bit component, or install the 64-bit build of the ' +
          'server here.',
      ],
    );
  });

  it('is clean when the payloads match, and skips files laid out beside the package', () => {
    assert.deepEqual(
      lint({
        template: 'x64;1033',
        components: [
          ['Main', 'ProgramFiles64Folder', COMPONENT_64BIT],
          ['Loose', 'ProgramFilesFolder', 0],
        ],
        files: [
          { id: 'ext.dll', component: 'Main', name: 'ext.dll', data: X64_DLL },
          { id: 'loose.dll', component: 'Loose', name: 'loose.dll', data: X64_DLL, attributes: FILE_NONCOMPRESSED },
        ],
      }),
      [],
    );
  });

  it('says once at the Media row what it could not check: an LZX cabinet, a missing stream', () => {
    const files = [
      { id: 'a.dll', component: 'Main', name: 'a.dll', data: X64_DLL },
      { id: 'b.dll', component: 'Main', name: 'b.dll', data: X64_DLL },
    ];
    assert.deepEqual(lint({ template: 'Intel;1033', components: [['Main', 'ProgramFilesFolder', 0]], files, cabinetType: TYPE_LZX }), [
      "Media/1 info Payloads in the package's cabinet p.cab: not checked Compressed with LZX, which " + 'wixlint does not decompress (2 files).',
    ]);
    assert.deepEqual(lint({ template: 'Intel;1033', components: [['Main', 'ProgramFilesFolder', 0]], files, noStream: true }), [
      "Media/1 info Payloads in the package's cabinet p.cab: not checked The package has no stream 'p.cab'.",
    ]);
  });

  it('reads a merge module from its MergeModule.CABinet stream, with no Media table', () => {
    const MODULE = '/packages/ext.msm';
    const files = [
      { id: 'ext.dll.1B3C5D7E_0A1B_4C2D_8E3F_405162738495', name: 'ext.dll', data: X64_DLL },
      { id: 'lib.dll.1B3C5D7E_0A1B_4C2D_8E3F_405162738495', name: 'lib.dll', data: peImage({ machine: IMAGE_FILE_MACHINE_I386, dll: true }) },
    ];
    const module = (withStream: boolean) =>
      buildMsi({
        summary: { template: 'Intel;1033', pageCount: 200 },
        tables: [
          schemaTable('ModuleSignature', [['Ext.1B3C5D7E_0A1B_4C2D_8E3F_405162738495', 1033, '1.0.0']]),
          schemaTable('Directory', [['TARGETDIR', null, 'SourceDir']]),
          schemaTable('Component', [['Ext', null, 'TARGETDIR', 0, null, null]]),
          schemaTable(
            'File',
            files.map((f, i) => [f.id, 'Ext', f.name, f.data.length, null, null, 0, i + 1]),
          ),
        ],
        streams: withStream
          ? { 'MergeModule.CABinet': cabinetImage({ folders: [{ type: TYPE_MSZIP, files: files.map((f) => ({ name: f.id, data: f.data })) }] }) }
          : {},
      });
    const lintModule = (bytes: Uint8Array) => {
      const msi = openMsi(bytesSource(bytes), MODULE);
      const db = lowerMsi(msi, MODULE);
      attachPackagePayloads(msi, db, MODULE, () => undefined);
      const severities = Object.fromEntries(rules.filter((r) => r.meta.id !== 'payload-isa').map((r) => [r.meta.id, 'off' as const]));
      return lintPackages([db], severities).map(
        (p) => `${p.location.kind === 'row' ? `${p.location.table}/${p.location.key}` : '?'} ${p.severity} ${fullMessage(p)}`,
      );
    };
    assert.deepEqual(lintModule(module(true)), [
      "File/ext.dll.1B3C5D7E_0A1B_4C2D_8E3F_405162738495 error File 'ext.dll.1B3C5D7E_0A1B_4C2D_8E3F_405162738495' is an " +
        "x64 binary but component 'Ext' is 32-bit Read from ext.dll.1B3C5D7E_0A1B_4C2D_8E3F_405162738495 in the cabinet of " +
        'ext.msm. A 32-bit component installs to the 32-bit folders and registry view, for 32-bit processes, which cannot ' +
        'load an x64 binary. Install it from a 64-bit component of the 64-bit package, and the x86 build of the file here.',
    ]);
    // Without the stream, what could not be checked is said at the module's signature.
    assert.deepEqual(lintModule(module(false)), [
      'ModuleSignature/Ext.1B3C5D7E_0A1B_4C2D_8E3F_405162738495/1033 info Payloads in the cabinet of ext.msm: not checked The ' +
        "package has no stream 'MergeModule.CABinet'.",
    ]);
  });

  it('says a damaged cabinet is damaged, without failing the lint', () => {
    const spec: Spec = {
      template: 'Intel;1033',
      components: [['Main', 'ProgramFilesFolder', 0]],
      files: [{ id: 'a.dll', component: 'Main', name: 'a.dll', data: X64_DLL }],
      cabinet: 'disk1.cab',
      noStream: true,
    };
    assert.deepEqual(
      lint(spec, () => bytesSource(new TextEncoder().encode('MSCF'))),
      [
        'Media/1 info Payloads in cabinet disk1.cab beside the package: not checked The cabinet is ' +
          'damaged (The cabinet ends at byte 4, but the cabinet header needs bytes 0 to 36).',
      ],
    );
  });
});
