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
      quiet: false,
      maxWarnings: undefined,
      outputFile: undefined,
      stdin: false,
      stdinFilename: undefined,
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
      '--quiet',
      '--max-warnings',
      '3',
      '-o',
      'out/report.json',
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
      quiet: true,
      maxWarnings: 3,
      outputFile: 'out/report.json',
      stdin: false,
      stdinFilename: undefined,
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

describe('parseArgs: the flags ESLint users reach for', () => {
  it('reads -v as --version', () => {
    assert.deepEqual(parseArgs(['-v'], RULES), { kind: 'version' });
    assert.deepEqual(parseArgs(['-v', 'a.wxs'], RULES), { kind: 'version' });
    assert.deepEqual(parseArgs(['-v', '-h'], RULES), { kind: 'help' });
  });

  it('takes --max-warnings as a whole number, 0 or more', () => {
    assert.equal(lintArgs(['--max-warnings', '0', 'a.wxs']).maxWarnings, 0);
    assert.equal(lintArgs(['--max-warnings=12', 'a.wxs']).maxWarnings, 12);
    const expected = 'expected a number of warnings, 0 or more';
    assert.equal(usageError(['--max-warnings=-1', 'a.wxs']), `invalid --max-warnings value '-1': ${expected}`);
    assert.equal(usageError(['--max-warnings', '1.5', 'a.wxs']), `invalid --max-warnings value '1.5': ${expected}`);
    assert.equal(usageError(['--max-warnings', 'ten', 'a.wxs']), `invalid --max-warnings value 'ten': ${expected}`);
    assert.equal(usageError(['--max-warnings=', 'a.wxs']), `invalid --max-warnings value '': ${expected}`);
    assert.equal(usageError(['--max-warnings', '99999999999999999999', 'a.wxs']), `invalid --max-warnings value '99999999999999999999': ${expected}`);
    // A negative number in the next argument reads as an option, as any value starting with '-' does.
    assert.equal(usageError(['--max-warnings', '-1', 'a.wxs']), "option '--max-warnings' needs a value: a number of warnings, 0 or more");
  });

  it('takes --quiet, and -o or --output-file once', () => {
    assert.equal(lintArgs(['--quiet', 'a.wxs']).quiet, true);
    assert.equal(lintArgs(['-o', 'report.txt', 'a.wxs']).outputFile, 'report.txt');
    assert.equal(lintArgs(['--output-file', 'out/r.json', 'a.wxs']).outputFile, 'out/r.json');
    assert.equal(lintArgs(['--output-file=out/r.json', '-o', 'out/r.json', 'a.wxs']).outputFile, 'out/r.json');
    assert.equal(usageError(['-o', 'a.txt', '--output-file', 'b.txt', 'a.wxs']), '--output-file is given twice: wixlint writes one report');
    assert.equal(usageError(['a.wxs', '-o']), "option '-o' needs a value: FILE");
    assert.equal(usageError(['--quiet=yes', 'a.wxs']), "option '--quiet' does not take a value");
  });

  it('takes --stdin without inputs, named by --stdin-filename or not', () => {
    assert.deepEqual(
      (({ inputs, stdin, stdinFilename }) => ({ inputs, stdin, stdinFilename }))(lintArgs(['--stdin', '--stdin-filename', 'src/Product.wxs'])),
      { inputs: [], stdin: true, stdinFilename: 'src/Product.wxs' },
    );
    assert.equal(lintArgs(['--stdin']).stdinFilename, undefined);
    assert.equal(lintArgs(['--stdin-filename=Setup.wixproj', '--stdin']).stdinFilename, 'Setup.wixproj');
  });

  it('refuses --stdin with inputs, --stdin-filename alone, and a package from stdin', () => {
    assert.equal(
      usageError(['--stdin', 'a.wxs']),
      "--stdin lints standard input, but 'a.wxs' is given too: name the file it stands for with --stdin-filename",
    );
    assert.equal(usageError(['--stdin-filename', 'a.wxs']), '--stdin-filename names the text of --stdin: add --stdin');
    assert.equal(usageError(['--stdin-filename', 'a.wxs', 'b.wxs']), '--stdin-filename names the text of --stdin: add --stdin');
    assert.equal(
      usageError(['--stdin', '--stdin-filename', 'out/Setup.MSI']),
      'a package cannot be read from standard input: give its path instead (wixlint out/Setup.MSI)',
    );
    assert.equal(
      usageError(['--stdin', '--stdin-filename', 'm.msm']),
      'a package cannot be read from standard input: give its path instead (wixlint m.msm)',
    );
    assert.equal(usageError(['--stdin=x']), "option '--stdin' does not take a value");
  });

  it('lists the rules as text or json, and nothing else with it', () => {
    assert.deepEqual(parseArgs(['--list-rules'], RULES), { kind: 'list-rules', format: 'text' });
    assert.deepEqual(parseArgs(['--list-rules', '--format', 'json'], RULES), { kind: 'list-rules', format: 'json' });
    assert.deepEqual(parseArgs(['--format=text', '--list-rules'], RULES), { kind: 'list-rules', format: 'text' });
    assert.equal(usageError(['--list-rules', '--format', 'sarif']), '--list-rules prints text or json, not sarif');
    assert.equal(usageError(['--list-rules', 'src']), "--list-rules takes no files or folders, but 'src' is given");
    assert.equal(usageError(['--list-rules', '-o', 'rules.txt']), '-o is for the lint report; --list-rules prints to stdout (redirect it with >)');
    assert.equal(usageError(['--list-rules', '--print-config', 'a.wxs']), '--list-rules and --print-config cannot be combined: give one of them');
    assert.equal(usageError(['--list-rules=1']), "option '--list-rules' does not take a value");
    // A usage error elsewhere on the line still comes first.
    assert.equal(usageError(['--list-rules', '--arch', 'x32']), "invalid --arch value 'x32': expected x86, x64 or arm64");
  });

  it('prints the config of one file, with the other options as a lint takes them', () => {
    const parsed = parseArgs(['--print-config', 'src/Product.wxs', '--arch', 'x64', '-dA=1', '-I', 'inc', '--rule', 'ice80=warning'], RULES);
    assert.equal(parsed.kind, 'print-config', JSON.stringify(parsed));
    const { file, args } = parsed as Extract<ParsedArgs, { kind: 'print-config' }>;
    assert.equal(file, 'src/Product.wxs');
    assert.deepEqual(
      [args.inputs, args.platforms, args.defines, args.includePaths, args.severities],
      [[], ['x64'], { A: '1' }, ['inc'], { ice80: 'warning' }],
    );
    assert.equal((parseArgs(['--print-config=a.wxs'], RULES) as { file: string }).file, 'a.wxs');
    assert.equal(usageError(['--print-config', 'a.wxs', 'b.wxs']), "--print-config a.wxs takes no other files or folders, but 'b.wxs' is given");
    assert.equal(
      usageError(['--print-config', 'a.wxs', '--stdin']),
      '--print-config and --stdin cannot be combined: name the file with --print-config',
    );
    assert.equal(
      usageError(['--print-config', 'a.wxs', '-o', 'c.json']),
      '-o is for the lint report; --print-config prints to stdout (redirect it with >)',
    );
    assert.equal(
      usageError(['--print-config', 'a.wxs', '--print-config', 'b.wxs']),
      '--print-config is given twice: it prints the settings of one file',
    );
    assert.equal(usageError(['--print-config']), "option '--print-config' needs a value: FILE");
  });

  describe('-d and -I refuse a file or an option, keeping their own forms', () => {
    const D_HINT = '-d defines a variable: -d NAME=VALUE';
    const I_HINT = '-I adds a folder where include files are looked for: -I DIR';
    const cases: [string[], string][] = [
      [['-d', 'Product.wxs'], `invalid -d value 'Product.wxs': it looks like a file; ${D_HINT}`],
      [['-dProduct.wxs'], `invalid -d value 'Product.wxs': it looks like a file; ${D_HINT}`],
      [['-d', 'src/Config.WXI', 'a.wxs'], `invalid -d value 'src/Config.WXI': it looks like a file; ${D_HINT}`],
      [['-d', 'Setup.wixproj'], `invalid -d value 'Setup.wixproj': it looks like a file; ${D_HINT}`],
      [['-d', 'out/Setup.msi'], `invalid -d value 'out/Setup.msi': it looks like a file; ${D_HINT}`],
      [['-d', 'Module.msm', 'a.wxs'], `invalid -d value 'Module.msm': it looks like a file; ${D_HINT}`],
      [['-d', 'en-us.wxl', 'a.wxs'], `invalid -d value 'en-us.wxl': it looks like a file; ${D_HINT}`],
      [['-d-arch', 'a.wxs'], `invalid -d value '-arch': it looks like an option; ${D_HINT}`],
      [['-d', '-', 'a.wxs'], `invalid -d value '-': it looks like an option; ${D_HINT}`],
      [['-I-x', 'a.wxs'], `invalid -I value '-x': it looks like an option; ${I_HINT}`],
      // The next argument being an option is a value forgotten, as for every option.
      [['-d', '--arch', 'x64', 'a.wxs'], "option '-d' needs a value: NAME=VALUE"],
    ];
    for (const [argv, message] of cases) {
      it(`${JSON.stringify(argv)} -> ${message}`, () => assert.equal(usageError(argv), message));
    }

    it('refuses an -I value that is an existing WiX file, and takes one that is not there or not such a file', () => {
      const existing = new Set(['Product.wxs', 'inc/Config.wxi', 'readme.txt']);
      const parse = (argv: string[]) => parseArgs(argv, RULES, (given) => existing.has(given));
      assert.deepEqual(parse(['-I', 'Product.wxs', 'a.wxs']), {
        kind: 'usage-error',
        message: `invalid -I value 'Product.wxs': it is a file; ${I_HINT}`,
      });
      assert.deepEqual(parse(['-Iinc/Config.wxi', 'a.wxs']), {
        kind: 'usage-error',
        message: `invalid -I value 'inc/Config.wxi': it is a file; ${I_HINT}`,
      });
      const kept = parse(['-I', 'Missing.wxs', '-I', 'readme.txt', '-Iinc', 'a.wxs']);
      assert.deepEqual((kept as Extract<ParsedArgs, { kind: 'lint' }>).args.includePaths, ['Missing.wxs', 'readme.txt', 'inc']);
    });

    it('keeps -dNAME, -d NAME=VALUE (a file name as the value too) and -IDIR', () => {
      const args = lintArgs(['-dDebug', '-d', 'Source=bin/Product.wxs', '-dWxl=en-us.wxl', '-IDIR', '-I', 'shared', 'a.wxs']);
      assert.deepEqual(args.defines, { Debug: '', Source: 'bin/Product.wxs', Wxl: 'en-us.wxl' });
      assert.deepEqual(args.includePaths, ['DIR', 'shared']);
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

  it('keeps one column for the descriptions, and names every new flag', () => {
    const text = usageText([]);
    const options = text.split('\n').filter((l) => l.startsWith('  -'));
    for (const line of options) assert.equal(line.slice(34, 36), '  ', line);
    for (const line of options) assert.notEqual(line[36], ' ', line);
    for (const flag of [
      '--quiet',
      '--max-warnings N',
      '-o FILE, --output-file FILE',
      '--stdin ',
      '--stdin-filename FILE',
      '--list-rules',
      '--print-config FILE',
      '-v, --version',
    ]) {
      assert.ok(
        options.some((l) => l.startsWith(`  ${flag}`)),
        flag,
      );
    }
  });

  it('omits the rules line when there are none', () => {
    assert.ok(!usageText([]).includes('Rules:'));
  });
});
