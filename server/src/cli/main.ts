// The wixlint command: arguments in, report on stdout, exit code out; all of its I/O goes through `io` and node:fs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inertLines } from './format/inert';
import { lintPackages, unreadableInputProblem } from '../engine/lint';
import type { Problem } from '../engine/problem';
import { rules } from '../rules/index';
import { parseArgs, STDIN_FILENAME, usageText, type InspectArgs, type LintArgs } from './args';
import { writeJson } from './format/json';
import { writeSarif } from './format/sarif';
import { DEFAULT_WIDTH, writeText } from './format/text';
import { commandLineIgnores, DisplayNames, expandInputs, stdinInputs, type InputFile } from './inputs';
import { cannotRead, describeFsError, isFile, MAX_TEXT_FILE_BYTES, nodeFileSystem, readDirectory, readTextFile } from '../io/fileSystem';
import type { StreamRead } from '../io/stdin';
import { ConfigLookup } from '../project/config';
import { lintUnits, type UnitResult } from '../project/lint';
import { cabinetsBeside, nodePackageHost } from '../io/packageFile';
import { attachPackagePayloads } from '../payload/package';
import { nodePayloadHost } from '../io/payloadFile';
import { discoverUnits } from '../project/units';
import type { FileName } from './format/emit';
import type { UnitLine } from './format/units';
import { parseXml, type XmlDocument } from '../wix/xml';
import { openFileSource, type FileSource } from '../io/fileSource';
import { inspectJson, inspectText } from './inspect';
import { tableToCsv, tableToIdt } from '../msi/export';
import { openMsi, type MsiDatabase } from '../msi/database';
import { MsiFormatError } from '../msi/errors';
import { lowerMsi } from '../msi/lower';
import type { InstallerDb } from '../model/installer';
import { compareProblems } from '../engine/run';
import { readRuleStories } from './ruleDocs';
import { packageVersion } from './version';
import { rulesJson, rulesTable } from './listRules';
import { commandLineOverrides, projectIgnores, readGivenConfig, resolveSettings } from './printConfig';
import { fileReport, stdoutReport, Utf8Sink } from './reportOutput';
import { decodeText } from '../wix/sourceText';

export interface CliIo {
  stdout(s: string): void;
  /** Writes the report's bytes, valid only during the call; absent: the report goes to `stdout` decoded. */
  stdoutBytes?(bytes: Uint8Array): void;
  stderr(s: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  /** The terminal's width, when stdout is one. */
  columns?: number;
  /** Replaces the version read from package.json, so tests do not depend on it. */
  version?: string;
  /** Standard input, for --stdin: read to its end, or until more than `maxBytes` have come. Absent: it is empty. */
  readStdin?(maxBytes: number): Promise<StreamRead>;
}

export const EXIT_CLEAN = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

/** Never rejects: whatever goes wrong ends as a one-line message and an exit code. */
export async function runCli(argv: string[], given: CliIo): Promise<number> {
  // Messages on stderr quote file names and sources: no control character in them reaches the terminal.
  const io: CliIo = { ...given, stderr: (s) => given.stderr(inertLines(s)) };
  try {
    return await run(argv, io);
  } catch (e) {
    const debug = io.env['WIXLINT_DEBUG'];
    const detail = debug ? (e instanceof Error && e.stack ? e.stack : String(e)) : firstLine(e instanceof Error ? e.message : String(e));
    io.stderr(`wixlint: internal error: ${detail}\n`);
    return EXIT_USAGE;
  }
}

function run(argv: string[], io: CliIo): number | Promise<number> {
  const ruleIds = rules.map((r) => r.meta.id);
  const parsed = parseArgs(argv, ruleIds, (given) => isFile(path.resolve(io.cwd, given)));
  switch (parsed.kind) {
    case 'help':
      io.stdout(usageText(ruleIds));
      return EXIT_CLEAN;
    case 'version':
      io.stdout(`${io.version ?? packageVersion()}\n`);
      return EXIT_CLEAN;
    case 'list-rules':
      io.stdout(parsed.format === 'json' ? rulesJson(rules.map((r) => r.meta)) : rulesTable(rules.map((r) => r.meta)));
      return EXIT_CLEAN;
    case 'print-config':
      return printConfig(parsed.file, parsed.args, io);
    case 'lsp':
      return serveLanguageServer();
    case 'inspect':
      return inspect(parsed.args, io);
    case 'usage-error':
      io.stderr(`wixlint: ${parsed.message}\nRun 'wixlint --help' for usage.\n`);
      return EXIT_USAGE;
    case 'lint':
      return parsed.args.stdin ? lintStdin(parsed.args, io) : lint(parsed.args, io);
  }
}

/**
 * --stdin: the text on standard input, linted as the file --stdin-filename names (else STDIN_FILENAME in the working
 * folder): in that file's place on the file system, so that its project, config and includes are found from there.
 */
async function lintStdin(args: LintArgs, io: CliIo): Promise<number> {
  let read: StreamRead;
  try {
    read = (await io.readStdin?.(MAX_TEXT_FILE_BYTES)) ?? { bytes: new Uint8Array(), more: false };
  } catch (e) {
    io.stderr(`wixlint: cannot read standard input: ${describeFsError(e)}\n`);
    return EXIT_USAGE;
  }
  if (read.more) {
    io.stderr(`wixlint: cannot read standard input: it is over ${MAX_TEXT_FILE_BYTES / (1024 * 1024)} MB, the most wixlint reads of a source\n`);
    return EXIT_USAGE;
  }
  return lint(args, io, decodeText(read.bytes, 'lf'));
}

/** `stdin`: the text of --stdin, which stands for the one input. */
function lint(args: LintArgs, io: CliIo, stdin?: string): number {
  const stdinFile = stdin === undefined ? undefined : stdinInputs(args.stdinFilename ?? STDIN_FILENAME, io.cwd);
  // The text of --stdin wherever the file it stands for is read: as the input, a project's Compile item, an include.
  // The command line changes no file: what it reads has LF line ends, as the parser reads it (a large CRLF source is
  // not decoded and then copied without its CRs).
  const fsHost = nodeFileSystem(stdinFile ? new Map([[stdinFile.files[0]!.absolutePath, stdin ?? '']]) : undefined, 'lf');
  const given = readGivenConfig(args.config, io.cwd);
  if (!given.ok) {
    io.stderr(`wixlint: ${given.error}\n`);
    return EXIT_USAGE;
  }
  const configs = new ConfigLookup(fsHost, given.config);
  const ignorePatterns = commandLineIgnores(args.ignorePatterns, io.cwd);
  const expanded = stdinFile
    ? { ok: true as const, ...stdinFile }
    : expandInputs(args.inputs, io.cwd, (file) => configs.ignores(file), ignorePatterns);
  if (!expanded.ok) {
    for (const error of expanded.errors) io.stderr(`wixlint: ${error}\n`);
    return EXIT_USAGE;
  }
  for (const warning of expanded.warnings) io.stderr(`wixlint: warning: ${warning}\n`);

  // As ESLint does: a file named on the command line that a config ignores is not linted (nor read), and the user is told.
  const ignoredByConfig = (f: InputFile) => expanded.named.has(f.absolutePath) && configs.ignores(f.absolutePath);
  // One bad input never stops the others (ESLint's contract): a file that cannot be read is a problem on that file.
  const packages: InstallerDb[] = [];
  const unreadable: { file: InputFile; reason: string }[] = [];
  for (const file of expanded.packages) {
    if (ignoredByConfig(file)) continue;
    const read = readPackage(file.path, file.absolutePath, true, args.severities['payload-isa'] !== 'off');
    if (read.ok) {
      packages.push(read.db!);
      // A damaged but readable package is linted as far as it could be read, and says so.
      warnAboutPackage(io, file.path, read.msi);
    } else {
      unreadable.push({ file, reason: read.reason });
    }
  }
  for (const file of [...expanded.sources, ...expanded.includes, ...expanded.projects]) {
    if (ignoredByConfig(file)) continue;
    // Read once, through the host that lints them; the reason comes from a second try only when it fails.
    if (fsHost.readFile(file.absolutePath) !== undefined) continue;
    const read = readTextFile(file.path, file.absolutePath);
    unreadable.push({ file, reason: read.ok ? 'it could not be read' : read.reason });
  }
  // Every input's config is read now (a file named alone has not met one yet): a config that cannot be read stops the
  // run, so that a typo in it never lints with other settings than the user wrote.
  for (const file of expanded.files) configs.configFor(file.absolutePath);
  const ruleIds = rules.map((r) => r.meta.id);
  const configErrors = configs.problems(ruleIds).map((p) => p.error);
  if (configErrors.length > 0) {
    for (const error of configErrors) io.stderr(`wixlint: ${error}\n`);
    return EXIT_USAGE;
  }
  for (const file of expanded.files) {
    if (ignoredByConfig(file)) {
      io.stderr(`wixlint: warning: '${file.path}' is not linted: ${configs.configFor(file.absolutePath)!.file} ignores it (ignorePatterns)\n`);
    }
  }

  // A file given by name is linted with its project: the nearest .wixproj that compiles it, else its folder's sources.
  const named = (f: InputFile) => expanded.named.has(f.absolutePath);
  const lookUp = [...expanded.sources.filter(named), ...expanded.includes.flatMap((f) => folderSources(path.dirname(f.absolutePath)))].map((f) =>
    typeof f === 'string' ? f : f.absolutePath,
  );
  const { parse, forget: forgetTrees } = memoParse();
  const discovery = discoverUnits({
    fs: fsHost,
    parse,
    env: io.env,
    configuration: args.configuration,
    sources: [...expanded.sources.map((f) => f.absolutePath), ...lookUp],
    projectFiles: expanded.projects.filter((f) => !ignoredByConfig(f)).map((f) => f.absolutePath),
    lookUp,
    configFor: (file) => configs.configFor(file),
    // --ignore-pattern leaves files out of projects as a config's ignorePatterns do.
    ignores: projectIgnores(configs, ignorePatterns),
  });
  for (const warning of discovery.warnings) io.stderr(`wixlint: warning: ${warning}\n`);
  const lateConfigErrors = configs
    .problems(ruleIds)
    .map((p) => p.error)
    .filter((e) => !configErrors.includes(e));
  if (lateConfigErrors.length > 0) {
    for (const error of lateConfigErrors) io.stderr(`wixlint: ${error}\n`);
    return EXIT_USAGE;
  }
  // Problems in what was asked for: the files named, and everything in the folders given (a project given: its folder).
  const folders = [...expanded.folders, ...expanded.projects.filter(named).map((f) => path.dirname(f.absolutePath))];
  const covered = (file: string): boolean => expanded.named.has(file) || folders.some((dir) => isInside(dir, file));
  // A unit is linted when it holds something asked for; an include given alone is in a unit of its folder's sources.
  const includeFolders = new Set(expanded.includes.map((f) => path.dirname(f.absolutePath)));
  const wanted = discovery.units.filter((u) => u.sources.some((f) => covered(f) || includeFolders.has(path.dirname(f))) || covered(u.anchor));
  const result = lintUnits(wanted, {
    fs: fsHost,
    parse,
    env: io.env,
    overrides: commandLineOverrides(args, io.cwd),
    payloads: { host: nodePayloadHost({ oneRun: true }), packages: nodePackageHost(), reportMissing: args.missingPayloads },
  });
  forgetTrees();

  const names = new DisplayNames(io.cwd, args.inputs, [...expanded.sources, ...expanded.includes, ...expanded.projects, ...expanded.packages]);
  // An include is part of the source that includes it, as the preprocessor reads it: `wixlint Product.wxs` reports
  // the problems in the files Product.wxs includes, at any depth, as well as its own.
  const includedByCovered = includedFrom([...result.includes.keys()].filter(covered), result.includes);
  const sourceProblems = result.problems.filter(
    (p) => p.location.kind !== 'source' || covered(p.location.file) || includedByCovered.has(p.location.file),
  );
  // The sources' problems keep their files as the engine knows them: the report shows each by the name the user gave
  // it, as it writes (a report of a hundred thousand problems copies none of them to rename its place).
  const fileName: FileName = (file) => names.of(file);
  const problems = [
    ...sourceProblems,
    ...lintPackages(packages, args.severities),
    ...unreadable.flatMap(({ file, reason }) => unreadableInputProblem(file.path, reason, args.severities)),
  ]
    .sort(byShownPlace(fileName))
    // --quiet, as ESLint's: errors only, in every format.
    .filter((p) => !args.quiet || p.severity === 'error');
  const texts = result.texts;
  const units: UnitLine[] = result.units
    .filter((u) => u.files.some(covered) || (u.unit.kind === 'wixproj' && covered(u.unit.anchor)))
    .map((u) => unitLine(u, names));

  // A file takes no colour and no terminal's width: it is read later, elsewhere.
  const toFile = args.outputFile !== undefined;
  const out = toFile ? fileReport(args.outputFile!, path.resolve(io.cwd, args.outputFile!)) : stdoutReport(io.stdout, io.stdoutBytes);
  // Written as it is made, in every format: a report of many problems is never one string.
  const sink = new Utf8Sink((bytes) => out.write(bytes));
  switch (args.format) {
    case 'text':
      writeText(
        problems,
        texts,
        { color: !toFile && useColor(args.color, io), width: outputWidth(toFile ? { env: io.env } : io), units, fileName },
        sink.write,
      );
      break;
    case 'json':
      writeJson(problems, texts, { units, fileName }, sink.write);
      break;
    case 'sarif':
      writeSarif(
        problems,
        texts,
        {
          version: io.version ?? packageVersion(),
          rules,
          stories: readRuleStories(rules.map((r) => r.meta.id)),
          units,
          unreadable: unreadable.map(({ file, reason }) => ({ file: file.path, reason })),
          fileName,
        },
        sink.write,
      );
      break;
  }
  sink.flush();
  const notWritten = out.close();
  if (notWritten !== undefined) {
    io.stderr(`wixlint: ${notWritten}\n`);
    return EXIT_USAGE;
  }
  // A run in which no input at all could be read is not a lint: exit 2, as for a usage error, saying why on stderr too.
  if (expanded.files.length > 0 && unreadable.length === expanded.files.length) {
    for (const { file, reason } of unreadable) io.stderr(`wixlint: cannot read '${file.path}': ${reason}\n`);
    return EXIT_USAGE;
  }
  if (problems.some((p) => p.severity === 'error')) return EXIT_ERRORS;
  // As ESLint: too many warnings fail a run without errors, and say so (with --quiet, none were kept to count).
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    io.stderr(`wixlint: too many warnings: ${warnings}, more than --max-warnings ${args.maxWarnings}\n`);
    return EXIT_ERRORS;
  }
  return EXIT_CLEAN;
}

/** --print-config FILE: the settings as JSON on stdout, exit 0; exit 2 when FILE's folder or a config cannot be read. */
function printConfig(file: string, args: LintArgs, io: CliIo): number {
  const resolved = resolveSettings(file, args, { cwd: io.cwd, env: io.env, rules: rules.map((r) => r.meta) });
  if (!resolved.ok) {
    for (const error of resolved.errors) io.stderr(`wixlint: ${error}\n`);
    return EXIT_USAGE;
  }
  for (const warning of resolved.warnings) io.stderr(`wixlint: warning: ${warning}\n`);
  io.stdout(`${JSON.stringify(resolved.settings, null, 2)}\n`);
  return EXIT_CLEAN;
}

/**
 * Whether the text report is coloured: --color or --no-color, else FORCE_COLOR (any value but 0 or false colours, as
 * Node's own tty does), else NO_COLOR (https://no-color.org: an empty value does not count), else whether stdout is a
 * terminal.
 */
export function useColor(flag: boolean | undefined, io: Pick<CliIo, 'env' | 'isTTY'>): boolean {
  if (flag !== undefined) return flag;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (io.env['NO_COLOR']) return false;
  return io.isTTY;
}

/** The columns the text report wraps to: COLUMNS when it is a number, else the terminal's width, else DEFAULT_WIDTH. */
export function outputWidth(io: Pick<CliIo, 'env' | 'columns'>): number {
  const columns = Number.parseInt(io.env['COLUMNS'] ?? '', 10);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return io.columns ?? DEFAULT_WIDTH;
}

/** The .wxs files of a folder (not below it), as absolute paths. */
function folderSources(dir: string): string[] {
  return (readDirectory(dir) ?? [])
    .filter((e) => e.isFile && e.name.toLowerCase().endsWith('.wxs'))
    .map((e) => path.join(dir, e.name))
    .sort();
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Parses each file once per run, whichever unit or platform asks; `forget` drops the trees once the lint is done, so
 * that writing a large report does not hold them too.
 */
function memoParse(): { parse: (file: string, text: string) => XmlDocument; forget: () => void } {
  const docs = new Map<string, XmlDocument>();
  return {
    parse: (file, text) => {
      let doc = docs.get(file);
      if (!doc || doc.text.length !== text.length) docs.set(file, (doc = parseXml(file, text)));
      return doc;
    },
    forget: () => docs.clear(),
  };
}

/** Every file the `sources` include, directly or through other includes. */
function includedFrom(sources: readonly string[], includes: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const found = new Set<string>();
  const pending = [...sources];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    for (const next of includes.get(file) ?? []) {
      if (found.has(next)) continue;
      found.add(next);
      pending.push(next);
    }
  }
  return found;
}

/** Problems in the order of compareProblems, their files in the order of the names they are shown by. */
function byShownPlace(fileName: FileName): (a: Problem, b: Problem) => number {
  return (a, b) => {
    const fileA = a.location.file;
    const fileB = b.location.file;
    if (fileA !== fileB) {
      const nameA = fileName(fileA);
      const nameB = fileName(fileB);
      if (nameA !== nameB) return nameA < nameB ? -1 : 1;
    }
    return compareProblems(a, b);
  };
}

function unitLine(u: UnitResult, names: DisplayNames): UnitLine {
  const unit = u.unit;
  const anchor = names.of(unit.anchor);
  const name = unit.kind === 'config' ? `${unit.name} (${anchor})` : anchor;
  return {
    name,
    kind: unit.kind,
    files: u.files.map((f) => names.of(f)),
    platforms: u.platforms.platforms,
    platformSource: u.platforms.source,
    reason: u.platforms.reason,
  };
}

/**
 * Runs the language server of dist/server.js on the transport named in process.argv, not through `io`. It ends the process
 * on the client's `exit` or when its input closes, so the returned promise never settles.
 */
function serveLanguageServer(): Promise<number> {
  // Loaded by a computed path so that esbuild leaves it out of dist/cli.js: even unevaluated, the server's code in the bundle
  // costs every plain lint ~5 ms of parsing. The tsc build (out/) runs node/main.js, the bundle its sibling dist/server.js.
  const unbundled = path.join(__dirname, '..', 'node', 'main.js');
  require(fs.existsSync(unbundled) ? unbundled : path.join(__dirname, 'server.js'));
  return new Promise<number>(() => undefined);
}

/** `wixlint inspect`: exit 0 with the report, or 2 when the package cannot be read or has no such table. */
function inspect(args: InspectArgs, io: CliIo): number {
  const read = readPackage(args.file, path.resolve(io.cwd, args.file));
  if (!read.ok) {
    io.stderr(`wixlint: ${read.error}\n`);
    return EXIT_USAGE;
  }
  const only = args.table === undefined ? undefined : read.msi.table(args.table);
  if (args.table !== undefined && !only) {
    io.stderr(`wixlint: '${args.file}' has no table '${args.table}'; it has ${read.msi.tableNames().join(', ')}\n`);
    return EXIT_USAGE;
  }
  if (only && (args.format === 'csv' || args.format === 'idt')) {
    io.stdout(args.format === 'csv' ? tableToCsv(only) : tableToIdt(only));
    warnAboutPackage(io, args.file, read.msi);
    return EXIT_CLEAN;
  }
  io.stdout(args.format === 'json' ? inspectJson(read.msi, only) : inspectText(read.msi, only));
  if (args.format === 'json') warnAboutPackage(io, args.file, read.msi);
  return EXIT_CLEAN;
}

/** What reading a damaged but readable package noticed, one stderr line each, naming the file as given. */
function warnAboutPackage(io: CliIo, file: string, msi: MsiDatabase): void {
  for (const w of msi.warnings) io.stderr(`wixlint: warning: '${file}': ${w}\n`);
}

type PackageRead = { ok: true; msi: MsiDatabase; db: InstallerDb | undefined } | { ok: false; error: string; reason: string };

/** Opens a package and reads what linting needs; a damaged file becomes one line naming it and the problem. */
/** `lint`: also lower it and (with `payloads`) read its payloads, while the file is open. */
function readPackage(given: string, absolutePath: string, lint = false, payloads = false): PackageRead {
  let source: FileSource;
  try {
    source = openFileSource(absolutePath);
  } catch (e) {
    const error = cannotRead(given, e);
    return { ok: false, error, reason: error.slice(`cannot read '${given}': `.length) };
  }
  try {
    const msi = openMsi(source, given);
    // Table rows are decoded on demand: read those the model needs while the file is open.
    for (const name of msi.tableNames()) msi.table(name);
    // So are embedded cabinets, which the payloads are read from.
    if (!lint) return { ok: true, msi, db: undefined };
    const db = lowerMsi(msi, given);
    if (payloads) attachPackagePayloads(msi, db, given, cabinetsBeside(absolutePath));
    return { ok: true, msi, db };
  } catch (e) {
    if (e instanceof MsiFormatError) return { ok: false, error: `cannot read '${given}': ${e.message}`, reason: e.message };
    throw e;
  } finally {
    source.close();
  }
}

function firstLine(s: string): string {
  return s.split(/\r?\n/, 1)[0] ?? '';
}
