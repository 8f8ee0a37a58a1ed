// Parses the wixlint command line (the contract README.md, "Command line", documents) into options or a usage error; never throws.
import { BUILD_ARCHES, type BuildArch } from '../model/platform';
import type { SeveritySetting } from '../rules/rule';

export type OutputFormat = 'text' | 'json' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

export interface InspectArgs {
  /** The package, as given. */
  file: string;
  /** Only this table (and no summary), when given. */
  table: string | undefined;
  /** csv and idt export one table (--table), as the editor's inspector does. */
  format: 'text' | 'json' | 'csv' | 'idt';
}

export interface LintArgs {
  /** Files and folders, as given. */
  inputs: string[];
  /** undefined when no --arch was given: the caller picks the default (the .wixproj's platform, else x86). */
  platforms: BuildArch[] | undefined;
  defines: Record<string, string>;
  /** As given; the caller resolves them. */
  includePaths: string[];
  /** -b DIR or -b name=DIR, as given: where File sources are looked for, as the binder looks. */
  bindPaths: string[];
  /** --missing-payloads: say which File sources are not found (payload-isa, as info). */
  missingPayloads: boolean;
  /** --config FILE: the config for every input, instead of the nearest wixlint.config.json. */
  config: string | undefined;
  /** --configuration NAME: the MSBuild configuration .wixproj files are read for. */
  configuration: string | undefined;
  format: OutputFormat;
  severities: Record<string, SeveritySetting>;
  /** --color or --no-color; undefined: FORCE_COLOR, NO_COLOR and the terminal decide. */
  color: boolean | undefined;
  /** --ignore-pattern PATTERN (repeatable): .gitignore's syntax, relative to the working folder. */
  ignorePatterns: string[];
  /** --quiet: report error-severity problems only; warnings then count for nothing, --max-warnings included. */
  quiet: boolean;
  /** --max-warnings N: more than N warnings fail the run (exit 1); undefined: no limit. */
  maxWarnings: number | undefined;
  /** -o/--output-file FILE, as given: the report goes there (never coloured), not to stdout. */
  outputFile: string | undefined;
  /** --stdin: lint standard input instead of `inputs`, as the file `stdinFilename` (else STDIN_FILENAME). */
  stdin: boolean;
  /** --stdin-filename FILE, as given: where the text of --stdin is linted as being. */
  stdinFilename: string | undefined;
}

/** The name --stdin's text has without --stdin-filename: a source in the working folder (never read from disk). */
export const STDIN_FILENAME = '<stdin>.wxs';

export type ParsedArgs =
  | { kind: 'lint'; args: LintArgs }
  | { kind: 'help' }
  | { kind: 'version' }
  /** `wixlint lsp --stdio`: the language server takes the transport from process.argv itself. */
  | { kind: 'lsp' }
  | { kind: 'inspect'; args: InspectArgs }
  /** --list-rules: every rule's id, default severity, ICE and description, as a table or (--format json) an array. */
  | { kind: 'list-rules'; format: 'text' | 'json' }
  /** --print-config FILE: the settings FILE is linted with, from `args` (whose `inputs` are empty) and the configs. */
  | { kind: 'print-config'; file: string; args: LintArgs }
  | { kind: 'usage-error'; message: string };

/** Options that take a value, in both `--opt VALUE` and `--opt=VALUE` spellings (and `-dX`/`-IX` for the short ones). */
type ValueOption =
  | '--arch'
  | '-d'
  | '-I'
  | '-b'
  | '--bindpath'
  | '--config'
  | '--configuration'
  | '--format'
  | '--rule'
  | '--max-warnings'
  | '-o'
  | '--output-file'
  | '--stdin-filename'
  | '--print-config'
  | '--ignore-pattern';

const VALUE_HINTS: Record<ValueOption, string> = {
  '--arch': 'x86, x64 or arm64',
  '-d': 'NAME=VALUE',
  '-I': 'DIR',
  '-b': 'DIR or NAME=DIR',
  '--bindpath': 'DIR or NAME=DIR',
  '--config': 'FILE',
  '--configuration': 'NAME (Debug, Release...)',
  '--format': 'text, json or sarif',
  '--rule': 'ID=off|info|warning|error',
  '--ignore-pattern': 'PATTERN, as a .gitignore line',
  '--max-warnings': 'a number of warnings, 0 or more',
  '-o': 'FILE',
  '--output-file': 'FILE',
  '--stdin-filename': 'FILE',
  '--print-config': 'FILE',
};

/** Options without a value. */
const FLAGS = ['--help', '-h', '--version', '-v', '--missing-payloads', '--color', '--no-color', '--quiet', '--stdin', '--list-rules'];

/** Names of WiX and MSI files: a -d or -I value like these is an input put in the wrong place (`-d Product.wxs`). */
const WIX_FILE = /\.(wxs|wxi|wixproj|msi|msm|wxl)$/i;
const PACKAGE_FILE = /\.(msi|msm)$/i;
const D_HINT = '-d defines a variable: -d NAME=VALUE';
const I_HINT = '-I adds a folder where include files are looked for: -I DIR';

function isValueOption(name: string): name is ValueOption {
  return Object.hasOwn(VALUE_HINTS, name);
}

/**
 * Reads argv (without node and script). knownRuleIds is passed in so tests do not depend on which rules exist yet;
 * `isFile` says whether a path, as given, is an existing file (an -I value that is one is refused).
 */
export function parseArgs(argv: readonly string[], knownRuleIds: readonly string[], isFile: (given: string) => boolean = () => false): ParsedArgs {
  const first = argv[0];
  if (first === 'inspect') return parseInspectArgs(argv.slice(1));
  if (first === 'lsp') return parseLspArgs(argv.slice(1));

  const inputs: string[] = [];
  const arches = new Set<BuildArch>();
  // Maps, then Object.fromEntries: a define named __proto__ must stay an ordinary key.
  const defines = new Map<string, string>();
  const includePaths: string[] = [];
  const bindPaths: string[] = [];
  let missingPayloads = false;
  let color: boolean | undefined;
  const ignorePatterns: string[] = [];
  let config: string | undefined;
  let configuration: string | undefined;
  let format = 'text' as OutputFormat;
  const severities = new Map<string, SeveritySetting>();
  let quiet = false;
  let maxWarnings: number | undefined;
  let outputFile: string | undefined;
  let stdin = false;
  let stdinFilename: string | undefined;
  let listRules = false;
  let printConfig: string | undefined;
  let help = false;
  let version = false;
  let error: string | undefined;
  const fail = (message: string): void => {
    error ??= message;
  };

  const apply = (option: ValueOption, value: string): void => {
    switch (option) {
      case '--arch': {
        const arch = BUILD_ARCHES.find((a) => a === value);
        if (arch) arches.add(arch);
        else fail(`invalid --arch value '${value}': expected ${VALUE_HINTS['--arch']}`);
        return;
      }
      case '-d': {
        // candle accepts -dNAME alone and defines NAME as empty; a file or an option there was meant for elsewhere.
        const eq = value.indexOf('=');
        const name = eq < 0 ? value : value.slice(0, eq);
        if (value.startsWith('-')) fail(`invalid -d value '${value}': it looks like an option; ${D_HINT}`);
        else if (eq < 0 && WIX_FILE.test(value)) fail(`invalid -d value '${value}': it looks like a file; ${D_HINT}`);
        else if (name === '') fail(`invalid -d value '${value}': expected NAME=VALUE`);
        else defines.set(name, eq < 0 ? '' : value.slice(eq + 1));
        return;
      }
      case '-I':
        if (value.startsWith('-')) fail(`invalid -I value '${value}': it looks like an option; ${I_HINT}`);
        // Only an existing file: a folder may be named anything.
        else if (WIX_FILE.test(value) && isFile(value)) fail(`invalid -I value '${value}': it is a file; ${I_HINT}`);
        else includePaths.push(value);
        return;
      case '-b':
      case '--bindpath':
        bindPaths.push(value);
        return;
      case '--config':
        if (config !== undefined && config !== value) fail('--config is given twice: wixlint reads one config');
        config = value;
        return;
      case '--configuration':
        configuration = value;
        return;
      case '--format': {
        const f = OUTPUT_FORMATS.find((x) => x === value);
        if (f) format = f;
        else fail(`invalid --format value '${value}': expected ${VALUE_HINTS['--format']}`);
        return;
      }
      case '--rule': {
        const eq = value.indexOf('=');
        if (eq <= 0) {
          fail(`invalid --rule value '${value}': expected ID=off|info|warning|error`);
          return;
        }
        const id = value.slice(0, eq);
        const setting = SEVERITY_SETTINGS.find((s) => s === value.slice(eq + 1));
        if (!knownRuleIds.includes(id)) {
          const known = knownRuleIds.length > 0 ? [...knownRuleIds].sort().join(', ') : 'none';
          fail(`unknown rule '${id}' in --rule '${value}'; known rules: ${known}`);
        } else if (!setting) {
          fail(`invalid severity '${value.slice(eq + 1)}' in --rule '${value}': expected off, info, warning or error`);
        } else {
          severities.set(id, setting);
        }
        return;
      }
      case '--ignore-pattern':
        if (value.trim() === '') fail(`invalid --ignore-pattern value '${value}': expected ${VALUE_HINTS['--ignore-pattern']}`);
        else ignorePatterns.push(value);
        return;
      case '--max-warnings':
        if (/^\d+$/.test(value) && Number.isSafeInteger(Number(value))) maxWarnings = Number(value);
        else fail(`invalid --max-warnings value '${value}': expected ${VALUE_HINTS['--max-warnings']}`);
        return;
      case '-o':
      case '--output-file':
        if (outputFile !== undefined && outputFile !== value) fail(`${option} is given twice: wixlint writes one report`);
        outputFile = value;
        return;
      case '--stdin-filename':
        stdinFilename = value;
        return;
      case '--print-config':
        if (printConfig !== undefined && printConfig !== value) fail('--print-config is given twice: it prints the settings of one file');
        printConfig = value;
        return;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      inputs.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      inputs.push(arg);
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--version' || arg === '-v') {
      version = true;
      continue;
    }
    if (arg === '--quiet') {
      quiet = true;
      continue;
    }
    if (arg === '--stdin') {
      stdin = true;
      continue;
    }
    if (arg === '--list-rules') {
      listRules = true;
      continue;
    }
    if (arg === '--missing-payloads') {
      missingPayloads = true;
      continue;
    }
    if (arg === '--color' || arg === '--no-color') {
      color = arg === '--color';
      continue;
    }

    let name: string;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      name = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    } else if (!arg.startsWith('--') && (arg.startsWith('-d') || arg.startsWith('-I') || arg.startsWith('-b')) && arg.length > 2) {
      name = arg.slice(0, 2);
      value = arg.slice(2);
    } else {
      name = arg;
    }

    if (FLAGS.includes(name)) {
      fail(`option '${name}' does not take a value`);
      continue;
    }
    if (!isValueOption(name)) {
      fail(`unknown option '${name}'`);
      continue;
    }
    if (value === undefined) {
      const next = argv[i + 1];
      // A following option is a forgotten value, not a value: `--arch --format json` should not read as arch "--format".
      if (next === undefined || (next.startsWith('-') && next !== '-')) {
        fail(`option '${name}' needs a value: ${VALUE_HINTS[name]}`);
        continue;
      }
      value = next;
      i++;
    }
    apply(name, value);
  }

  if (help) return { kind: 'help' };
  if (version) return { kind: 'version' };
  if (error !== undefined) return { kind: 'usage-error', message: error };
  const conflict = conflictingOptions({ inputs, stdin, stdinFilename, listRules, printConfig, outputFile, format });
  if (conflict !== undefined) return { kind: 'usage-error', message: conflict };
  if (listRules) return { kind: 'list-rules', format: format === 'json' ? 'json' : 'text' };
  if (inputs.length === 0 && !stdin && printConfig === undefined) return { kind: 'usage-error', message: 'no input files or folders given' };

  const args: LintArgs = {
    inputs,
    platforms: arches.size > 0 ? BUILD_ARCHES.filter((a) => arches.has(a)) : undefined,
    defines: Object.fromEntries(defines),
    includePaths,
    bindPaths,
    missingPayloads,
    config,
    configuration,
    format,
    severities: Object.fromEntries(severities),
    color,
    quiet,
    maxWarnings,
    outputFile,
    stdin,
    stdinFilename,
    ignorePatterns,
  };
  return printConfig !== undefined ? { kind: 'print-config', file: printConfig, args } : { kind: 'lint', args };
}

/** What cannot go together: --stdin with inputs, --list-rules and --print-config with inputs or a report file... */
function conflictingOptions(given: {
  inputs: readonly string[];
  stdin: boolean;
  stdinFilename: string | undefined;
  listRules: boolean;
  printConfig: string | undefined;
  outputFile: string | undefined;
  format: OutputFormat;
}): string | undefined {
  const { inputs, stdin, stdinFilename, listRules, printConfig, outputFile, format } = given;
  const firstInput = inputs[0];
  if (listRules && printConfig !== undefined) return '--list-rules and --print-config cannot be combined: give one of them';
  if (listRules && firstInput !== undefined) return `--list-rules takes no files or folders, but '${firstInput}' is given`;
  if (listRules && format === 'sarif') return '--list-rules prints text or json, not sarif';
  if (printConfig !== undefined && firstInput !== undefined) {
    return `--print-config ${printConfig} takes no other files or folders, but '${firstInput}' is given`;
  }
  if (printConfig !== undefined && stdin) return '--print-config and --stdin cannot be combined: name the file with --print-config';
  if ((listRules || printConfig !== undefined) && outputFile !== undefined) {
    return `-o is for the lint report; ${listRules ? '--list-rules' : '--print-config'} prints to stdout (redirect it with >)`;
  }
  if (stdin && firstInput !== undefined) {
    return `--stdin lints standard input, but '${firstInput}' is given too: name the file it stands for with --stdin-filename`;
  }
  if (stdinFilename !== undefined && !stdin) return '--stdin-filename names the text of --stdin: add --stdin';
  if (stdin && stdinFilename !== undefined && PACKAGE_FILE.test(stdinFilename)) {
    return `a package cannot be read from standard input: give its path instead (wixlint ${stdinFilename})`;
  }
  return undefined;
}

/** `inspect <file.msi> [--table NAME] [--format text|json|csv|idt]`; csv and idt need --table. */
function parseInspectArgs(argv: readonly string[]): ParsedArgs {
  const files: string[] = [];
  let table: string | undefined;
  let format: InspectArgs['format'] = 'text';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--table' || name === '--format') {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
        return { kind: 'usage-error', message: `option '${name}' needs a value: ${name === '--table' ? 'NAME' : 'text, json, csv or idt'}` };
      }
      if (name === '--table') table = value;
      else if (value === 'text' || value === 'json' || value === 'csv' || value === 'idt') format = value;
      else return { kind: 'usage-error', message: `invalid --format value '${value}' for inspect: expected text, json, csv or idt` };
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') return { kind: 'usage-error', message: `unknown option '${name}' for inspect` };
    files.push(arg);
  }
  if (files.length !== 1) {
    return { kind: 'usage-error', message: files.length === 0 ? 'inspect needs a .msi or .msm file' : 'inspect takes one file' };
  }
  if ((format === 'csv' || format === 'idt') && table === undefined) {
    return { kind: 'usage-error', message: `--format ${format} exports one table: add --table NAME` };
  }
  return { kind: 'inspect', args: { file: files[0]!, table, format } };
}

/** The transports vscode-languageserver reads from argv that a client of `wixlint lsp` needs. */
const LSP_TRANSPORTS = ['--stdio', '--node-ipc'];

/** `lsp` takes one transport, and the --clientProcessId that VS Code-style clients add (the server exits when that process does). */
function parseLspArgs(argv: readonly string[]): ParsedArgs {
  let transports = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (LSP_TRANSPORTS.includes(arg)) {
      transports++;
      continue;
    }
    if (arg === '--clientProcessId' || arg.startsWith('--clientProcessId=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value === undefined || !/^\d+$/.test(value)) return { kind: 'usage-error', message: "option '--clientProcessId' needs a process id" };
      continue;
    }
    return { kind: 'usage-error', message: `unknown option '${arg}' for the 'lsp' command: expected --stdio or --node-ipc` };
  }
  if (transports !== 1) return { kind: 'usage-error', message: "the 'lsp' command takes one transport: --stdio or --node-ipc" };
  return { kind: 'lsp' };
}

/** The --help text; rule ids are listed so --rule can be written without opening the docs. */
export function usageText(knownRuleIds: readonly string[]): string {
  const lines = [
    'Usage: wixlint [options] <file|folder|glob>...',
    '       wixlint [options] --stdin [--stdin-filename FILE]',
    '       wixlint inspect <file.msi> [--table NAME] [--format text|json|csv|idt]',
    '       wixlint lsp --stdio',
    '',
    'Lints WiX sources (.wxs, .wxi) as WiX would build them for each platform, and built packages (.msi, .msm).',
    'A folder means every .wxs, .wixproj, .msi and .msm file below it, except in node_modules, bin, obj and',
    "dot-folders and what .gitignore and .wixlintignore files exclude; a glob ('src/**/*.wxs') means the .wxs, .wxi,",
    '.wixproj, .msi and .msm files it matches, with the same exceptions. A file or folder named is linted even in',
    'bin or obj or when an ignore file excludes it (not when --ignore-pattern or ignorePatterns do). Sources are',
    'linked per project, as the WiX linker links them: a .wixproj with its Compile items, a project of',
    'wixlint.config.json, else each Product, Package, Module or Bundle with the fragments it references. A file',
    'given alone is linted with its project.',
    "'wixlint inspect' prints a package's summary information, tables and streams, or one table (also as CSV or IDT).",
    "'wixlint lsp --stdio' runs the language server over stdin and stdout, for any LSP client.",
    '',
    'Options:',
    "  --arch x86|x64|arm64              build platform to check (repeatable; default: the config's, the",
    "                                    .wixproj's, what the sources say, else x86)",
    '  -d NAME=VALUE, -dNAME=VALUE       define a preprocessor variable (repeatable)',
    '  -I DIR, -IDIR                     add an include search path (repeatable)',
    '  -b DIR, -b NAME=DIR               add a bind path, where File sources are looked for (repeatable)',
    '  --missing-payloads                say which File sources are not found (payload-isa, as info)',
    '  --config FILE                     use this config instead of the nearest wixlint.config.json',
    "  --configuration NAME              the .wixproj configuration to read (default: the project's own)",
    '  --format text|json|sarif          output format (default text)',
    "  --rule ID=off|info|warning|error  set a rule's severity (repeatable)",
    '  --ignore-pattern PATTERN          leave out files and folders, as a .gitignore line relative to the',
    '                                    working folder would (repeatable)',
    '  --quiet                           report errors only, not warnings or infos',
    '  --max-warnings N                  fail (exit 1) when there are more than N warnings',
    '  -o FILE, --output-file FILE       write the report to FILE (its folders created, never coloured)',
    '  --stdin                           lint the text on standard input instead of files and folders',
    '  --stdin-filename FILE             lint it as if it were FILE: its project, config and includes, its',
    '                                    problems under its name (default: <stdin>.wxs in the working folder)',
    '  --color, --no-color               colour the text report or not (default: when stdout is a terminal;',
    '                                    FORCE_COLOR and NO_COLOR are honoured)',
    '  --list-rules                      list the rules: id, default severity, ICE, description (or --format json)',
    '  --print-config FILE               print, as JSON, the settings FILE is linted with (FILE may be new)',
    '  -h, --help                        print this help',
    '  -v, --version                     print the version',
    '',
    'Exit status: 0 no errors, 1 at least one error-severity problem (or more warnings than --max-warnings),',
    '2 usage error, unreadable input, or a report that cannot be written.',
  ];
  if (knownRuleIds.length > 0) lines.push('', `Rules: ${[...knownRuleIds].sort().join(', ')}`);
  return lines.join('\n') + '\n';
}
