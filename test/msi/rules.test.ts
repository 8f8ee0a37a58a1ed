// The rules on built packages: each ICE80 check, isa-mixing and com-overwrite from table rows, and clean packages clean.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lintPackages } from '../../server/src/engine/lint';
import { fullMessage, type Problem } from '../../server/src/engine/problem';
import { bytesSource } from '../../server/src/msi/byteSource';
import { openMsi } from '../../server/src/msi/database';
import { lowerMsi } from '../../server/src/msi/lower';
import { rules } from '../../server/src/rules';
import { fillMessage } from '../../server/src/rules/rule';
import { buildMsi, type BuilderCell, type BuilderTable, type SummarySpec } from './builder';
import { schemaTable } from './schema';

interface PackageSpec {
  summary?: SummarySpec;
  properties?: [string, string][];
  /** [id, parent] */
  directories?: [string, string | null][];
  /** [id, directory, attributes, condition] */
  components?: [string, string, number, string | null][];
  /** [id, root, key, name, value, component] */
  registry?: [string, number, string, string | null, string | null, string][];
  /** [action, type] */
  customActions?: [string, number][];
  /** [clsid, context, component] (advertised classes) */
  classes?: [string, string, string][];
  /** [signature, type] */
  regLocators?: [string, number][];
}

const STANDARD_DIRS: [string, string | null][] = [
  ['TARGETDIR', null],
  ['ProgramFilesFolder', 'TARGETDIR'],
  ['ProgramFiles64Folder', 'TARGETDIR'],
];

function table(name: string, columns: [string, string, boolean?][], rows: BuilderCell[][]): BuilderTable {
  return { name, columns: columns.map(([n, type, key]) => ({ name: n, type, key: key === true })), rows };
}

function build(spec: PackageSpec): Uint8Array {
  const tables: BuilderTable[] = [
    schemaTable('Property', [['ProductName', 'Demo'], ['ProductLanguage', '1033'], ...(spec.properties ?? [])]),
    schemaTable(
      'Directory',
      (spec.directories ?? STANDARD_DIRS).map(([d, p]) => [d, p, d === 'TARGETDIR' ? 'SourceDir' : '.']),
    ),
    schemaTable(
      'Component',
      (spec.components ?? []).map(([id, dir, attributes, condition]) => [id, null, dir, attributes, condition, null]),
    ),
  ];
  if (spec.registry) {
    tables.push(schemaTable('Registry', spec.registry));
  }
  if (spec.classes) {
    tables.push(
      table(
        'Class',
        [
          ['CLSID', 's38', true],
          ['Context', 's32', true],
          ['Component_', 's72', true],
          ['ProgId_Default', 'S255'],
          ['Description', 'L255'],
          ['Feature_', 's38'],
        ],
        spec.classes.map(([clsid, context, component]) => [clsid, context, component, null, 'Shell Extension', 'Main']),
      ),
    );
  }
  if (spec.customActions) {
    tables.push(
      schemaTable(
        'CustomAction',
        spec.customActions.map(([a, t]) => [a, t, null, 'x']),
      ),
    );
  }
  if (spec.regLocators) {
    tables.push(
      schemaTable(
        'RegLocator',
        spec.regLocators.map(([s, t]) => [s, 2, 'SOFTWARE\\X', null, t]),
      ),
    );
  }
  return buildMsi({ summary: spec.summary ?? { template: 'Intel;1033', pageCount: 200, wordCount: 2 }, tables });
}

function lint(spec: PackageSpec): Problem[] {
  return lintPackages([lowerMsi(openMsi(bytesSource(build(spec)), 'demo.msi'), 'demo.msi')], {});
}

function brief(p: Problem): string {
  const l = p.location;
  return `${p.ruleId} ${l.kind === 'row' ? `${l.table}/${l.key}` : 'source'} ${fullMessage(p)}`;
}

function expected(ruleId: string, table: string, key: string, messageId: string, data: Record<string, string | number>): string {
  const rule = rules.find((r) => r.meta.id === ruleId)!;
  return `${ruleId} ${table}/${key} ${fullMessage(fillMessage(rule.meta.messages[messageId]!, data))}`;
}

const PLATFORM_32 = "the Template summary property 'Intel;1033' makes Package 'Demo' a 32-bit package";
const BUILD_32 = "the Template summary property 'Intel;1033' makes a 32-bit package";
const COMPONENT_64BIT = 0x100;

describe('rules on built packages', () => {
  it('a clean 32-bit package and a clean 64-bit package have no problems', () => {
    assert.deepEqual(
      lint({
        directories: [
          ['TARGETDIR', null],
          ['ProgramFilesFolder', 'TARGETDIR'],
        ],
        components: [['Core', 'ProgramFilesFolder', 0, null]],
      }).map(brief),
      [],
    );
    assert.deepEqual(
      lint({ summary: { template: 'x64;1033', pageCount: 200 }, components: [['Core', 'ProgramFiles64Folder', COMPONENT_64BIT, null]] }).map(brief),
      [],
    );
  });

  it('a 32-bit package with a 64-bit component: isa-mixing and ICE80 #1, and #7/#9 for its folders', () => {
    assert.deepEqual(
      lint({
        components: [
          ['Core', 'ProgramFilesFolder', 0, null],
          ['Core64', 'ProgramFilesFolder', COMPONENT_64BIT, null],
        ],
      }).map(brief),
      [
        expected('ice80', 'Component', 'Core64', 'component64In32BitDirectory', {
          component: 'Core64',
          how: 'Attributes has msidbComponentAttributes64bit',
          directory: 'ProgramFilesFolder',
          folder: 'ProgramFilesFolder',
          twin: 'ProgramFiles64Folder',
          fix: 'no msidbComponentAttributes64bit (0x100) attribute',
        }),
        expected('ice80', 'Component', 'Core64', 'component64In32BitPackage', {
          component: 'Core64',
          how: 'Attributes has msidbComponentAttributes64bit',
          platform: PLATFORM_32,
          build: BUILD_32,
        }),
        expected('ice80', 'Directory', 'ProgramFiles64Folder', 'folder64In32BitPackage', {
          directory: 'ProgramFiles64Folder',
          platform: PLATFORM_32,
          build: BUILD_32,
          twin: 'ProgramFilesFolder',
        }),
        expected('isa-mixing', '_SummaryInformation', '7', 'mixed', {
          package: "Package 'Demo'",
          build: "The Template summary property 'Intel;1033' makes a 32-bit package",
          parts: "component 'Core64'",
          summary: "component 'Core64' is 64-bit",
        }),
      ],
    );
  });

  it('a 32-bit component under ProgramFiles64Folder in a 64-bit package: ICE80 #10', () => {
    assert.deepEqual(
      lint({ summary: { template: 'x64;1033', pageCount: 200 }, components: [['Tool32', 'ProgramFiles64Folder', 0, null]] }).map(brief),
      [
        expected('ice80', 'Component', 'Tool32', 'component32In64BitDirectory', {
          component: 'Tool32',
          how: 'Attributes without the 64-bit flag',
          directory: 'ProgramFiles64Folder',
          folder: 'ProgramFiles64Folder',
          twin: 'ProgramFilesFolder',
          fix: 'the msidbComponentAttributes64bit (0x100) attribute',
        }),
      ],
    );
  });

  it('a 64-bit RegLocator (#8) and a 64-bit script custom action (#2) in a 32-bit package', () => {
    const problems = lint({
      directories: [['TARGETDIR', null]],
      regLocators: [
        ['FindNative', 2 | 0x10],
        ['Find32', 2],
      ],
      customActions: [
        ['Script64', 6 | 0x1000],
        ['Dll64', 1 | 0x1000],
      ],
    }).map(brief);
    assert.deepEqual(problems, [
      expected('ice80', 'CustomAction', 'Script64', 'script64In32BitPackage', {
        action: 'Script64',
        how: 'Type has msidbCustomActionType64BitScript',
        platform: PLATFORM_32,
        build: BUILD_32,
        fix: 'no 64-bit type flag',
      }),
      expected('ice80', 'RegLocator', 'FindNative', 'search64In32BitPackage', {
        search: 'FindNative',
        how: 'Type has msidbLocatorType64bit',
        platform: PLATFORM_32,
        build: BUILD_32,
        fix: 'no 64-bit type flag',
      }),
      expected('isa-mixing', '_SummaryInformation', '7', 'mixed', {
        package: "Package 'Demo'",
        build: "The Template summary property 'Intel;1033' makes a 32-bit package",
        parts: "custom action script 'Script64' and registry search 'FindNative'",
        summary: '2 of its parts are 64-bit',
      }),
    ]);
  });

  it('schemas too low for the platform (#4, #5, #6)', () => {
    for (const [template, pageCount, token, min] of [
      ['Intel64;1033', 110, 'Intel64', 150],
      ['x64;1033', 100, 'x64', 200],
      ['Arm64;1033', 200, 'Arm64', 500],
    ] as const) {
      assert.deepEqual(lint({ summary: { template, pageCount }, directories: [['TARGETDIR', null]] }).map(brief), [
        expected('ice80', '_SummaryInformation', '14', 'schemaTooLow', { package: "Package 'Demo'", token, schema: pageCount, min }),
      ]);
    }
  });

  it('a ProductLanguage that the Template does not list (#11)', () => {
    assert.deepEqual(lint({ summary: { template: 'Intel;1031', pageCount: 200 }, directories: [['TARGETDIR', null]] }).map(brief), [
      expected('ice80', 'Property', 'ProductLanguage', 'languageNotInTemplate', { language: '1033', languages: '1031' }),
    ]);
  });

  it('bad summary values (#3): an empty Template, a Template and a PageCount of the wrong type', () => {
    assert.deepEqual(lint({ summary: { template: '', pageCount: 200 }, directories: [['TARGETDIR', null]] }).map(brief), [
      expected('ice80', '_SummaryInformation', '7', 'badSummaryValue', { property: 'Template', value: 'empty' }),
    ]);
    assert.deepEqual(
      lint({
        summary: {
          raw: [
            { pid: 7, type: 'i4', value: 1 },
            { pid: 14, type: 'lpstr', value: 'two hundred' },
          ],
        },
        directories: [['TARGETDIR', null]],
      }).map(brief),
      [
        expected('ice80', '_SummaryInformation', '14', 'badSummaryValue', { property: 'PageCount', value: 'not an integer' }),
        expected('ice80', '_SummaryInformation', '7', 'badSummaryValue', { property: 'Template', value: 'not a string' }),
      ],
    );
  });

  it('an HKCR CLSID written by a 32-bit and a 64-bit component: com-overwrite at both Registry rows', () => {
    const clsid = '{B09BAAE7-5C1A-4F64-9E3D-2A7C51F0D8A4}';
    const problems = lint({
      directories: [['TARGETDIR', null]],
      components: [
        ['Shell32', 'TARGETDIR', 0, null],
        ['Shell64', 'TARGETDIR', COMPONENT_64BIT, null],
      ],
      registry: [
        ['Reg32', 0, `CLSID\\${clsid}\\InprocServer32`, null, '[#shell32.dll]', 'Shell32'],
        ['Reg64', 0, `CLSID\\${clsid}\\InprocServer32\\`, null, '[#shell64.dll]', 'Shell64'],
      ],
    });
    const where = 'on 32-bit Windows, which ignores the 64-bit flag and has no registry redirection, they write the same key';
    assert.deepEqual(problems.filter((p) => p.ruleId === 'com-overwrite').map(brief), [
      expected('com-overwrite', 'Registry', 'Reg32', 'overwrite', {
        key: `HKCR\\CLSID\\${clsid}\\InprocServer32`,
        shared: 'They share this key',
        bits: 32,
        component: 'Shell32',
        otherBits: 64,
        other: 'Shell64',
        values: ", 'Shell32' with the value '[#shell32.dll]' and 'Shell64' with '[#shell64.dll]'",
        where,
      }),
      expected('com-overwrite', 'Registry', 'Reg64', 'overwrite', {
        key: `HKCR\\CLSID\\${clsid}\\InprocServer32`,
        shared: 'They share this key',
        bits: 64,
        component: 'Shell64',
        otherBits: 32,
        other: 'Shell32',
        values: ", 'Shell64' with the value '[#shell64.dll]' and 'Shell32' with '[#shell32.dll]'",
        where,
      }),
    ]);
    const first = problems.find((p) => p.ruleId === 'com-overwrite')!;
    assert.deepEqual(
      first.related.map((r) => r.location),
      [{ kind: 'row', file: 'demo.msi', table: 'Registry', key: 'Reg64' }],
    );
  });

  it('no com-overwrite when the twins have VersionNT64 / NOT VersionNT64 conditions', () => {
    const key = 'CLSID\\{B09BAAE7-5C1A-4F64-9E3D-2A7C51F0D8A4}\\InprocServer32';
    const problems = lint({
      directories: [['TARGETDIR', null]],
      components: [
        ['Shell32', 'TARGETDIR', 0, 'NOT VersionNT64'],
        ['Shell64', 'TARGETDIR', COMPONENT_64BIT, 'VersionNT64'],
      ],
      registry: [
        ['Reg32', 0, key, null, 'a', 'Shell32'],
        ['Reg64', 0, key, null, 'b', 'Shell64'],
      ],
    });
    assert.deepEqual(problems.filter((p) => p.ruleId === 'com-overwrite').map(brief), []);
  });

  it('an advertised Class registered by a 32-bit and a 64-bit component: com-overwrite at both Class rows', () => {
    const clsid = '{B09BAAE7-5C1A-4F64-9E3D-2A7C51F0D8A4}';
    const problems = lint({
      directories: [['TARGETDIR', null]],
      components: [
        ['Shell32', 'TARGETDIR', 0, null],
        ['Shell64', 'TARGETDIR', COMPONENT_64BIT, null],
      ],
      classes: [
        [clsid, 'InprocServer32', 'Shell32'],
        [clsid, 'InprocServer32', 'Shell64'],
      ],
    });
    const where = 'on 32-bit Windows, which ignores the 64-bit flag and has no registry redirection, they write the same key';
    assert.deepEqual(problems.filter((p) => p.ruleId === 'com-overwrite').map(brief), [
      expected('com-overwrite', 'Class', `${clsid}/InprocServer32/Shell32`, 'overwrite', {
        key: `HKCR\\CLSID\\${clsid}\\InprocServer32`,
        shared: 'They share this key and 1 more',
        bits: 32,
        component: 'Shell32',
        otherBits: 64,
        other: 'Shell64',
        values: '',
        where,
      }),
      expected('com-overwrite', 'Class', `${clsid}/InprocServer32/Shell64`, 'overwrite', {
        key: `HKCR\\CLSID\\${clsid}\\InprocServer32`,
        shared: 'They share this key and 1 more',
        bits: 64,
        component: 'Shell64',
        otherBits: 32,
        other: 'Shell32',
        values: '',
        where,
      }),
    ]);
  });
});
