// Hostile and broken files on the command line: devices, FIFOs and huge files are refused without reading or blocking,
// one file that cannot be read is a problem on it while every other input is linted and reported, and sources that
// multiply or nest without end stop at a parse-error.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_TEXT_FILE_BYTES } from '../../server/src/io/fileSystem';
import { runWixlint, tempTree, type JsonProblem } from './cliRun';
import { missing } from '../tools';

const V3 = 'xmlns="http://schemas.microsoft.com/wix/2006/wi"';
const includeOf = (target: string): string => `<?xml version="1.0"?>\n<Wix ${V3}>\n  <Fragment>\n    <?include ${target} ?>\n  </Fragment>\n</Wix>\n`;
const PRODUCT = `<Wix ${V3}>
  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLDIR" Name="Demo">
      <Component Id="Core" Guid="*" Win64="yes"><File Source="core.dll" /></Component>
    </Directory></Directory></Directory>
  </Product>
</Wix>
`;

interface Report {
  problems: JsonProblem[];
}

async function json(argv: string[], cwd: string): Promise<{ code: number; stderr: string; problems: string[] }> {
  const r = await runWixlint(['--format', 'json', ...argv], cwd);
  const report = JSON.parse(r.stdout) as Report;
  return { code: r.code, stderr: r.stderr, problems: report.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.ruleId} ${p.message}`) };
}

const HAS_DEVICES = fs.existsSync('/dev/zero') && fs.existsSync('/dev/urandom');
const MKFIFO_MISSING = missing('mkfifo');

describe('files that are not files', () => {
  it('an <?include?> of /dev/zero or /dev/urandom is a parse-error at the directive naming why, and nothing is read', {
    skip: !HAS_DEVICES,
  }, async (t) => {
    const dir = tempTree(t, { 'zero.wxs': includeOf('/dev/zero'), 'random.wxs': includeOf('/dev/urandom') });
    assert.deepEqual(await json(['zero.wxs', 'random.wxs'], dir), {
      code: 1,
      stderr: '',
      problems: [
        "random.wxs:4:5 parse-error The include file '/dev/urandom' cannot be read: it is a device, not a file.",
        "zero.wxs:4:5 parse-error The include file '/dev/zero' cannot be read: it is a device, not a file.",
      ],
    });
  });

  it('a FIFO included or given on the command line is refused without blocking; the other inputs are linted', { skip: MKFIFO_MISSING }, async (t) => {
    const dir = tempTree(t, { 'uses.wxs': includeOf('parts.wxi'), 'Product.wxs': PRODUCT });
    for (const fifo of ['parts.wxi', 'pipe.wxs']) assert.equal(spawnSync('mkfifo', [path.join(dir, fifo)]).status, 0);
    const r = await json(['uses.wxs', 'pipe.wxs', 'Product.wxs'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    assert.deepEqual(
      r.problems.filter((p) => p.includes('parse-error')),
      [
        'pipe.wxs:1:1 parse-error Cannot read this file: it is a named pipe (FIFO), not a file. Nothing in it is linted; the other inputs are.',
        "uses.wxs:4:5 parse-error The include file 'parts.wxi' cannot be read: it is a named pipe (FIFO), not a file.",
      ],
    );
    assert.ok(
      r.problems.some((p) => p.startsWith('Product.wxs:') && p.includes(' isa-mixing ')),
      'the product beside them is linted',
    );
  });

  it('a wixlint.config.json that is a FIFO or a link to a device is a config that cannot be read: exit 2, saying why', {
    skip: MKFIFO_MISSING || !HAS_DEVICES,
  }, async (t) => {
    const dir = tempTree(t, { 'pipe/Product.wxs': PRODUCT, 'device/Product.wxs': PRODUCT });
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'pipe', 'wixlint.config.json')]).status, 0);
    fs.symlinkSync('/dev/zero', path.join(dir, 'device', 'wixlint.config.json'));
    for (const [folder, reason] of [
      ['pipe', 'it is a named pipe (FIFO), not a file'],
      ['device', 'it is a device, not a file'],
    ] as const) {
      const r = await runWixlint([`${folder}/Product.wxs`], dir);
      assert.deepEqual(
        [r.code, r.stdout, r.stderr],
        [2, '', `wixlint: ${path.join(dir, folder, 'wixlint.config.json')}: cannot read it: ${reason}\n`],
      );
    }
  });

  it(`a source larger than ${MAX_TEXT_FILE_BYTES / (1024 * 1024)} MB is refused before it is read`, async (t) => {
    const dir = tempTree(t, { 'Product.wxs': PRODUCT });
    // Sparse: the size is there, the bytes are not, so the test writes nothing to disk.
    const huge = path.join(dir, 'huge.wxs');
    fs.closeSync(fs.openSync(huge, 'w'));
    fs.truncateSync(huge, MAX_TEXT_FILE_BYTES + 1);
    const r = await json(['huge.wxs', 'Product.wxs'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.problems.filter((p) => p.startsWith('huge.wxs')),
      [
        'huge.wxs:1:1 parse-error Cannot read this file: it is 64 MB; wixlint reads sources of at most 64 MB. Nothing in it is linted; the other inputs are.',
      ],
    );
  });
});

describe('one bad input never stops the others', () => {
  it('an unreadable .msi in a folder is a problem on it; the sources beside it are linted; exit 1', async (t) => {
    const dir = tempTree(t, { 'src/Product.wxs': PRODUCT, 'src/half-written.msi': 'not a package' });
    const r = await json(['src'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    assert.ok(r.problems.some((p) => p.startsWith('src/Product.wxs:') && p.includes(' isa-mixing ')));
    assert.deepEqual(
      r.problems.filter((p) => p.startsWith('src/half-written.msi')),
      [
        'src/half-written.msi:1:1 parse-error Cannot read this file: The file is not an OLE compound file (it does not start with the signature D0 CF 11 E0 A1 B1 1A E1), so it is not an MSI package. Nothing in it is linted; the other inputs are.',
      ],
    );
  });

  it('a file whose symbolic links lead in a circle is a problem on it, and the file beside it is linted', {
    skip: process.platform === 'win32',
  }, async (t) => {
    const dir = tempTree(t, { 'Product.wxs': PRODUCT });
    fs.symlinkSync('loop2.wxs', path.join(dir, 'loop1.wxs'));
    fs.symlinkSync('loop1.wxs', path.join(dir, 'loop2.wxs'));
    const r = await json(['loop1.wxs', 'Product.wxs'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.problems.map((p) => p.split(' ').slice(0, 2).join(' ')),
      ['Product.wxs:2:4 isa-mixing', 'Product.wxs:5:8 ice80', 'Product.wxs:5:37 ice80', 'loop1.wxs:1:1 parse-error'],
    );
    assert.equal(
      r.problems[3],
      'loop1.wxs:1:1 parse-error Cannot read this file: its symbolic links lead in a circle. Nothing in it is linted; the other inputs are.',
    );
  });

  it('SARIF lists the unreadable input as a result and as an error notification of the invocation', async (t) => {
    const dir = tempTree(t, { 'Product.wxs': PRODUCT, 'bad.msi': '' });
    const r = await runWixlint(['--format', 'sarif', 'Product.wxs', 'bad.msi'], dir);
    assert.equal(r.code, 1);
    const run = (
      JSON.parse(r.stdout) as {
        runs: {
          results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
          invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
        }[];
      }
    ).runs[0]!;
    assert.ok(run.results.some((res) => res.ruleId === 'parse-error' && res.locations[0]!.physicalLocation.artifactLocation.uri === 'bad.msi'));
    assert.deepEqual(
      run.invocations[0]!.toolExecutionNotifications.filter((n) => n.level === 'error'),
      [
        {
          level: 'error',
          message: { text: 'Cannot read bad.msi: The file is empty (0 bytes), so it is not an MSI package.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'bad.msi' } } }],
        },
      ],
    );
  });

  it('a run in which no input could be read reports them and exits 2', async (t) => {
    const dir = tempTree(t, { 'a.msi': '', 'b.msi': 'x' });
    const r = await runWixlint(['--format', 'json', 'a.msi', 'b.msi'], dir);
    assert.equal(r.code, 2);
    assert.equal((JSON.parse(r.stdout) as Report).problems.length, 2);
    assert.match(r.stderr, /^wixlint: cannot read 'a\.msi': The file is empty/);
  });
});

describe('output is inert', () => {
  // An OSC that sets the window title, a bell, a clear screen, a C1 CSI and a right-to-left override.
  const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202egone';
  const source = `<Wix ${V3}>\n  <Fragment>\n    <?error ${HOSTILE}?>\n  </Fragment>\n</Wix>\n`;

  it('text output escapes control characters from messages and file names', async (t) => {
    const name = 'title\u001b]0;x\u0007.wxs';
    const dir = tempTree(t, { [name]: source });
    const r = await runWixlint([name], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.split('\n').slice(0, 2), [
      'title\\x1b]0;x\\x07.wxs',
      '  3:5  error  \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u{202e}gone  parse-error [x86]',
    ]);
    // Nothing in the whole report is a control character but the line breaks.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
    assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it('stderr escapes them too', async (t) => {
    const dir = tempTree(t, {});
    const r = await runWixlint(['missing\u001b[2J.wxs'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing\\x1b\[2J\.wxs/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
    assert.doesNotMatch(r.stderr, /\u001b/);
  });

  it('JSON and SARIF carry the message exactly, as valid JSON', async (t) => {
    const dir = tempTree(t, { 'hostile.wxs': source });
    const j = await runWixlint(['--format', 'json', 'hostile.wxs'], dir);
    assert.equal((JSON.parse(j.stdout) as Report).problems[0]!.message, HOSTILE);
    const s = await runWixlint(['--format', 'sarif', 'hostile.wxs'], dir);
    const sarif = JSON.parse(s.stdout) as { runs: { results: { message: { text: string } }[] }[] };
    assert.equal(sarif.runs[0]!.results[0]!.message.text, HOSTILE);
  });
});

describe('input that multiplies or nests', () => {
  const fragment = (inner: string): string => `<?xml version="1.0"?>\n<Wix ${V3}>\n  <Fragment>\n${inner}\n  </Fragment>\n</Wix>\n`;

  it("includes that fan out (30 files, each including the next twice) stop at the budget with a parse-error at the source's include", async (t) => {
    const files: Record<string, string> = { 'src/Product.wxs': fragment('    <?include level1.wxi ?>') };
    for (let i = 1; i <= 30; i++) {
      files[`src/level${i}.wxi`] =
        `<Include>\n${i < 30 ? `  <?include level${i + 1}.wxi ?>\n  <?include level${i + 1}.wxi ?>` : '  <Property Id="Leaf" Value="1" />'}\n</Include>\n`;
    }
    const dir = tempTree(t, files);
    // The source alone is given: the budget is its, reported at its directive; expansion 200,001 is level28.wxi's second.
    assert.deepEqual(await json(['src/Product.wxs'], dir), {
      code: 1,
      stderr: '',
      problems: [
        "src/Product.wxs:4:5 parse-error Product.wxs expands its includes more than 200000 times, wixlint's limit: <?include level29.wxi?> in " +
          'level28.wxi (reached through this <?include level1.wxi?>) and every include and <?foreach?> iteration after it are not read. ' +
          'Is a file included repeatedly, by files that are themselves included repeatedly?',
      ],
    });
  });

  it('one element with 40,000 attributes is read, and a duplicate at its end is found', async (t) => {
    const attributes = Array.from({ length: 40_000 }, (_, i) => `A${i}="v${i}"`).join(' ');
    const dir = tempTree(t, {
      'Wide.wxs': fragment(`    <Property Id="Wide" ${attributes} />`),
      'Twice.wxs': fragment(`    <Property Id="Twice" ${attributes} A0="again" />`),
    });
    assert.deepEqual(await json(['Wide.wxs'], dir), { code: 0, stderr: '', problems: [] });
    const column = 5 + '<Property Id="Twice" '.length + attributes.length + 1;
    assert.deepEqual(await json(['Twice.wxs'], dir), {
      code: 1,
      stderr: '',
      problems: [`Twice.wxs:4:${column} parse-error Attribute 'A0' is given twice in <Property>.`],
    });
  });

  it('100,000 nested elements are a parse-error at the one that passes 256 levels', async (t) => {
    const dir = tempTree(t, { 'Deep.wxs': fragment(`${'<Directory Id="D">\n'.repeat(100_000)}${'</Directory>\n'.repeat(100_000)}`) });
    // <Wix> and <Fragment> are the first two levels; the Directory on line 4 + 254 is the 257th.
    assert.deepEqual(await json(['Deep.wxs'], dir), {
      code: 1,
      stderr: '',
      problems: ['Deep.wxs:258:1 parse-error Elements are nested more than 256 levels deep; wixlint does not read documents this deep.'],
    });
  });
});
