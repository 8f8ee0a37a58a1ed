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
}

export type ParsedArgs =
  | { kind: 'lint'; args: LintArgs }
  | { kind: 'help' }
  | { kind: 'version' }
  /** `wixlint lsp --stdio`: the language server takes the transport from process.argv itself. */
  | { kind: 'lsp' }
  | { kind: 'inspect'; args: InspectArgs }
  | { kind: 'usage-error'; message: string };

/** Options that take a value, in both `--opt VALUE` and `--opt=VALUE` spellings (and `-dX`/`-IX` for the short ones). */
type ValueOption = '--arch' | '-d' | '-I' | '-b' | '--bindpath' | '--config' | '--configuration' | '--format' | '--rule' | '--ignore-pattern';

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
};

function isValueOption(name: string): name is ValueOption {
  return Object.hasOwn(VALUE_HINTS, name);
}

/** Reads argv (without node and script). knownRuleIds is passed in so tests do not depend on which rules exist yet. */
export function parseArgs(argv: readonly string[], knownRuleIds: readonly string[]): ParsedArgs {
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
  let format: OutputFormat = 'text';
  const severities = new Map<string, SeveritySetting>();
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
        // candle accepts -dNAME alone and defines NAME as empty.
        const eq = value.indexOf('=');
        const name = eq < 0 ? value : value.slice(0, eq);
        if (name === '') fail(`invalid -d value '${value}': expected NAME=VALUE`);
        else defines.set(name, eq < 0 ? '' : value.slice(eq + 1));
        return;
      }
      case '-I':
        includePaths.push(value);
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
    if (arg === '--version') {
      version = true;
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

    if (name === '--help' || name === '--version' || name === '--missing-payloads' || name === '--color' || name === '--no-color') {
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
  if (inputs.length === 0) return { kind: 'usage-error', message: 'no input files or folders given' };

  return {
    kind: 'lint',
    args: {
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
      ignorePatterns,
    },
  };
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
    '  --color, --no-color               colour the text report or not (default: when stdout is a terminal;',
    '                                    FORCE_COLOR and NO_COLOR are honoured)',
    '  -h, --help                        print this help',
    '  --version                         print the version',
    '',
    'Exit status: 0 no errors, 1 at least one error-severity problem, 2 usage error or unreadable input.',
  ];
  if (knownRuleIds.length > 0) lines.push('', `Rules: ${[...knownRuleIds].sort().join(', ')}`);
  return lines.join('\n') + '\n';
}
