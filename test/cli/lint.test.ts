// The wixlint command end to end on real files: the examples, defines, include paths, rule overrides, exit codes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { brief, pick, runWixlint, type JsonProblem } from './cliRun';

const REPO = path.resolve(__dirname, '..', '..', '..');

const run = (argv: string[], cwd = REPO) => runWixlint(argv, cwd);

function withTempDir(files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-lint-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return body(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

const V3_HEAD =
  '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">\n  <Product Id="*" Name="T" Language="1033" Version="1.0.0" Manufacturer="M" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">\n    <Package InstallerVersion="200" />\n';
const V3_TAIL = '  </Product>\n</Wix>\n';

describe('wixlint on the examples', () => {
  it('reports the ISA mixing in both examples for the default x86 build, exit 1', async () => {
    const { code, stdout, stderr } = await run(['--format', 'json', 'examples']);
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const out = JSON.parse(stdout) as { version: number; problems: JsonProblem[] };
    assert.equal(out.version, 1);
    assert.deepEqual(out.problems.map(brief), [
      'examples/cfix/cfix.wxs:26:43-26:60 warning payload-isa [x86]',
      'examples/cfix/cfix.wxs:26:61-26:90 error payload-isa [x86]',
      'examples/cfix/cfix.wxs:39:43-39:62 warning payload-isa [x86]',
      'examples/cfix/cfix.wxs:39:63-39:94 error payload-isa [x86]',
      'examples/v3/Components.wxs:15:10-15:21 error com-overwrite [x86]',
      'examples/v3/Components.wxs:25:10-25:21 error com-overwrite [x86]',
      'examples/v3/Components.wxs:31:10-31:21 error com-overwrite [x86]',
      'examples/v3/Components.wxs:37:8-37:17 error ice80 [x86]',
      'examples/v3/Components.wxs:37:80-37:91 error ice80 [x86]',
      'examples/v3/Components.wxs:40:10-40:21 error com-overwrite [x86]',
      'examples/v3/Components.wxs:50:10-50:21 error com-overwrite [x86]',
      'examples/v3/Components.wxs:56:10-56:21 error com-overwrite [x86]',
      'examples/v3/Product.wxs:10:4-10:11 error isa-mixing [x86]',
      'examples/v4/Components.wxs:14:8-14:17 error ice80 [x86]',
      'examples/v4/Components.wxs:14:36-14:54 error ice80 [x86]',
      'examples/v4/Package.wxs:7:4-7:11 error isa-mixing [x86]',
      'examples/v4/Package.wxs:22:23-22:41 error ice80 [x86]',
    ]);
    // JSON gives the headline as `message`, then the rule's explanation and fix as `note` and `help`.
    assert.deepEqual(pick(out.problems[4]!), {
      message: "32-bit 'ShellExt32' and 64-bit 'ShellExt64' both write HKCR\\CLSID\\{B09BAAE7-55BB-4D9D-A8F6-49D39B963F21}",
      note:
        'They share this key and 3 more: on 32-bit Windows, which ignores the 64-bit flag and has no ' +
        'registry redirection, they write the same key, so the last one installed wins and uninstalling ' +
        'either removes the registration of both.',
      help: 'Build one package per ISA, or give the two components mutually exclusive conditions (VersionNT64 / NOT VersionNT64).',
    });
    assert.deepEqual(pick(out.problems[12]!), {
      message: "The x86 build makes a 32-bit package, but component 'ShellExt64' is 64-bit",
      note:
        "Product 'Contoso Shell Extension' contains 64-bit component 'ShellExt64'. On 32-bit Windows, " +
        'where a 32-bit package also installs, the 64-bit flag is ignored and there is no registry ' +
        "redirection: they act as 32-bit and share every folder and registry key with the package's " +
        '32-bit parts.',
      help: 'Build one package per ISA (x86 and x64), chained by a bundle if needed.',
    });
    assert.deepEqual(pick(out.problems[8]!), {
      message: "Component 'ShellExt64' is 64-bit but the x86 build makes a 32-bit package",
      note:
        'It is 64-bit (Win64="yes"), and the x86 build makes Product \'Contoso Shell Extension\' a 32-bit package: on 32-bit ' +
        "Windows its 64-bit flag is ignored. ICE80: This package contains 64 bit component 'ShellExt64' but the Template Summary " +
        'Property does not contain Intel64, x64, or Arm64.',
      help: 'Move it to a separate 64-bit package, or make it 32-bit.',
    });
  });

  it('reports a problem that holds on several platforms once, listing them', async () => {
    const { code, stdout } = await run(['--format', 'json', '--arch', 'x64', '--arch=arm64', 'examples/v3']);
    assert.equal(code, 1);
    assert.deepEqual((JSON.parse(stdout) as { problems: JsonProblem[] }).problems.map(brief), [
      'examples/v3/Components.wxs:12:8-12:17 error ice80 [x64,arm64]',
      'examples/v3/Components.wxs:37:8-37:17 error ice80 [x64,arm64]',
      // WiX raises InstallerVersion="200" to 500 for Arm64 itself: a warning in sources.
      'examples/v3/Product.wxs:17:14-17:36 warning ice80 [arm64]',
    ]);
  });

  it('is clean for the v4 example built for x64, exit 0, saying only what it linted for', async () => {
    assert.deepEqual(await run(['--arch', 'x64', 'examples/v4']), {
      code: 0,
      stdout: 'Linted examples/v4/Package.wxs and 1 more file: x64 (--arch)\n',
      stderr: '',
    });
  });

  it('reports the COM collision of the v3 example in text, with related information in JSON', async () => {
    const text = await run(['examples/v3']);
    assert.equal(text.code, 1);
    const lines = text.stdout.split('\n');
    assert.equal(lines[0], 'examples/v3/Components.wxs');
    assert.deepEqual(lines.slice(1, 9), [
      "  15:10  error  32-bit 'ShellExt32' and 64-bit 'ShellExt64' both write",
      '                HKCR\\CLSID\\{B09BAAE7-55BB-4D9D-A8F6-49D39B963F21}  com-overwrite [x86]',
      '                = note: They share this key and 3 more: on 32-bit Windows, which ignores the 64-bit',
      '                        flag and has no registry redirection, they write the same key, so the last',
      '                        one installed wins and uninstalling either removes the registration of both.',
      '                = help: Build one package per ISA, or give the two components mutually exclusive',
      '                        conditions (VersionNT64 / NOT VersionNT64).',
      "  25:10  error  32-bit 'ShellExt32' and 64-bit 'ShellExt64' both write HKCR\\Contoso.ShellExt",
    ]);
    assert.equal(lines[lines.length - 2], '✖ 9 problems (9 errors, 0 warnings, 0 infos)');
    const json = await run(['--format', 'json', 'examples/v3']);
    const first = (JSON.parse(json.stdout) as { problems: (JsonProblem & { related?: unknown[] })[] }).problems[0]!;
    assert.deepEqual(first.related, [
      {
        file: 'examples/v3/Components.wxs',
        line: 40,
        column: 10,
        endLine: 40,
        endColumn: 21,
        message: "The 64-bit component 'ShellExt64' writes HKCR\\CLSID\\{B09BAAE7-55BB-4D9D-A8F6-49D39B963F21} here.",
      },
    ]);
  });

  it('prints stylish text with a summary line', async () => {
    const { code, stdout } = await run(['examples/v4/Package.wxs', 'examples/v4/Components.wxs']);
    assert.equal(code, 1);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'examples/v4/Components.wxs');
    assert.deepEqual(lines.slice(1, 3), [
      "  14:8   error  Component 'DiagHelper64' is 64-bit but installs under the 32-bit ProgramFilesFolder",
      '                ice80 [x86]',
    ]);
    assert.equal(lines[lines.length - 2], '✖ 4 problems (4 errors, 0 warnings, 0 infos)');
  });

  it('applies --rule overrides: off drops a rule, warning keeps the exit code at 0', async () => {
    const off = await run(['--format', 'json', '--rule', 'ice80=off', '--rule', 'com-overwrite=off', '--rule', 'payload-isa=off', 'examples']);
    assert.equal(off.code, 1);
    assert.deepEqual(
      (JSON.parse(off.stdout) as { problems: JsonProblem[] }).problems.map((p) => p.ruleId),
      ['isa-mixing', 'isa-mixing'],
    );
    const warn = await run([
      '--format',
      'json',
      '--rule',
      'ice80=off',
      '--rule',
      'com-overwrite=off',
      '--rule',
      'payload-isa=off',
      '--rule',
      'isa-mixing=warning',
      'examples',
    ]);
    assert.equal(warn.code, 0);
    assert.deepEqual(
      (JSON.parse(warn.stdout) as { problems: JsonProblem[] }).problems.map((p) => p.severity),
      ['warning', 'warning'],
    );
  });

  it('writes SARIF 2.1.0 with the rules and their help URIs', async () => {
    const { code, stdout } = await run(['--format', 'sarif', 'examples/v3']);
    assert.equal(code, 1);
    const sarif = JSON.parse(stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; helpUri: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0]!;
    const ruleIds = run0.tool.driver.rules.map((r) => r.id);
    assert.deepEqual(ruleIds, ['bundle-isa', 'com-overwrite', 'ice80', 'isa-mixing', 'parse-error', 'payload-isa', 'undefined-variable']);
    assert.equal(run0.tool.driver.rules[3]!.helpUri, 'https://github.com/wixlint/wixlint/blob/main/docs/rules/isa-mixing.md');
    assert.deepEqual(
      run0.results.map((r) => {
        const l = r.locations[0]!.physicalLocation;
        return `${r.ruleId}#${r.ruleIndex} ${l.artifactLocation.uri}:${l.region.startLine}:${l.region.startColumn}`;
      }),
      [
        'com-overwrite#1 examples/v3/Components.wxs:15:10',
        'com-overwrite#1 examples/v3/Components.wxs:25:10',
        'com-overwrite#1 examples/v3/Components.wxs:31:10',
        'ice80#2 examples/v3/Components.wxs:37:8',
        'ice80#2 examples/v3/Components.wxs:37:80',
        'com-overwrite#1 examples/v3/Components.wxs:40:10',
        'com-overwrite#1 examples/v3/Components.wxs:50:10',
        'com-overwrite#1 examples/v3/Components.wxs:56:10',
        'isa-mixing#3 examples/v3/Product.wxs:10:4',
      ],
    );
  });
});

describe('wixlint on sources saved with other line ends', () => {
  it('places problems in a source with CRLF line ends (as Windows saves it) at its lines and columns, in every format', async () => {
    const lines = [
      '<?xml version="1.0"?>',
      ...V3_HEAD.trimEnd().split('\n'),
      '    <Directory Id="TARGETDIR" Name="SourceDir">',
      '      <Directory Id="ProgramFilesFolder">',
      '        <Directory Id="D" Name="T">',
      '          <Component Id="Core" Guid="*"><File Source="core.dll" /></Component>',
      '          <Component Id="Shell64" Guid="*" Win64="yes"><File Source="shell64.dll" /></Component>',
      '        </Directory>',
      '      </Directory>',
      '    </Directory>',
      ...V3_TAIL.trimEnd().split('\n'),
    ];
    // The package (line 3), and Shell64 (line 9): the component under the 32-bit folder, and its Win64 attribute.
    const expected = [
      'Product.wxs:3:4-3:11 error isa-mixing [x86]',
      'Product.wxs:9:12-9:21 error ice80 [x86]',
      'Product.wxs:9:44-9:55 error ice80 [x86]',
    ];
    for (const eol of ['\n', '\r\n', '\r']) {
      await withTempDir({ 'Product.wxs': lines.join(eol) + eol }, async (dir) => {
        const json = await run(['--format', 'json', 'Product.wxs'], dir);
        assert.deepEqual((JSON.parse(json.stdout) as { problems: JsonProblem[] }).problems.map(brief), expected, JSON.stringify(eol));
        const text = await run(['Product.wxs'], dir);
        assert.match(text.stdout, /^ {2}9:44 {2}error {2}Component 'Shell64' is 64-bit but the x86 build makes a 32-bit package/m);
        const sarif = JSON.parse((await run(['--format', 'sarif', 'Product.wxs'], dir)).stdout) as {
          runs: { results: { locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[];
        };
        assert.deepEqual(
          sarif.runs[0]!.results.map(
            (r) => `${r.locations[0]!.physicalLocation.region.startLine}:${r.locations[0]!.physicalLocation.region.startColumn}`,
          ),
          ['3:4', '9:12', '9:44'],
        );
      });
    }
  });
});

describe('wixlint on project files', () => {
  it('takes -d defines and -I include paths like candle, and reports where an include is missing', async () => {
    await withTempDir(
      {
        'src/Product.wxs':
          '<?include Bits.wxi ?>\n' +
          V3_HEAD +
          '    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="D" Name="T">\n' +
          '      <Component Id="C" Guid="*" Win64="$(var.Win64)"><File Source="$(var.Bin)\\a.dll" /></Component>\n' +
          '    </Directory></Directory></Directory>\n' +
          V3_TAIL,
        'include/Bits.wxi': '<Include><?define Win64 = "$(var.Bits)" ?></Include>\n',
      },
      async (dir) => {
        const clean = await run(['-I', 'include', '-dBits=no', '-d', 'Bin=out', 'src'], dir);
        assert.deepEqual(clean, {
          code: 0,
          stdout: "Linted src/Product.wxs: x86 (nothing names a platform, so x86, the WiX compilers' default)\n",
          stderr: '',
        });
        const mixed = await run(['--format', 'json', '-I', 'include', '-d', 'Bits=yes', '-dBin=out', 'src'], dir);
        assert.equal(mixed.code, 1);
        assert.deepEqual((JSON.parse(mixed.stdout) as { problems: JsonProblem[] }).problems.map(brief), [
          'src/Product.wxs:3:4-3:11 error isa-mixing [x86]',
          'src/Product.wxs:6:8-6:17 error ice80 [x86]',
          'src/Product.wxs:6:34-6:54 error ice80 [x86]',
        ]);
        const missing = await run(['--format', 'json', '-dBits=no', '-dBin=out', 'src'], dir);
        assert.equal(missing.code, 1);
        const problems = (JSON.parse(missing.stdout) as { problems: JsonProblem[] }).problems;
        assert.deepEqual(problems.map(brief), [
          'src/Product.wxs:1:1-1:22 error parse-error [x86]',
          'src/Product.wxs:6:34-6:54 warning undefined-variable [x86]',
        ]);
        assert.equal(problems[0]!.message, "Cannot find the include file 'Bits.wxi'");
        assert.match(problems[0]!.note!, /^Looked in .*src\.$/);
        assert.match(problems[0]!.help!, /^If the build generates it or finds it through an include path, add that folder with -I DIR/);
        assert.equal(problems[1]!.message, '$(var.Win64) is not defined here');
        assert.match(problems[1]!.help!, /^Pass -d Win64=VALUE /);
      },
    );
  });

  it('reports malformed XML as one parse-error and still exits 1, not 2', async () => {
    await withTempDir({ 'Broken.wxs': V3_HEAD + '    <Directory Id="TARGETDIR"\n' }, async (dir) => {
      const { code, stdout } = await run(['--format', 'json', 'Broken.wxs'], dir);
      assert.equal(code, 1);
      const problems = (JSON.parse(stdout) as { problems: JsonProblem[] }).problems;
      assert.deepEqual(
        problems.map((p) => `${brief(p)} ${p.message}`),
        ['Broken.wxs:5:1-5:1 error parse-error [x86] Unexpected end of file inside the start tag <Directory>. <Product> (line 2) is not closed.'],
      );
    });
  });

  it('shows each file by the name it was given, in the order of those names, in every format', async () => {
    // x/../a.wxs comes after b.wxs by name though a.wxs comes first in the folder: the report follows the names shown.
    const fragment =
      '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">\n  <Fragment>\n' +
      '    <Component Id="C" Guid="*" Win64="yes" Directory="ProgramFilesFolder"><File Source="c.dll" /></Component>\n' +
      '  </Fragment>\n</Wix>\n';
    await withTempDir({ 'a.wxs': fragment, 'b.wxs': fragment, 'x/keep.txt': '' }, async (dir) => {
      const inputs = ['--arch', 'x86', 'x/../a.wxs', 'b.wxs'];
      const json = await run(['--format', 'json', ...inputs], dir);
      assert.deepEqual((JSON.parse(json.stdout) as { problems: JsonProblem[] }).problems.map(brief), [
        'b.wxs:3:44-3:74 error ice80 [x86]',
        'x/../a.wxs:3:44-3:74 error ice80 [x86]',
      ]);
      const text = await run(inputs, dir);
      assert.deepEqual(
        text.stdout.split('\n').filter((l) => l.endsWith('.wxs')),
        ['b.wxs', 'x/../a.wxs'],
      );
      const sarif = JSON.parse((await run(['--format', 'sarif', ...inputs], dir)).stdout) as {
        runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      };
      assert.deepEqual(
        sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri),
        ['b.wxs', 'x/../a.wxs'],
      );
    });
  });
  it('takes the platforms from a .wixproj beside the sources when --arch is not given', async () => {
    await withTempDir(
      {
        'Product.wxs':
          V3_HEAD +
          '    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="D" Name="T">\n' +
          '      <Component Id="C" Guid="*"><File Source="a.dll" /></Component>\n' +
          '    </Directory></Directory></Directory>\n' +
          V3_TAIL,
        'Setup.wixproj':
          '<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n' +
          "  <PropertyGroup Condition=\" '$(Configuration)|$(Platform)' == 'Release|x64' \"><OutputName>T</OutputName></PropertyGroup>\n" +
          '  <ItemGroup><Compile Include="Product.wxs" /></ItemGroup>\n' +
          '</Project>\n',
      },
      async (dir) => {
        const fromProject = await run(['--format', 'json', '.'], dir);
        assert.equal(fromProject.code, 1);
        assert.deepEqual((JSON.parse(fromProject.stdout) as { problems: JsonProblem[] }).problems.map(brief), [
          './Product.wxs:5:8-5:17 error ice80 [x64]',
        ]);
        assert.deepEqual(await run(['--arch', 'x86', '.'], dir), { code: 0, stdout: 'Linted ./Setup.wixproj (1 file): x86 (--arch)\n', stderr: '' });
      },
    );
  });
});
