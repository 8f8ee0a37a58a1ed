// Tests the command-line parser: every option spelling and every usage error, by exact message.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, usageText, type LintArgs, type ParsedArgs } from '../../server/src/cli/args';

const RULES = ['isa-mixing', 'ice80', 'com-overwrite'];

function lintArgs(argv: string[]): LintArgs {
  const parsed = parseArgs(argv, RULES);
  assert.equal(parsed.kind, 'lint', JSON.stringify(parsed));
  return (parsed as Extract<ParsedArgs, { kind: 'lint' }>).args;
}

function usageError(argv: string[], known: readonly string[] = RULES): string {
  const parsed = parseArgs(argv, known);
  assert.equal(parsed.kind, 'usage-error', JSON.stringify(parsed));
  return (parsed as Extract<ParsedArgs, { kind: 'usage-error' }>).message;
}

describe('parseArgs', () => {
  it('defaults: text format, no platforms (the caller decides), nothing defined', () => {
    assert.deepEqual(lintArgs(['a.wxs']), {
      inputs: ['a.wxs'],
      platforms: undefined,
      defines: {},
      includePaths: [],
      bindPaths: [],
      missingPayloads: false,
      config: undefined,
      configuration: undefined,
      format: 'text',
      severities: {},
      color: undefined,
      ignorePatterns: [],
    });
  });

  it('takes every option form, interleaved with inputs', () => {
    const args = lintArgs([
      'src',
      '--arch',
      'x64',
      '--arch=arm64',
      '-d',
      'Version=1.2.3',
      '-dConfiguration=Release',
      '-dEmpty',
      '-d',
      'Eq=a=b',
      '-I',
      'include',
      '-Ishared/inc',
      '-b',
      'bin',
      '-bpayload=out/payload',
      '--bindpath=more',
      '--config',
      'ci/wixlint.config.json',
      '--configuration=Release',
      '--format',
      'json',
      '--rule',
      'ice80=warning',
      '--rule=isa-mixing=off',
      '--missing-payloads',
      '--ignore-pattern',
      'legacy/',
      '--ignore-pattern=**/*.generated.wxs',
      '--ignore-pattern',
      '!keep.generated.wxs',
      'b.wxs',
    ]);
    assert.deepEqual(args, {
      inputs: ['src', 'b.wxs'],
      platforms: ['x64', 'arm64'],
      defines: { Version: '1.2.3', Configuration: 'Release', Empty: '', Eq: 'a=b' },
      includePaths: ['include', 'shared/inc'],
      bindPaths: ['bin', 'payload=out/payload', 'more'],
      missingPayloads: true,
      config: 'ci/wixlint.config.json',
      configuration: 'Release',
      format: 'json',
      severities: { ice80: 'warning', 'isa-mixing': 'off' },
      color: undefined,
      ignorePatterns: ['legacy/', '**/*.generated.wxs', '!keep.generated.wxs'],
    });
  });

  it('orders and de-duplicates platforms as x86, x64, arm64', () => {
    assert.deepEqual(lintArgs(['--arch', 'arm64', '--arch', 'x86', '--arch', 'arm64', 'a.wxs']).platforms, ['x86', 'arm64']);
  });

  it('lets the last --format, --rule and -d win', () => {
    const args = lintArgs(['--format', 'json', '--format=sarif', '--rule', 'ice80=off', '--rule', 'ice80=info', '-dA=1', '-dA=2', 'a.wxs']);
    assert.equal(args.format, 'sarif');
    assert.deepEqual(args.severities, { ice80: 'info' });
    assert.deepEqual(args.defines, { A: '2' });
  });

  it('keeps a define named __proto__ as an ordinary key', () => {
    const defines = lintArgs(['-d__proto__=x', 'a.wxs']).defines;
    assert.equal(Object.getPrototypeOf(defines), Object.prototype);
    assert.deepEqual(Object.entries(defines), [['__proto__', 'x']]);
  });

  it('treats everything after -- as inputs, and - as an input', () => {
    assert.deepEqual(lintArgs(['--', '--arch', '-x.wxs']).inputs, ['--arch', '-x.wxs']);
    assert.deepEqual(lintArgs(['-']).inputs, ['-']);
  });

  it('recognises --help, -h and --version, before any usage error', () => {
    assert.deepEqual(parseArgs(['--help'], RULES), { kind: 'help' });
    assert.deepEqual(parseArgs(['-h', 'a.wxs'], RULES), { kind: 'help' });
    assert.deepEqual(parseArgs(['--bogus', '--help'], RULES), { kind: 'help' });
    assert.deepEqual(parseArgs(['--version'], RULES), { kind: 'version' });
    assert.deepEqual(parseArgs(['--version', '--help'], RULES), { kind: 'help' });
  });

  it('reads inspect and lsp as commands in first position only', () => {
    assert.deepEqual(parseArgs(['inspect', 'a.msi', '--table', 'File'], RULES), {
      kind: 'inspect',
      args: { file: 'a.msi', table: 'File', format: 'text' },
    });
    assert.deepEqual(parseArgs(['inspect', '--format=json', 'a.msm'], RULES), {
      kind: 'inspect',
      args: { file: 'a.msm', table: undefined, format: 'json' },
    });
    assert.deepEqual(parseArgs(['inspect'], RULES), { kind: 'usage-error', message: 'inspect needs a .msi or .msm file' });
    assert.deepEqual(parseArgs(['inspect', 'a.msi', 'b.msi'], RULES), { kind: 'usage-error', message: 'inspect takes one file' });
    assert.deepEqual(parseArgs(['inspect', 'a.msi', '--format', 'sarif'], RULES), {
      kind: 'usage-error',
      message: "invalid --format value 'sarif' for inspect: expected text, json, csv or idt",
    });
    assert.deepEqual(parseArgs(['inspect', 'a.msi', '--table'], RULES), { kind: 'usage-error', message: "option '--table' needs a value: NAME" });
    assert.deepEqual(parseArgs(['inspect', 'a.msi', '--table', 'File', '--format', 'idt'], RULES), {
      kind: 'inspect',
      args: { file: 'a.msi', table: 'File', format: 'idt' },
    });
    assert.deepEqual(parseArgs(['inspect', 'a.msi', '--format=csv'], RULES), {
      kind: 'usage-error',
      message: '--format csv exports one table: add --table NAME',
    });
    assert.deepEqual(lintArgs(['a.wxs', 'inspect']).inputs, ['a.wxs', 'inspect']);
    assert.deepEqual(lintArgs(['--', 'lsp']).inputs, ['lsp']);
    assert.deepEqual(lintArgs(['a.wxs', 'lsp']).inputs, ['a.wxs', 'lsp']);
  });

  it('runs the language server for lsp with one transport, and the client process id some clients add', () => {
    for (const argv of [
      ['lsp', '--stdio'],
      ['lsp', '--node-ipc'],
      ['lsp', '--stdio', '--clientProcessId=1234'],
      ['lsp', '--clientProcessId', '1234', '--stdio'],
    ]) {
      assert.deepEqual(parseArgs(argv, RULES), { kind: 'lsp' }, JSON.stringify(argv));
    }
    const lspError = (argv: string[]): unknown => parseArgs(argv, RULES);
    const transport = "the 'lsp' command takes one transport: --stdio or --node-ipc";
    assert.deepEqual(lspError(['lsp']), { kind: 'usage-error', message: transport });
    assert.deepEqual(lspError(['lsp', '--stdio', '--node-ipc']), { kind: 'usage-error', message: transport });
    assert.deepEqual(lspError(['lsp', '--stdio', 'a.wxs']), {
      kind: 'usage-error',
      message: "unknown option 'a.wxs' for the 'lsp' command: expected --stdio or --node-ipc",
    });
    assert.deepEqual(lspError(['lsp', '--stdio', '--clientProcessId']), {
      kind: 'usage-error',
      message: "option '--clientProcessId' needs a process id",
    });
    assert.deepEqual(lspError(['lsp', '--clientProcessId=x', '--stdio']), {
      kind: 'usage-error',
      message: "option '--clientProcessId' needs a process id",
    });
  });

  describe('usage errors', () => {
    const cases: [string[], string][] = [
      [[], 'no input files or folders given'],
      [['--format', 'json'], 'no input files or folders given'],
      [['--bogus', 'a.wxs'], "unknown option '--bogus'"],
      [['--bogus=1', 'a.wxs'], "unknown option '--bogus'"],
      [['-x', 'a.wxs'], "unknown option '-x'"],
      [['--help=yes'], "option '--help' does not take a value"],
      [['--version=1'], "option '--version' does not take a value"],
      [['a.wxs', '--arch'], "option '--arch' needs a value: x86, x64 or arm64"],
      [['--arch', '--format', 'json', 'a.wxs'], "option '--arch' needs a value: x86, x64 or arm64"],
      [['--arch', 'amd64', 'a.wxs'], "invalid --arch value 'amd64': expected x86, x64 or arm64"],
      [['--arch=X64', 'a.wxs'], "invalid --arch value 'X64': expected x86, x64 or arm64"],
      [['--arch=', 'a.wxs'], "invalid --arch value '': expected x86, x64 or arm64"],
      [['a.wxs', '-d'], "option '-d' needs a value: NAME=VALUE"],
      [['-d', '=1', 'a.wxs'], "invalid -d value '=1': expected NAME=VALUE"],
      [['-d=1', 'a.wxs'], "invalid -d value '=1': expected NAME=VALUE"],
      [['a.wxs', '-I'], "option '-I' needs a value: DIR"],
      [['a.wxs', '--format'], "option '--format' needs a value: text, json or sarif"],
      [['--format', 'xml', 'a.wxs'], "invalid --format value 'xml': expected text, json or sarif"],
      [['a.wxs', '--rule'], "option '--rule' needs a value: ID=off|info|warning|error"],
      [['--rule', 'ice80', 'a.wxs'], "invalid --rule value 'ice80': expected ID=off|info|warning|error"],
      [['--rule', '=off', 'a.wxs'], "invalid --rule value '=off': expected ID=off|info|warning|error"],
      [['--rule', 'ice80=fatal', 'a.wxs'], "invalid severity 'fatal' in --rule 'ice80=fatal': expected off, info, warning or error"],
      [['--rule', 'ice80=', 'a.wxs'], "invalid severity '' in --rule 'ice80=': expected off, info, warning or error"],
      [['--rule', 'ICE80=off', 'a.wxs'], "unknown rule 'ICE80' in --rule 'ICE80=off'; known rules: com-overwrite, ice80, isa-mixing"],
      [['--rule=nope=error', 'a.wxs'], "unknown rule 'nope' in --rule 'nope=error'; known rules: com-overwrite, ice80, isa-mixing"],
      [['a.wxs', '--ignore-pattern'], "option '--ignore-pattern' needs a value: PATTERN, as a .gitignore line"],
      [['--ignore-pattern=', 'a.wxs'], "invalid --ignore-pattern value '': expected PATTERN, as a .gitignore line"],
      [['--ignore-pattern', '  ', 'a.wxs'], "invalid --ignore-pattern value '  ': expected PATTERN, as a .gitignore line"],
      // The first problem is the one reported.
      [['--arch', 'x32', '--format', 'xml', 'a.wxs'], "invalid --arch value 'x32': expected x86, x64 or arm64"],
    ];
    for (const [argv, message] of cases) {
      it(`${JSON.stringify(argv)} -> ${message}`, () => assert.equal(usageError(argv), message));
    }

    it('says when no rule is known at all', () => {
      assert.equal(usageError(['--rule', 'ice80=off', 'a.wxs'], []), "unknown rule 'ice80' in --rule 'ice80=off'; known rules: none");
    });
  });
});

describe('usageText', () => {
  it('lists the rules, sorted, after the options', () => {
    const text = usageText(['isa-mixing', 'ice80']);
    assert.ok(text.startsWith('Usage: wixlint [options] <file|folder|glob>...\n'));
    assert.ok(text.endsWith('\n\nRules: ice80, isa-mixing\n'));
    assert.ok(text.includes("  --rule ID=off|info|warning|error  set a rule's severity (repeatable)\n"));
    assert.ok(
      text.includes(
        '  --ignore-pattern PATTERN          leave out files and folders, as a .gitignore line relative to the\n' +
          '                                    working folder would (repeatable)\n',
      ),
    );
  });

  it('omits the rules line when there are none', () => {
    assert.ok(!usageText([]).includes('Rules:'));
  });
});
