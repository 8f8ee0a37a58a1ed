// Lints the workspace as the command line lints a folder — in project units, with wixlint.config.json — with the
// editor's unsaved text taking precedence, a pause in typing after the last change; publishes the problems as
// diagnostics (closed files too, except in workspace folders where wixlint.enable is off) and the units' platforms as
// the status.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { unreadableInputProblem } from '../engine/lint';
import { MAX_TEXT_FILE_BYTES, nodeFileSystem, sizeRefusal } from '../io/fileSystem';
import { nodePackageHost } from '../io/packageFile';
import { nodePayloadHost } from '../io/payloadFile';
import type { PayloadMemo } from '../payload/sources';
import { BUILD_ARCHES } from '../model/platform';
import { ConfigLookup } from '../project/config';
import { UnitsLint, type UnitResult, type UnitsLintRequest } from '../project/lint';
import type { MsBuildHost } from '../project/msbuild';
import { UnitLintCache } from '../project/unitCache';
import { discoverUnits } from '../project/units';
import { STATUS_NOTIFICATION, type StatusParams } from '../protocol';
import { rules } from '../rules';
import { toDiagnostics } from './diagnostics';
import { collectComponentFacts, type ComponentFacts } from './navigation';
import { ParseCache } from './parseCache';
import { runSafe } from './runSafe';
import { resolvedBindPaths, resolvedIncludePaths, type SettingsSource } from './settingsSource';
import { fileOf, isWxs } from './uris';
import { fileKey, scanWorkspace, type WorkspaceFiles } from './workspace';

/** A pause in typing this long starts a lint; shorter ones only postpone it. */
const LINT_DELAY_MS = 200;
/** A unit that takes longer than this to lint is logged: the cause is usually a file far beyond a real project's size. */
const SLOW_UNIT_MS = 1000;
/**
 * The time one unit's lint may take in the editor: past it, reading stops with a warning where it did, and the unit
 * is linted again only when its files change. Five times the largest generated project's lint (bench/lint.mjs).
 */
const UNIT_TIME_BUDGET_SECONDS = 5;

interface WorkspaceScan {
  /** Closed files' texts, read once per scan. */
  disk: MsBuildHost;
  configs: ConfigLookup;
  files: WorkspaceFiles;
  /** Config errors and project warnings already logged, so that each reaches the log once per scan. */
  reported: Set<string>;
}

export class ProjectLinter {
  /** The workspace folders on disk; none means only the open documents are linted. */
  roots: string[] = [];
  /** What the last lint learned about each component and directory, for hovers. */
  componentFacts: ComponentFacts = new Map();
  /** The sources the last lint linked, for navigation. */
  linkedFiles: string[] = [];
  /** Trees of the sources as last linted: a pause in typing re-parses only the documents that changed. */
  readonly parses = new ParseCache();
  private timer: NodeJS.Timeout | undefined;
  /** URIs showing our diagnostics, so that a file whose problems are gone gets an empty list. */
  private published = new Set<string>();
  /** The workspace as last scanned; dropped (so rescanned) when files change on disk or are saved. */
  private scan: WorkspaceScan | undefined;
  private lastStatus = '';
  /** Each unit's last lint, reused while the files it read are unchanged. */
  private readonly unitLints = new UnitLintCache();
  /** What each payload is, kept by path while its size and modification time stay the same. */
  private readonly payloadMemo: PayloadMemo = new Map();
  /** Merged modules and chained packages, kept likewise. */
  private readonly packageHost = nodePackageHost();
  /** Units already reported slow, so that the log says it once per unit. */
  private readonly slowUnits = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsSource,
    private readonly log: (message: string) => void,
    /** Called when the files navigation looks through may have changed (a rescan, other files linked). */
    private readonly onFilesChanged: () => void,
  ) {}

  /** Lints after a pause; a change before then postpones it. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void runSafe(this.log, 'lint', undefined, () => this.lint());
    }, LINT_DELAY_MS);
  }

  /** Files changed on disk or were saved: the workspace is scanned again before the next lint. */
  rescan(): void {
    this.scan = undefined;
    this.unitLints.clear();
    this.onFilesChanged();
    this.schedule();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The workspace's sources, as last scanned. */
  sources(): readonly string[] {
    return this.currentScan().files.sources;
  }

  /** A closed file's text, read once per scan. */
  readDiskCached(file: string): string | undefined {
    return path.isAbsolute(file) ? this.currentScan().disk.readFile(file) : undefined;
  }

  /** The workspace's WiX files, the configs that apply to them and a cache of closed files' texts, once per scan. */
  private currentScan(): WorkspaceScan {
    if (!this.scan) {
      const disk = nodeFileSystem();
      const configs = new ConfigLookup(disk, undefined);
      const files = scanWorkspace(this.roots, (file) => configs.ignores(file));
      for (const warning of files.warnings) this.log(warning);
      this.scan = { disk, configs, files, reported: new Set() };
    }
    return this.scan;
  }

  private async lint(): Promise<void> {
    const before = this.versions();
    const pending = this.settings.settings();
    const pendingEnablement = this.settings.enablement();
    const chosen = await pending;
    const enabled = await pendingEnablement;
    // Superseded while the settings were read: the change that did it has already scheduled the next lint.
    if (!this.settings.isCurrent(pending) || this.versions() !== before) return;

    const workspace = this.currentScan();
    const open = this.documents.all().map((document) => ({ document, file: fileOf(document.uri) }));
    const openByFile = new Map(open.map((o) => [fileKey(o.file), o.document]));
    // The editor's text of an open file wins over the disk's.
    // An open document over the size the CLI reads is refused alike, with the same reason.
    const tooLarge = (file: string): string | undefined => {
      const text = openByFile.get(fileKey(file))?.getText();
      return text !== undefined && text.length > MAX_TEXT_FILE_BYTES ? sizeRefusal(text.length) : undefined;
    };
    const host: MsBuildHost = {
      readFile: (file) => (tooLarge(file) ? undefined : (openByFile.get(fileKey(file))?.getText() ?? this.readDiskCached(file))),
      readDirectory: (dir) => workspace.disk.readDirectory(dir),
      unreadable: (file) => tooLarge(file) ?? workspace.disk.unreadable?.(file),
    };
    // An open source outside the workspace folders is linted with its own project, as the CLI lints a file given alone.
    const walked = new Set(workspace.files.sources.map(fileKey));
    const outside = open.filter((o) => isWxs(o.document) && !walked.has(fileKey(o.file))).map((o) => o.file);
    const discovery = discoverUnits({
      fs: host,
      parse: this.parses.parse,
      env: process.env,
      configuration: chosen.configuration,
      sources: [...workspace.files.sources, ...outside],
      projectFiles: workspace.files.projectFiles,
      lookUp: outside.filter((f) => path.isAbsolute(f)),
      configFor: (file) => workspace.configs.configFor(file),
      ignores: (file) => workspace.configs.ignores(file),
    });
    for (const message of discovery.warnings) {
      if (workspace.reported.has(message)) continue;
      workspace.reported.add(message);
      this.log(`wixlint: ${message}`);
    }

    const facts: ComponentFacts = new Map();
    const request: UnitsLintRequest = {
      fs: host,
      parse: this.parses.parse,
      env: process.env,
      overrides: {
        platforms: chosen.platforms.length > 0 ? chosen.platforms : undefined,
        platformsFrom: 'settings',
        defines: chosen.defines,
        includePaths: resolvedIncludePaths(chosen, this.roots),
        bindPaths: resolvedBindPaths(chosen, this.roots),
        severities: chosen.rules,
      },
      // A host per pass: a folder a payload is not in is looked for once per pass, not once per payload, while what a
      // payload is stays in the memo across passes.
      payloads: {
        host: nodePayloadHost({ oneRun: true }),
        memo: this.payloadMemo,
        packages: this.packageHost,
        reportMissing: chosen.missingPayloads,
      },
      onDatabase: (db) => collectComponentFacts(db, facts),
      startClock: () => {
        const end = performance.now() + UNIT_TIME_BUDGET_SECONDS * 1000;
        return () => performance.now() > end;
      },
      timeBudgetSeconds: UNIT_TIME_BUDGET_SECONDS,
    };
    const merged = new UnitsLint(request);
    for (const unit of discovery.units) {
      const started = performance.now();
      const { lint, reused } = this.unitLints.lint(unit, request);
      merged.add(lint);
      if (reused) continue;
      this.noteSlowUnit(unit.anchor, performance.now() - started);
      // Between units, the requests that arrived meanwhile (hover, completion) are answered; an edit since the lint
      // began has scheduled the next one, which reuses every unit linted here.
      await yieldToRequests();
      if (this.versions() !== before) return;
    }
    this.unitLints.retain();
    const result = merged.result();
    // A source that could not be read at all is a problem on it, as on the command line.
    const read = new Set(result.units.flatMap((u) => u.files));
    for (const file of new Set(discovery.units.flatMap((u) => u.sources))) {
      const reason = read.has(file) ? undefined : host.unreadable?.(file);
      if (reason !== undefined) result.problems.push(...unreadableInputProblem(file, reason, chosen.rules));
    }
    this.componentFacts = facts;
    const linked = new Set<string>();
    for (const u of result.units) for (const f of u.files) linked.add(f);
    if (linked.size !== this.linkedFiles.length || this.linkedFiles.some((f) => !linked.has(f))) this.onFilesChanged();
    this.linkedFiles = [...linked];
    this.sendStatus(statusOf(result.units, linked.size));

    const byUri = toDiagnostics(result.problems, {
      uriOf: (file) => openByFile.get(fileKey(file))?.uri ?? (path.isAbsolute(file) ? pathToFileURL(file).href : undefined),
      textOf: (file) => result.texts.get(file) ?? host.readFile(file),
    });
    // A config that cannot be read shows where it is wrong, in the config itself.
    for (const { file, error } of workspace.configs.problems(rules.map((r) => r.meta.id))) {
      const uri = pathToFileURL(file).href;
      const list = byUri.get(uri) ?? [];
      list.push(configDiagnostic(file, error));
      byUri.set(uri, list);
    }
    // A workspace folder whose wixlint.enable is off shows nothing: its files' lists are emptied, not left stale.
    for (const uri of byUri.keys()) if (!enabled(fileOf(uri))) byUri.delete(uri);
    const updates = new Map<string, Diagnostic[]>();
    for (const uri of this.published) updates.set(uri, []);
    // Open sources always get a list (an empty one says "checked, nothing found"); closed files only when they have problems.
    for (const o of open) if (linked.has(o.file)) updates.set(o.document.uri, []);
    for (const [uri, diagnostics] of byUri) updates.set(uri, diagnostics);
    this.published = new Set(byUri.keys());

    for (const [uri, diagnostics] of updates) {
      const version = this.documents.get(uri)?.version;
      this.connection
        .sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics })
        .catch((error: unknown) => this.log(`wixlint: publishing diagnostics for ${uri} failed: ${String(error)}`));
    }
  }

  /** A unit that takes long to lint is linted again only when its own files change; the log says which, once. */
  private noteSlowUnit(anchor: string, ms: number): void {
    if (ms < SLOW_UNIT_MS || this.slowUnits.has(anchor)) return;
    this.slowUnits.add(anchor);
    this.log(
      `wixlint: linting ${anchor} took ${(ms / 1000).toFixed(1)} s; it is linted again only when one of its files changes, and the other files are served meanwhile.`,
    );
  }

  private sendStatus(status: StatusParams): void {
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.connection
      .sendNotification(STATUS_NOTIFICATION, status)
      .catch((error: unknown) => this.log(`wixlint: sending the status failed: ${String(error)}`));
  }

  /** Which documents are open at which versions, as one comparable string. */
  private versions(): string {
    return this.documents
      .all()
      .map((d) => `${d.uri}\u0000${d.version}`)
      .sort()
      .join('\u0001');
  }
}

/** Lets the connection read and answer the messages that arrived while a unit was linted. */
function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The status bar's facts: every unit's platforms and why, and the platforms of all of them together. */
function statusOf(units: readonly UnitResult[], files: number): StatusParams {
  const platforms = BUILD_ARCHES.filter((a) => units.some((u) => u.platforms.platforms.includes(a)));
  const sources = new Set(units.map((u) => u.platforms.source));
  const only = sources.size === 1 ? [...sources][0]! : undefined;
  return {
    platforms: platforms.length > 0 ? platforms : ['x86'],
    platformSource: only ?? (sources.size === 0 ? 'default' : 'mixed'),
    files,
    units: units.map((u) => ({
      name: u.unit.kind === 'config' ? (u.unit.name ?? u.unit.anchor) : u.unit.anchor,
      files: u.files,
      platforms: u.platforms.platforms,
      platformSource: u.platforms.source,
      reason: u.platforms.reason,
    })),
  };
}

/** A config problem as a diagnostic on the config: at the line and column JSON.parse names, else at its start. */
function configDiagnostic(file: string, error: string): Diagnostic {
  const message = error.startsWith(`${file}: `) ? error.slice(file.length + 2) : error;
  const at = /at line (\d+), column (\d+)/.exec(message);
  const position = at ? { line: Number(at[1]) - 1, character: Number(at[2]) - 1 } : { line: 0, character: 0 };
  return { range: { start: position, end: position }, severity: DiagnosticSeverity.Error, source: 'wixlint', message };
}
