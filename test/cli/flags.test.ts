// The flags ESLint users reach for, on bin/wixlint.js as a process: --quiet, --max-warnings, -o/--output-file, --stdin
// with --stdin-filename, -v, --list-rules, --print-config, and -d/-I refusing a value that is clearly a file or an option.
// Problems are compared by file, line, severity and rule id; reports written to files, by the same run's stdout.
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_TEXT_FILE_BYTES } from '../../server/src/io/fileSystem';
import { rules } from '../../server/src/rules/index';
import { tempTree, type JsonProblem } from './cliRun';

const REPO = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'wixlint.js');
const ESC = '\u001b[';
const HAS_MKFIFO = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).error === undefined;
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** wixlint as a process in `cwd`, on pipes, with `input` on its standard input (closed at once when none is given). */
function wixlint(args: string[], cwd: string, options: { input?: string; env?: Record<string, string> } = {}): Run {
  const child = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    timeout: 60_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** A JSON report's problems as `file:line severity ruleId`. */
function problemsOf(json: string): string[] {
  return (JSON.parse(json) as { problems: JsonProblem[] }).problems.map((p) => `${p.file}:${p.line} ${p.severity} ${p.ruleId}`);
}

const V4 = 'xmlns="http://wixtoolset.org/schemas/v4/wxs"';
/** Three errors (a 64-bit component in the x86 package) and a warning ($(var.Version) is not defined). */
const PACKAGE = `<Wix ${V4}>
  <Package Name="Tool" Manufacturer="M" Version="1.0.0" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <StandardDirectory Id="ProgramFilesFolder">
      <Directory Id="INSTALLFOLDER" Name="Tool">
        <Component Id="Core64" Bitness="always64" Guid="{1E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
          <RegistryValue Root="HKLM" Key="Software\\Tool" Name="A" Value="$(var.Version)" Type="string" />
        </Component>
      </Directory>
    </StandardDirectory>
  </Package>
</Wix>
`;
const PACKAGE_PROBLEMS = [
  'Package.wxs:2 error isa-mixing',
  'Package.wxs:5 error ice80',
  'Package.wxs:5 error ice80',
  'Package.wxs:6 warning undefined-variable',
];
/** Two warnings: $(var.One) and $(var.Two) are not defined. */
const WARN = `<Wix ${V4}>
  <Fragment>
    <Property Id="A" Value="$(var.One)" />
    <Property Id="B" Value="$(var.Two)" />
  </Fragment>
</Wix>
`;
/** A warning ($(var.Small)), and the 64-bit component its <?else?> chose, reported as info. */
const INFO = `<Wix ${V4}>
  <Package Name="Tool" Manufacturer="M" Version="1.0.0" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <StandardDirectory Id="ProgramFilesFolder">
      <Directory Id="INSTALLFOLDER" Name="Tool">
<?if $(var.Small) = yes ?>
<?else?>
        <Component Id="Core64" Bitness="always64" Guid="{1E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}" />
<?endif?>
      </Directory>
    </StandardDirectory>
  </Package>
</Wix>
`;
/** Nothing to report. */
const CLEAN = `<Wix ${V4}>
  <Fragment>
    <Property Id="A" Value="1" />
  </Fragment>
</Wix>
`;
const FILES = { 'Package.wxs': PACKAGE, 'Warn.wxs': WARN, 'Info.wxs': INFO, 'Clean.wxs': CLEAN };

describe('--quiet', () => {
  it('reports only errors, in text, json and sarif, and the exit code still says whether there are errors', (t) => {
    const dir = tempTree(t, FILES);
    const all = wixlint(['--format', 'json', 'Package.wxs', 'Warn.wxs', 'Info.wxs'], dir);
    assert.deepEqual(problemsOf(all.stdout), [
      'Info.wxs:2 info isa-mixing',
      'Info.wxs:5 warning undefined-variable',
      'Info.wxs:7 info ice80',
      'Info.wxs:7 info ice80',
      ...PACKAGE_PROBLEMS,
      'Warn.wxs:3 warning undefined-variable',
      'Warn.wxs:4 warning undefined-variable',
    ]);
    const quiet = wixlint(['--quiet', '--format', 'json', 'Package.wxs', 'Warn.wxs', 'Info.wxs'], dir);
    assert.deepEqual([quiet.code, quiet.stderr], [1, '']);
    assert.deepEqual(problemsOf(quiet.stdout), ['Package.wxs:2 error isa-mixing', 'Package.wxs:5 error ice80', 'Package.wxs:5 error ice80']);

    const sarif = wixlint(['--quiet', '--format', 'sarif', 'Package.wxs', 'Warn.wxs', 'Info.wxs'], dir);
    assert.equal(sarif.code, 1);
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; level: string }[] }[] }).runs[0]!.results;
    assert.deepEqual(
      results.map((r) => `${r.level} ${r.ruleId}`),
      ['error isa-mixing', 'error ice80', 'error ice80'],
    );

    const text = wixlint(['--quiet', 'Package.wxs', 'Warn.wxs', 'Info.wxs'], dir);
    assert.equal(text.code, 1);
    assert.ok(text.stdout.endsWith('\n✖ 3 problems (3 errors, 0 warnings, 0 infos)\n'), text.stdout);
    assert.ok(!text.stdout.includes('Warn.wxs\n') && !text.stdout.includes('Info.wxs\n'), text.stdout);
  });

  it('prints what a run without those problems prints, exit 0, when there are only warnings and infos', (t) => {
    const dir = tempTree(t, FILES);
    const quiet = wixlint(['--quiet', 'Warn.wxs', 'Info.wxs'], dir);
    const without = wixlint(['--rule', 'undefined-variable=off', '--rule', 'isa-mixing=off', '--rule', 'ice80=off', 'Warn.wxs', 'Info.wxs'], dir);
    assert.deepEqual(quiet, { code: 0, stdout: without.stdout, stderr: '' });
    assert.ok(quiet.stdout.startsWith('Linted Info.wxs: x86'), quiet.stdout);
    assert.equal(problemsOf(wixlint(['--quiet', '--format', 'json', 'Warn.wxs'], dir).stdout).length, 0);
  });
});

describe('--max-warnings', () => {
  it('fails a run without errors that has more than N warnings, saying so on stderr; the report is unchanged', (t) => {
    const dir = tempTree(t, FILES);
    const plain = wixlint(['Warn.wxs'], dir);
    assert.equal(plain.code, 0);
    assert.deepEqual(wixlint(['--max-warnings', '1', 'Warn.wxs'], dir), {
      code: 1,
      stdout: plain.stdout,
      stderr: 'wixlint: too many warnings: 2, more than --max-warnings 1\n',
    });
    assert.deepEqual(wixlint(['--max-warnings=2', 'Warn.wxs'], dir), { code: 0, stdout: plain.stdout, stderr: '' });
    // Infos are not warnings: Info.wxs has one warning and three infos.
    assert.deepEqual(wixlint(['--max-warnings', '1', 'Info.wxs'], dir).code, 0);
    const json = wixlint(['--max-warnings', '0', '--format', 'json', 'Warn.wxs', 'Clean.wxs'], dir);
    assert.deepEqual([json.code, json.stderr], [1, 'wixlint: too many warnings: 2, more than --max-warnings 0\n']);
    assert.deepEqual(problemsOf(json.stdout), ['Warn.wxs:3 warning undefined-variable', 'Warn.wxs:4 warning undefined-variable']);
    assert.deepEqual(wixlint(['--max-warnings', '0', 'Clean.wxs'], dir).code, 0);
  });

  it('counts no warnings with --quiet; errors fail the run whatever the limit, without the line', (t) => {
    const dir = tempTree(t, FILES);
    assert.deepEqual(wixlint(['--quiet', '--max-warnings', '0', '--format', 'json', 'Warn.wxs'], dir), {
      code: 0,
      stdout:
        '{"version":1,"problems":[],"units":[{"name":"Warn.wxs","kind":"sources","files":["Warn.wxs"],"platforms":["x86"],"platformSource":"default","reason":"nothing names a platform, so x86, the WiX compilers\' default"}]}\n',
      stderr: '',
    });
    const errors = wixlint(['--max-warnings', '5', 'Package.wxs'], dir);
    assert.deepEqual([errors.code, errors.stderr], [1, '']);
    const both = wixlint(['--max-warnings', '0', 'Package.wxs'], dir);
    assert.deepEqual([both.code, both.stderr], [1, '']);
  });

  it('takes a whole number, 0 or more: anything else is a usage error, exit 2', (t) => {
    const dir = tempTree(t, FILES);
    for (const value of ['-1', 'ten', '2.5']) {
      assert.deepEqual(wixlint([`--max-warnings=${value}`, 'Warn.wxs'], dir), {
        code: 2,
        stdout: '',
        stderr: `wixlint: invalid --max-warnings value '${value}': expected a number of warnings, 0 or more\nRun 'wixlint --help' for usage.\n`,
      });
    }
  });
});

describe('-o, --output-file', () => {
  it('writes the report that stdout would have had to the file, creating its folders, and nothing to stdout', (t) => {
    const dir = tempTree(t, FILES);
    for (const format of ['text', 'json', 'sarif']) {
      const onStdout = wixlint(['--format', format, 'Package.wxs', 'Warn.wxs'], dir);
      const file = `reports/${format}/wixlint.out`;
      const toFile = wixlint(['--format', format, '-o', file, 'Package.wxs', 'Warn.wxs'], dir);
      assert.deepEqual(toFile, { code: 1, stdout: '', stderr: '' }, format);
      assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), onStdout.stdout, format);
    }
    const long = wixlint(['--output-file=out.json', '--format=json', 'Warn.wxs'], dir);
    assert.deepEqual(long, { code: 0, stdout: '', stderr: '' });
    assert.deepEqual(problemsOf(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')), [
      'Warn.wxs:3 warning undefined-variable',
      'Warn.wxs:4 warning undefined-variable',
    ]);
  });

  it("never colours the file nor wraps it to the terminal's width; stderr stays on stderr", (t) => {
    const dir = tempTree(t, FILES);
    const plain = wixlint(['--no-color', 'Warn.wxs'], dir);
    assert.deepEqual(wixlint(['--color', '-o', 'report.txt', '--max-warnings', '1', 'Warn.wxs'], dir, { env: { FORCE_COLOR: '1' } }), {
      code: 1,
      stdout: '',
      stderr: 'wixlint: too many warnings: 2, more than --max-warnings 1\n',
    });
    const written = fs.readFileSync(path.join(dir, 'report.txt'), 'utf8');
    assert.ok(!written.includes(ESC));
    assert.equal(written, plain.stdout);
    // COLUMNS still says how wide: the file is for a reader too.
    const narrow = wixlint(['-o', 'narrow.txt', 'Warn.wxs'], dir, { env: { COLUMNS: '60' } });
    assert.equal(narrow.code, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'narrow.txt'), 'utf8'), wixlint(['Warn.wxs'], dir, { env: { COLUMNS: '60' } }).stdout);
  });

  it('replaces an earlier report, even with an empty one', (t) => {
    const dir = tempTree(t, { ...FILES, 'report.json': 'stale', 'report.txt': 'stale' });
    assert.deepEqual(wixlint(['-o', 'report.json', '--format', 'json', 'Clean.wxs'], dir), { code: 0, stdout: '', stderr: '' });
    assert.equal(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'), wixlint(['--format', 'json', 'Clean.wxs'], dir).stdout);
    assert.deepEqual(wixlint(['-o', 'report.txt', 'Clean.wxs'], dir), { code: 0, stdout: '', stderr: '' });
    assert.equal(fs.readFileSync(path.join(dir, 'report.txt'), 'utf8'), wixlint(['Clean.wxs'], dir).stdout);
  });

  it('exits 2 with one line when the file cannot be written: a folder there, a file on the way', (t) => {
    const dir = tempTree(t, { ...FILES, 'reports/keep': '' });
    assert.deepEqual(wixlint(['-o', 'reports', 'Package.wxs'], dir), {
      code: 2,
      stdout: '',
      stderr: "wixlint: cannot write the report to 'reports': it is a folder\n",
    });
    assert.deepEqual(wixlint(['-o', 'Clean.wxs/report.txt', 'Clean.wxs'], dir), {
      code: 2,
      stdout: '',
      stderr: "wixlint: cannot write the report to 'Clean.wxs/report.txt': a part of the path is not a folder\n",
    });
    assert.deepEqual(wixlint(['-o', 'Clean.wxs/deeper/report.txt', 'Clean.wxs'], dir), {
      code: 2,
      stdout: '',
      stderr: "wixlint: cannot write the report to 'Clean.wxs/deeper/report.txt': a part of the path is not a folder\n",
    });
  });
});

describe('--stdin and --stdin-filename', () => {
  it('lints standard input as <stdin>.wxs in the working folder, reported under that name', (t) => {
    const dir = tempTree(t, { 'wixlint.config.json': '{ "platforms": ["x64"] }' });
    const run = wixlint(['--stdin', '--format', 'json'], dir, { input: WARN });
    assert.deepEqual([run.code, run.stderr], [0, '']);
    const report = JSON.parse(run.stdout) as { problems: JsonProblem[]; units: { name: string; platforms: string[]; reason: string }[] };
    assert.deepEqual(
      report.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.ruleId} [${p.platforms.join(',')}]`),
      ['<stdin>.wxs:3:22 warning undefined-variable [x64]', '<stdin>.wxs:4:22 warning undefined-variable [x64]'],
    );
    // The working folder's config applies, as to any file there.
    assert.deepEqual(report.units, [
      { name: '<stdin>.wxs', kind: 'sources', files: ['<stdin>.wxs'], platforms: ['x64'], platformSource: 'config', reason: 'wixlint.config.json' },
    ]);
    const text = wixlint(['--stdin'], dir, { input: PACKAGE });
    assert.equal(text.code, 1);
    assert.ok(text.stdout.startsWith('<stdin>.wxs\n'), text.stdout);
  });

  it("lints it as the file --stdin-filename names, in place of that file's text on disk", (t) => {
    const dir = tempTree(t, { 'src/Package.wxs': CLEAN });
    const run = wixlint(['--stdin', '--stdin-filename', 'src/Package.wxs', '--format', 'json'], dir, { input: PACKAGE });
    assert.deepEqual([run.code, run.stderr], [1, '']);
    assert.deepEqual(
      problemsOf(run.stdout),
      PACKAGE_PROBLEMS.map((p) => `src/${p}`),
    );
    // And the other way round: what is on disk is not what is linted.
    const dirty = tempTree(t, { 'src/Package.wxs': PACKAGE });
    assert.deepEqual(wixlint(['--stdin', '--stdin-filename=src/Package.wxs', '--format', 'json'], dirty, { input: CLEAN }).code, 0);
    assert.deepEqual(
      problemsOf(wixlint(['--format', 'json', 'src/Package.wxs'], dirty).stdout),
      PACKAGE_PROBLEMS.map((p) => `src/${p}`),
    );
  });

  it('never opens the file named: a FIFO there would block a read', { skip: !HAS_MKFIFO }, (t) => {
    const dir = tempTree(t, {});
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'Package.wxs')]).status, 0);
    const run = wixlint(['--stdin', '--stdin-filename', 'Package.wxs', '--format', 'json'], dir, { input: PACKAGE });
    assert.deepEqual([run.code, run.stderr], [1, '']);
    assert.deepEqual(problemsOf(run.stdout), PACKAGE_PROBLEMS);
  });

  it("is linted with the .wixproj that compiles the file, whether or not it exists: the project's defines and platforms", (t) => {
    const project = `<Project Sdk="WixToolset.Sdk/5.0.2">
  <PropertyGroup>
    <Platforms>x64</Platforms>
    <DefineConstants>One=1;Version=2.0.0</DefineConstants>
  </PropertyGroup>
</Project>
`;
    const dir = tempTree(t, { 'setup/Setup.wixproj': project, 'setup/Other.wxs': CLEAN, 'setup/Warn.wxs': CLEAN });
    const cases: [string, string[]][] = [
      ['setup/Warn.wxs', ['setup/Other.wxs', 'setup/Warn.wxs']],
      // Not on disk: the project's wildcard takes it in all the same.
      ['setup/New.wxs', ['setup/New.wxs', 'setup/Other.wxs', 'setup/Warn.wxs']],
    ];
    for (const [name, files] of cases) {
      const run = wixlint(['--stdin', '--stdin-filename', name, '--format', 'json'], dir, { input: WARN });
      assert.deepEqual([run.code, run.stderr], [0, ''], name);
      const report = JSON.parse(run.stdout) as { problems: JsonProblem[]; units: { name: string; files: string[]; platforms: string[] }[] };
      // $(var.One) comes from DefineConstants; $(var.Two) from nowhere.
      assert.deepEqual(
        report.problems.map((p) => `${p.file}:${p.line} ${p.ruleId} [${p.platforms.join(',')}]`),
        [`${name}:4 undefined-variable [x64]`],
      );
      assert.deepEqual(
        report.units.map((u) => [u.name, [...u.files].sort(), u.platforms]),
        [['setup/Setup.wixproj', files, ['x64']]],
      );
    }
  });

  it("finds the includes it names from the file's folder and reports their problems; an include itself can come from stdin", (t) => {
    const include = `<Include>\n  <Property Id="Inc" Value="$(var.FromInclude)" />\n</Include>\n`;
    const includer = `<Wix ${V4}>\n  <Fragment>\n    <?include Parts.wxi ?>\n  </Fragment>\n</Wix>\n`;
    const dir = tempTree(t, { 'src/Parts.wxi': include, 'src/Uses.wxs': includer });
    const run = wixlint(['--stdin', '--stdin-filename', 'src/Main.wxs', '--format', 'json'], dir, { input: includer });
    assert.deepEqual([run.code, run.stderr], [0, '']);
    assert.deepEqual(problemsOf(run.stdout), ['src/Parts.wxi:2 warning undefined-variable']);
    // The include's text from stdin, as the sources of its folder include it.
    const inc = wixlint(['--stdin', '--stdin-filename', 'src/Parts.wxi', '--format', 'json'], dir, {
      input: `<Include>\n  <Property Id="Inc" Value="1" />\n  <Property Id="Other" Value="$(var.Piped)" />\n</Include>\n`,
    });
    assert.deepEqual([inc.code, inc.stderr], [0, '']);
    assert.deepEqual(problemsOf(inc.stdout), ['src/Parts.wxi:3 warning undefined-variable']);
  });

  it("takes the config of the file's folder, and honours its ignorePatterns as for a file named on the command line", (t) => {
    const dir = tempTree(t, {
      'sub/wixlint.config.json': '{ "rules": { "undefined-variable": "error" }, "ignorePatterns": ["generated/"] }',
    });
    const run = wixlint(['--stdin', '--stdin-filename', 'sub/Warn.wxs', '--format', 'json'], dir, { input: WARN });
    assert.deepEqual([run.code, run.stderr], [1, '']);
    assert.deepEqual(problemsOf(run.stdout), ['sub/Warn.wxs:3 error undefined-variable', 'sub/Warn.wxs:4 error undefined-variable']);
    const ignored = wixlint(['--stdin', '--stdin-filename', 'sub/generated/Warn.wxs', '--format', 'json'], dir, { input: WARN });
    assert.equal(ignored.code, 0);
    assert.deepEqual(problemsOf(ignored.stdout), []);
    assert.equal(
      ignored.stderr,
      `wixlint: warning: 'sub/generated/Warn.wxs' is not linted: ${path.join(dir, 'sub', 'wixlint.config.json')} ignores it (ignorePatterns)\n`,
    );
  });

  it('goes with -o and --quiet like any input', (t) => {
    const dir = tempTree(t, {});
    assert.deepEqual(wixlint(['--stdin', '--quiet', '-o', 'r.json', '--format', 'json'], dir, { input: PACKAGE }), {
      code: 1,
      stdout: '',
      stderr: '',
    });
    assert.deepEqual(problemsOf(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')), [
      '<stdin>.wxs:2 error isa-mixing',
      '<stdin>.wxs:5 error ice80',
      '<stdin>.wxs:5 error ice80',
    ]);
  });

  it('refuses, exit 2, a standard input over 64 MB (read no further) or that is a folder', (t) => {
    const dir = tempTree(t, {});
    const huge = spawnSync(process.execPath, [BIN, '--stdin'], { cwd: dir, input: Buffer.alloc(MAX_TEXT_FILE_BYTES + 1, 0x20), encoding: 'utf8' });
    assert.deepEqual(
      [huge.status, huge.stdout, huge.stderr],
      [2, '', 'wixlint: cannot read standard input: it is over 64 MB, the most wixlint reads of a source\n'],
    );
    // Windows opens no folder as a file.
    if (process.platform === 'win32') return;
    const folder = fs.openSync(dir, 'r');
    t.after(() => fs.closeSync(folder));
    const fromFolder = spawnSync(process.execPath, [BIN, '--stdin'], { cwd: dir, stdio: [folder, 'pipe', 'pipe'], encoding: 'utf8' });
    assert.deepEqual([fromFolder.status, fromFolder.stdout, fromFolder.stderr], [2, '', 'wixlint: cannot read standard input: it is a folder\n']);
  });

  it('is a usage error with files or folders, without --stdin, or for a package', (t) => {
    const dir = tempTree(t, FILES);
    const usage = (message: string): Run => ({ code: 2, stdout: '', stderr: `wixlint: ${message}\nRun 'wixlint --help' for usage.\n` });
    assert.deepEqual(
      wixlint(['--stdin', 'Warn.wxs'], dir, { input: WARN }),
      usage("--stdin lints standard input, but 'Warn.wxs' is given too: name the file it stands for with --stdin-filename"),
    );
    assert.deepEqual(
      wixlint(['--stdin-filename', 'Warn.wxs'], dir, { input: WARN }),
      usage('--stdin-filename names the text of --stdin: add --stdin'),
    );
    assert.deepEqual(
      wixlint(['--stdin', '--stdin-filename', 'setup.msi'], dir, { input: WARN }),
      usage('a package cannot be read from standard input: give its path instead (wixlint setup.msi)'),
    );
  });
});

describe('-v', () => {
  it('prints the version, as --version does', (t) => {
    const dir = tempTree(t, {});
    assert.deepEqual(wixlint(['-v'], dir), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
    assert.deepEqual(wixlint(['--version'], dir), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

describe('--list-rules', () => {
  it('prints one aligned line per rule: id, default severity, ICE or -, description; exit 0', (t) => {
    const dir = tempTree(t, {});
    const run = wixlint(['--list-rules'], dir);
    assert.deepEqual([run.code, run.stderr], [0, '']);
    const lines = run.stdout.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, rules.length);
    for (const [i, rule] of rules.entries()) {
      const m = rule.meta;
      assert.equal(lines[i], `${m.id.padEnd(18)}  ${m.defaultSeverity.padEnd(7)}  ${(m.ice ?? '-').padEnd(5)}  ${m.description}`);
    }
    assert.ok(lines.includes(`ice80               error    ICE80  ${rules.find((r) => r.meta.id === 'ice80')!.meta.description}`));
    assert.ok(lines.some((l) => l.startsWith('undefined-variable  warning  -      A preprocessor variable')));
  });

  it('prints a JSON array with --format json', (t) => {
    const dir = tempTree(t, {});
    const run = wixlint(['--list-rules', '--format', 'json'], dir);
    assert.deepEqual([run.code, run.stderr], [0, '']);
    assert.deepEqual(
      JSON.parse(run.stdout),
      rules.map((r) => ({
        id: r.meta.id,
        defaultSeverity: r.meta.defaultSeverity,
        ice: r.meta.ice ?? null,
        description: r.meta.description,
        docsUrl: r.meta.docsUrl,
      })),
    );
    assert.deepEqual(wixlint(['--list-rules', '--format', 'sarif'], dir), {
      code: 2,
      stdout: '',
      stderr: "wixlint: --list-rules prints text or json, not sarif\nRun 'wixlint --help' for usage.\n",
    });
  });
});

describe('--print-config', () => {
  const CONFIG = JSON.stringify({
    platforms: ['x86', 'x64'],
    defines: { Edition: 'pro', Win64: { x86: 'no', x64: 'yes' } },
    includePaths: ['inc'],
    bindPaths: ['bin', 'payload=out/payload'],
    rules: { 'com-overwrite': 'warning' },
    ignorePatterns: ['generated/'],
  });
  const SEVERITIES = Object.fromEntries(rules.map((r) => [r.meta.id, r.meta.defaultSeverity]));

  it("prints the config, the unit, each platform's defines, include and bind paths, and every rule's severity", (t) => {
    const dir = tempTree(t, { 'wixlint.config.json': CONFIG, 'src/Product.wxs': CLEAN, 'src/Other.wxs': WARN });
    const run = wixlint(['--print-config', 'src/Product.wxs', '-d', 'Extra=1', '-I', 'more', '-b', 'b2', '--rule', 'ice80=off'], dir);
    assert.deepEqual([run.code, run.stderr], [0, '']);
    const build = (platform: string, win64: string) => ({
      platform,
      defines: { Edition: 'pro', Win64: win64, Extra: '1' },
      definedByBuild: [],
      includePaths: ['more', 'inc'],
      bindPaths: ['b2', 'bin', 'payload=out/payload'],
    });
    assert.deepEqual(JSON.parse(run.stdout), {
      file: 'src/Product.wxs',
      exists: true,
      ignored: false,
      config: 'wixlint.config.json',
      // Two fragments that reference nothing are a unit each.
      unit: { name: 'src/Product.wxs', kind: 'sources', files: ['src/Product.wxs'] },
      configuration: null,
      platforms: ['x86', 'x64'],
      platformSource: 'config',
      platformReason: '../wixlint.config.json',
      builds: [build('x86', 'no'), build('x64', 'yes')],
      missingPayloads: false,
      rules: { ...SEVERITIES, 'com-overwrite': 'warning', ice80: 'off' },
      ignorePatterns: ['**/generated'],
    });
    // Pretty-printed, as ESLint prints it.
    assert.ok(run.stdout.startsWith('{\n  "file": "src/Product.wxs",\n  "exists": true,\n'), run.stdout);
  });

  it('says where the platforms come from: --arch over the config, the project, the sources', (t) => {
    const project = `<Project Sdk="WixToolset.Sdk/5.0.2">
  <PropertyGroup>
    <Platforms>x64;ARM64</Platforms>
    <DefineConstants>Version=2.0.0</DefineConstants>
  </PropertyGroup>
</Project>
`;
    const dir = tempTree(t, { 'wixlint.config.json': CONFIG, 'setup/Setup.wixproj': project, 'setup/Package.wxs': PACKAGE, 'loose/Info.wxs': INFO });
    const print = (args: string[]) => {
      const run = wixlint(['--print-config', ...args], dir);
      assert.deepEqual([run.code, run.stderr], [0, ''], args.join(' '));
      return JSON.parse(run.stdout) as { platforms: string[]; platformSource: string; platformReason: string; unit: { kind: string } };
    };
    const pick = (s: { platforms: string[]; platformSource: string; platformReason: string }) => [s.platforms, s.platformSource, s.platformReason];
    assert.deepEqual(pick(print(['loose/Info.wxs', '--arch', 'arm64'])), [['arm64'], 'arguments', '--arch']);
    assert.deepEqual(pick(print(['loose/Info.wxs'])), [['x86', 'x64'], 'config', '../wixlint.config.json']);
    // The project's platforms and DefineConstants, with --config naming a config without platforms.
    fs.writeFileSync(path.join(dir, 'other.json'), '{ "defines": { "Edition": "lite" } }');
    const fromProject = wixlint(['--print-config', 'setup/Package.wxs', '--config', 'other.json'], dir);
    assert.deepEqual([fromProject.code, fromProject.stderr], [0, '']);
    const settings = JSON.parse(fromProject.stdout) as {
      config: string;
      unit: unknown;
      configuration: string;
      builds: { platform: string; defines: Record<string, string> }[];
    } & Parameters<typeof pick>[0];
    assert.deepEqual(pick(settings), [['x64', 'arm64'], 'project', 'Setup.wixproj: Platform x64, ARM64']);
    assert.deepEqual(
      [settings.config, settings.unit, settings.configuration],
      ['other.json', { name: 'setup/Setup.wixproj', kind: 'wixproj', files: ['setup/Package.wxs'] }, 'Debug'],
    );
    assert.deepEqual(
      settings.builds.map((b) => [b.platform, b.defines['Version'], b.defines['Edition'], b.defines['Platform']]),
      [
        ['x64', '2.0.0', 'lite', 'x64'],
        ['arm64', '2.0.0', 'lite', 'ARM64'],
      ],
    );
    // No config, no project, and sources that name no platform: x86, as the WiX compilers default.
    fs.rmSync(path.join(dir, 'wixlint.config.json'));
    const fromSources = print(['loose/Info.wxs']);
    assert.deepEqual([fromSources.platformSource, fromSources.unit.kind], ['default', 'sources']);
  });

  it('prints the settings a new file would have when FILE is not there but its folder is; exit 2 when the folder is not', (t) => {
    const project = '<Project Sdk="WixToolset.Sdk/5.0.2">\n  <PropertyGroup>\n    <Platforms>x64</Platforms>\n  </PropertyGroup>\n</Project>\n';
    const dir = tempTree(t, { 'setup/Setup.wixproj': project, 'setup/Package.wxs': PACKAGE });
    const run = wixlint(['--print-config', 'setup/New.wxs'], dir);
    assert.deepEqual([run.code, run.stderr], [0, '']);
    const settings = JSON.parse(run.stdout) as { exists: boolean; unit: unknown; platforms: string[] };
    // The SDK's default Compile items take the new file in.
    assert.deepEqual(
      [settings.exists, settings.unit, settings.platforms],
      [false, { name: 'setup/Setup.wixproj', kind: 'wixproj', files: ['setup/New.wxs', 'setup/Package.wxs'] }, ['x64']],
    );
    assert.equal(fs.existsSync(path.join(dir, 'setup', 'New.wxs')), false);
    assert.deepEqual(wixlint(['--print-config', 'nowhere/New.wxs'], dir), {
      code: 2,
      stdout: '',
      stderr: "wixlint: cannot print the settings of 'nowhere/New.wxs': its folder does not exist\n",
    });
    assert.deepEqual(wixlint(['--print-config', 'setup'], dir), {
      code: 2,
      stdout: '',
      stderr: "wixlint: 'setup' is a folder: --print-config takes a file\n",
    });
  });

  it('puts an include in the unit of the source that includes it; a package has no unit nor platforms', (t) => {
    const includer = `<Wix ${V4}>\n  <Fragment>\n    <?include Parts.wxi ?>\n  </Fragment>\n</Wix>\n`;
    const dir = tempTree(t, { 'src/A.wxs': CLEAN, 'src/B.wxs': includer, 'src/Parts.wxi': '<Include />\n' });
    const include = wixlint(['--print-config', 'src/Parts.wxi'], dir);
    assert.deepEqual([include.code, include.stderr], [0, '']);
    assert.deepEqual((JSON.parse(include.stdout) as { unit: unknown }).unit, { name: 'src/B.wxs', kind: 'sources', files: ['src/B.wxs'] });
    const pkg = wixlint(['--print-config', 'src/Setup.msi', '--rule', 'ice80=warning'], dir);
    assert.deepEqual([pkg.code, pkg.stderr], [0, '']);
    const settings = JSON.parse(pkg.stdout) as Record<string, unknown>;
    assert.deepEqual(
      [settings['exists'], settings['unit'], settings['platforms'], settings['builds'], (settings['rules'] as Record<string, string>)['ice80']],
      [false, null, null, [], 'warning'],
    );
  });

  it('says that a file is ignored, with no unit; a config that cannot be read is exit 2, as for a lint', (t) => {
    const dir = tempTree(t, {
      'wixlint.config.json': CONFIG,
      'generated/Gen.wxs': CLEAN,
      'bad/wixlint.config.json': '{ "rules": ',
      'bad/A.wxs': CLEAN,
    });
    const run = wixlint(['--print-config', 'generated/Gen.wxs'], dir);
    assert.deepEqual([run.code, run.stderr], [0, '']);
    const settings = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.deepEqual(
      [settings['ignored'], settings['unit'], settings['platforms'], settings['builds'], settings['config']],
      [true, null, null, [], 'wixlint.config.json'],
    );
    const bad = wixlint(['--print-config', 'bad/A.wxs'], dir);
    assert.deepEqual([bad.code, bad.stdout], [2, '']);
    assert.match(bad.stderr, /^wixlint: .*bad[\\/]wixlint\.config\.json: invalid JSON: .*\n$/);
  });

  it('says that a file --ignore-pattern leaves out is ignored, and leaves it out of the unit of the file printed', (t) => {
    const dir = tempTree(t, { 'src/A.wxs': CLEAN, 'src/Old.wxs': CLEAN });
    const old = wixlint(['--print-config', 'src/Old.wxs', '--ignore-pattern', 'Old.wxs'], dir);
    assert.deepEqual([old.code, old.stderr], [0, '']);
    const settings = JSON.parse(old.stdout) as Record<string, unknown>;
    assert.deepEqual([settings['ignored'], settings['unit']], [true, null]);
    const kept = wixlint(['--print-config', 'src/A.wxs', '--ignore-pattern', 'Old.wxs'], dir);
    assert.deepEqual([kept.code, kept.stderr], [0, '']);
    assert.deepEqual((JSON.parse(kept.stdout) as Record<string, unknown>)['ignored'], false);
  });
});

describe('-d and -I on the command line', () => {
  it('refuse a value that is clearly a file or an option, with a hint, exit 2; their own forms still work', (t) => {
    const dir = tempTree(t, { ...FILES, 'inc/Parts.wxi': '<Include />\n' });
    const usage = (message: string): Run => ({ code: 2, stdout: '', stderr: `wixlint: ${message}\nRun 'wixlint --help' for usage.\n` });
    assert.deepEqual(
      wixlint(['-d', 'Package.wxs'], dir),
      usage("invalid -d value 'Package.wxs': it looks like a file; -d defines a variable: -d NAME=VALUE"),
    );
    assert.deepEqual(
      wixlint(['-d-x', 'Warn.wxs'], dir),
      usage("invalid -d value '-x': it looks like an option; -d defines a variable: -d NAME=VALUE"),
    );
    assert.deepEqual(
      wixlint(['-I', 'inc/Parts.wxi', 'Warn.wxs'], dir),
      usage("invalid -I value 'inc/Parts.wxi': it is a file; -I adds a folder where include files are looked for: -I DIR"),
    );
    const defined = wixlint(['-dOne', '-d', 'Two=2', '-Iinc', '-I', 'missing.wxi', '--format', 'json', 'Warn.wxs'], dir);
    assert.deepEqual([defined.code, defined.stderr, problemsOf(defined.stdout)], [0, '', []]);
  });
});
