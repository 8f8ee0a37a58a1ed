// The wixlint command: arguments in, report on stdout, exit code out; all of its I/O goes through `io` and node:fs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintPackages, lintSources, type SourceHost, type SourceInput } from '../engine/lint';
import type { Problem } from '../engine/problem';
import { rules } from '../rules/index';
import { parseArgs, usageText, type InspectArgs, type LintArgs } from './args';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { cannotRead, expandInputs, isPackage, projectPlatforms, readSourceFile } from './inputs';
import { openFileSource, type FileSource } from './fileSource';
import { inspectJson, inspectText } from './inspect';
import { tableToCsv, tableToIdt } from '../msi/export';
import { openMsi, type MsiDatabase } from '../msi/database';
import { MsiFormatError } from '../msi/errors';
import { lowerMsi } from '../msi/lower';
import type { InstallerDb } from '../model/installer';
import { compareProblems } from '../engine/run';
import { packageVersion } from './version';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  /** Replaces the version read from package.json, so tests do not depend on it. */
  version?: string;
}

export const EXIT_CLEAN = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

/** Never rejects: whatever goes wrong ends as a one-line message and an exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return run(argv, io);
  } catch (e) {
    const debug = io.env['WIXLINT_DEBUG'];
    const detail = debug ? (e instanceof Error && e.stack ? e.stack : String(e)) : firstLine(e instanceof Error ? e.message : String(e));
    io.stderr(`wixlint: internal error: ${detail}\n`);
    return EXIT_USAGE;
  }
}

function run(argv: string[], io: CliIo): number | Promise<number> {
  const ruleIds = rules.map((r) => r.meta.id);
  const parsed = parseArgs(argv, ruleIds);
  switch (parsed.kind) {
    case 'help':
      io.stdout(usageText(ruleIds));
      return EXIT_CLEAN;
    case 'version':
      io.stdout(`${io.version ?? packageVersion()}\n`);
      return EXIT_CLEAN;
    case 'lsp':
      return serveLanguageServer();
    case 'inspect':
      return inspect(parsed.args, io);
    case 'usage-error':
      io.stderr(`wixlint: ${parsed.message}\nRun 'wixlint --help' for usage.\n`);
      return EXIT_USAGE;
    case 'lint':
      return lint(parsed.args, io);
  }
}

function lint(args: LintArgs, io: CliIo): number {
  const expanded = expandInputs(args.inputs, io.cwd);
  if (!expanded.ok) {
    for (const error of expanded.errors) io.stderr(`wixlint: ${error}\n`);
    return EXIT_USAGE;
  }
  for (const warning of expanded.warnings) io.stderr(`wixlint: warning: ${warning}\n`);

  const sources: SourceInput[] = [];
  const packages: InstallerDb[] = [];
  const errors: string[] = [];
  for (const file of expanded.files) {
    if (isPackage(file.path)) {
      const read = readPackage(file.path, file.absolutePath);
      if (read.ok) {
        packages.push(lowerMsi(read.msi, file.path));
        // A damaged but readable package is linted as far as it could be read, and says so.
        warnAboutPackage(io, file.path, read.msi);
      } else {
        errors.push(read.error);
      }
      continue;
    }
    const read = readSourceFile(file.path, file.absolutePath);
    if (read.ok) sources.push({ path: file.path, text: read.text });
    else errors.push(read.error);
  }
  if (errors.length > 0) {
    for (const error of errors) io.stderr(`wixlint: ${error}\n`);
    return EXIT_USAGE;
  }

  const host: SourceHost = {
    readFile(p) {
      const read = readSourceFile(p, path.resolve(io.cwd, p));
      return read.ok ? read.text : undefined;
    },
  };
  const result = lintSources(sources, {
    // As WiX builds: --arch, else the platforms the project files configure, else the compilers' default x86.
    platforms: args.platforms ?? nonEmpty(projectPlatforms(expanded.files.filter((f) => !isPackage(f.path)))) ?? ['x86'],
    defines: args.defines,
    includePaths: args.includePaths.map((dir) => path.resolve(io.cwd, dir)),
    env: io.env,
    severities: args.severities,
    host,
  });

  const problems = [...result.problems, ...lintPackages(packages, args.severities)].sort(compareProblems);
  const texts = withReferencedTexts(problems, result.texts, host);
  let report: string;
  switch (args.format) {
    case 'text':
      // https://no-color.org: an empty NO_COLOR does not count.
      report = formatText(problems, texts, { color: io.isTTY && !io.env['NO_COLOR'] });
      break;
    case 'json':
      report = formatJson(problems, texts);
      break;
    case 'sarif':
      report = formatSarif(problems, texts, { version: io.version ?? packageVersion(), rules });
      break;
  }
  if (report !== '') io.stdout(report);
  return problems.some((p) => p.severity === 'error') ? EXIT_ERRORS : EXIT_CLEAN;
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

type PackageRead = { ok: true; msi: MsiDatabase } | { ok: false; error: string };

/** Opens a package and reads what linting needs; a damaged file becomes one line naming it and the problem. */
function readPackage(given: string, absolutePath: string): PackageRead {
  let source: FileSource;
  try {
    source = openFileSource(absolutePath);
  } catch (e) {
    return { ok: false, error: cannotRead(given, e) };
  }
  try {
    const msi = openMsi(source, given);
    // Table rows are decoded on demand: read those the model needs while the file is open.
    for (const name of msi.tableNames()) msi.table(name);
    return { ok: true, msi };
  } catch (e) {
    if (e instanceof MsiFormatError) return { ok: false, error: `cannot read '${given}': ${e.message}` };
    throw e;
  } finally {
    source.close();
  }
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** The core promises texts for every file it points into; should one be missing, reading it beats printing 1:1. */
function withReferencedTexts(problems: readonly Problem[], texts: ReadonlyMap<string, string>, host: SourceHost): Map<string, string> {
  const all = new Map(texts);
  for (const p of problems) {
    for (const location of [p.location, ...p.related.map((r) => r.location)]) {
      if (location.kind !== 'source' || all.has(location.file)) continue;
      const text = host.readFile(location.file);
      if (text !== undefined) all.set(location.file, text);
    }
  }
  return all;
}

function firstLine(s: string): string {
  return s.split(/\r?\n/, 1)[0] ?? '';
}
