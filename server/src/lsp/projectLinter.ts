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
import type { PayloadHost, PayloadMemo, PayloadPlaces } from '../payload/sources';
import type { InstallerDb } from '../model/installer';
import { BUILD_ARCHES } from '../model/platform';
import { ConfigLookup } from '../project/config';
import { UnitsLint, type UnitResult, type UnitsLintRequest, type UnitsLintResult } from '../project/lint';
import type { MsBuildHost } from '../project/msbuild';
import { IncrementalLint } from '../project/incremental';
import { ProjectCache } from '../project/projectCache';
import { discoverUnits, type LintUnit } from '../project/units';
import { STATUS_NOTIFICATION, type StatusParams } from '../protocol';
import { rules } from '../rules';
import { collectGarbageSoon } from './collectGarbage';
import { toDiagnostics } from './diagnostics';
import { collectComponentFacts, type ComponentFacts } from './navigation';
import type { ParseCache } from '../engine/parseCache';
import { runSafe } from './runSafe';
import type { Settings } from './settings';
import { resolvedBindPaths, resolvedIncludePaths, type SettingsSource } from './settingsSource';
import { fileOf, isWxs } from './uris';
import { fileKey, scanWorkspace, type WorkspaceFiles } from './workspace';

/** An empty list of diagnostics, as `published` keeps it. */
const EMPTY_LIST = '[]';
/**
 * A lint that parsed this much text (UTF-16 code units) is followed by a major garbage collection in the next pause
 * in typing. Below it, V8's own pace keeps the peak moderate (a 1 MB document: about 200 MB), and a collection would
 * cost the next lint more than it saves.
 */
const COLLECT_AFTER_CHARS = 4 * 1024 * 1024;
/** How long what the payload host learned serves, at most, when the client watches files (see watchesFiles). */
const PAYLOAD_HOST_MAX_AGE_MS = 30_000;
/** A pause in typing this long starts a lint; shorter ones only postpone it. */
const LINT_DELAY_MS = 200;
/** A unit that takes longer than this to lint is logged: the cause is usually a file far beyond a real project's size. */
const SLOW_UNIT_MS = 1000;
/**
 * The time one unit's lint may take in the editor: past it, reading stops with a warning where it did, and the unit
 * is linted again only when its files change. Five times the largest generated project's lint (bench/lint.mjs).
 */
const UNIT_TIME_BUDGET_SECONDS = 5;

/** What one lint publishes with: the open documents, how files are read, and what was sent already. */
interface Publishing {
  open: readonly { document: TextDocument; file: string }[];
  openByFile: ReadonlyMap<string, TextDocument>;
  host: MsBuildHost;
  enabled: (file: string) => boolean;
  configs: ConfigLookup;
  /** The open documents edited since the last lint (fileKey), whose lists are sent even when unchanged. */
  edited: ReadonlySet<string>;
  /** URIs sent during this lint. */
  sent: Set<string>;
}

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
  /** What the last lint learned about each component and directory (see componentFacts). */
  private facts: ComponentFacts | undefined;
  /** The packages the last lint linted, per platform: what the facts are gathered from when a hover first asks. */
  private linted: InstallerDb[] = [];
  /** The sources the last lint linked, for navigation. */
  linkedFiles: string[] = [];
  /**
   * Units, trees and lowerings kept between lints: a pause in typing parses and lowers only the documents that changed,
   * and lints again only the units that read them.
   */
  private readonly incremental = new IncrementalLint();
  private timer: NodeJS.Timeout | undefined;
  /** Whether the last lint left the garbage of a large source behind, to be collected in the next pause in typing. */
  private garbage = false;
  /** Each URI given a list by the last lint, with the list as sent (JSON): a list that did not change is not sent again. */
  private published = new Map<string, string>();
  /** The open documents' versions as last linted: one whose version differs was edited since, and is linted first. */
  private lintedVersions = new Map<string, number>();
  /** The workspace as last scanned; dropped (so rescanned) when files change on disk or are saved. */
  private scan: WorkspaceScan | undefined;
  private lastStatus = '';
  /** What each payload is, kept by path while its size and modification time stay the same. */
  private readonly payloadMemo: PayloadMemo = new Map();
  /** The workspace's .wixproj files as last read, reused while what they read is unchanged. */
  private readonly projects = new ProjectCache();
  /** Where each payload is looked for, kept likewise. */
  private readonly payloadPlaces: PayloadPlaces = new Map();
  /** Merged modules and chained packages, kept likewise. */
  private readonly packageHost = nodePackageHost();
  /**
   * Whether the client tells the server of changed files on disk, build output included (didChangeWatchedFiles): then
   * what the payload host learned of folders and payloads is kept across passes until a change is told, or for at
   * most PAYLOAD_HOST_MAX_AGE_MS (a folder outside the workspace is not watched). Otherwise each pass looks again.
   */
  watchesFiles = false;
  private payloadHost: { host: PayloadHost; since: number } | undefined;
  /** Units already reported slow, so that the log says it once per unit. */
  private readonly slowUnits = new Set<string>();
  /** The .wixproj that compiles each source (by fileKey), as the last lint found them: the split edits it. */
  private projectBySource = new Map<string, string>();

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
    // The pause before the lint is when the last lint's garbage is collected (see collectGarbage.ts): halfway, after
    // the requests that come with a keystroke (completion) and before the lint.
    if (this.garbage) {
      this.garbage = false;
      setTimeout(() => runSafe(this.log, 'garbage collection', undefined, collectGarbageSoon), LINT_DELAY_MS / 2).unref();
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void runSafe(this.log, 'lint', undefined, () => this.lint());
    }, LINT_DELAY_MS);
  }

  /** Files changed on disk or were saved: the workspace is scanned again before the next lint. */
  rescan(): void {
    this.scan = undefined;
    this.payloadHost = undefined;
    this.incremental.forgetUnits();
    this.onFilesChanged();
    this.schedule();
  }

  /** What the last lint learned about each component and directory, for hovers: gathered when first asked. */
  get componentFacts(): ComponentFacts {
    if (!this.facts) {
      this.facts = new Map();
      for (const db of this.linted) collectComponentFacts(db, this.facts);
    }
    return this.facts;
  }

  /** The .wixproj that compiles a source, as the last lint found it. */
  projectOf(file: string): string | undefined {
    return this.projectBySource.get(fileKey(file));
  }

  /** The trees of the sources as last linted, for navigation. */
  get parses(): ParseCache {
    return this.incremental.parses;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The workspace's sources, as last scanned. */
  sources(): readonly string[] {
    return this.currentScan().files.sources;
  }

  /**
   * A closed file's text, read once per scan, its line ends made LF as the parser reads them (in the bytes, before
   * decoding: a 25 MB CRLF source is not copied by a regular expression). Lines and characters are those of the file;
   * a fix that writes to a closed file reads it as it is (readDisk).
   */
  readDiskCached(file: string): string | undefined {
    return path.isAbsolute(file) ? this.currentScan().disk.readFile(file) : undefined;
  }

  /** The workspace's WiX files, the configs that apply to them and a cache of closed files' texts, once per scan. */
  private currentScan(): WorkspaceScan {
    if (!this.scan) {
      const disk = nodeFileSystem(undefined, 'lf');
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
      parse: this.incremental.parses.parse,
      env: process.env,
      configuration: chosen.configuration,
      sources: [...workspace.files.sources, ...outside],
      projectFiles: workspace.files.projectFiles,
      lookUp: outside.filter((f) => path.isAbsolute(f)),
      configFor: (file) => workspace.configs.configFor(file),
      ignores: (file) => workspace.configs.ignores(file),
      projects: this.projects,
      scan: this.incremental.scan,
    });
    this.projectBySource = new Map(
      discovery.units.flatMap((u) => (u.kind === 'wixproj' ? u.sources.map((s): [string, string] => [fileKey(s), u.anchor]) : [])),
    );
    for (const message of discovery.warnings) {
      if (workspace.reported.has(message)) continue;
      workspace.reported.add(message);
      this.log(`wixlint: ${message}`);
    }

    const databases: InstallerDb[] = [];
    const request = this.unitsRequest(chosen, host, databases);
    const edited = new Set(open.filter((o) => this.lintedVersions.get(o.document.uri) !== o.document.version).map((o) => fileKey(o.file)));
    const publishing: Publishing = { open, openByFile, host, enabled, configs: workspace.configs, edited, sent: new Set() };
    const merged = new UnitsLint(request);
    const { units, readingEdited } = editedFirst(discovery.units, edited, this.incremental);
    const parsedBefore = this.incremental.parses.parsedChars;
    for (const [i, unit] of units.entries()) {
      const started = performance.now();
      const { lint, reused } = this.incremental.lint(unit, request);
      merged.add(lint);
      // The units that read the edited documents (linted first) are done: their diagnostics go out before the rest.
      if (i === readingEdited - 1 && i < units.length - 1) {
        const result = merged.result();
        this.publish(result, publishing, linkedFiles(result), new Set(open.filter((o) => edited.has(fileKey(o.file))).map((o) => o.document.uri)));
      }
      if (reused) continue;
      this.noteSlowUnit(unit.anchor, performance.now() - started);
      // Between units, the requests that arrived meanwhile (hover, completion) are answered; an edit since the lint
      // began has scheduled the next one, which reuses every unit linted here.
      await yieldToRequests();
      if (this.versions() !== before) return;
    }
    // A closed file's tree goes once its model is kept (see IncrementalLint.retain); an open document's stays.
    this.incremental.retain((file) => openByFile.has(fileKey(file)));
    this.lintedVersions = new Map(open.map((o) => [o.document.uri, o.document.version]));
    const result = merged.result();
    // A source that could not be read at all is a problem on it, as on the command line.
    const read = new Set(result.units.flatMap((u) => u.files));
    for (const file of new Set(discovery.units.flatMap((u) => u.sources))) {
      const reason = read.has(file) ? undefined : host.unreadable?.(file);
      if (reason !== undefined) result.problems.push(...unreadableInputProblem(file, reason, chosen.rules));
    }
    this.linted = databases;
    this.facts = undefined;
    const linked = linkedFiles(result);
    if (linked.size !== this.linkedFiles.length || this.linkedFiles.some((f) => !linked.has(f))) this.onFilesChanged();
    this.linkedFiles = [...linked];
    this.sendStatus(statusOf(result.units, linked.size));
    this.publish(result, publishing, linked);
    // What the lint of a large source left behind is collected in the next pause in typing (see schedule).
    if (this.incremental.parses.parsedChars - parsedBefore >= COLLECT_AFTER_CHARS) this.garbage = true;
  }

  /** How this lint's units are linted: through the caches, with the settings chosen; each package linted goes to `databases`. */
  private unitsRequest(chosen: Settings, host: MsBuildHost, databases: InstallerDb[]): UnitsLintRequest {
    return this.incremental.request({
      fs: host,
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
      // payload is, and where it is looked for, stay across passes.
      payloads: {
        host: this.payloadHostForPass(),
        memo: this.payloadMemo,
        places: this.payloadPlaces,
        packages: this.packageHost,
        reportMissing: chosen.missingPayloads,
      },
      onDatabase: (db) => databases.push(db),
      startClock: () => {
        const end = performance.now() + UNIT_TIME_BUDGET_SECONDS * 1000;
        return () => performance.now() > end;
      },
      timeBudgetSeconds: UNIT_TIME_BUDGET_SECONDS,
    });
  }

  /**
   * The payload host of this pass: a new one, whose folders and stamps last one pass (a payload absent from a folder
   * is looked for once per pass, not once per file), or the last pass's while the client watches files and told of no
   * change: a 5 MB fragment's 12,000 payloads, built, are not each looked at again on every keystroke.
   */
  private payloadHostForPass(): PayloadHost {
    const now = performance.now();
    const kept = this.payloadHost;
    if (this.watchesFiles && kept && now - kept.since < PAYLOAD_HOST_MAX_AGE_MS) return kept.host;
    const host = nodePayloadHost({ oneRun: true });
    this.payloadHost = { host, since: now };
    return host;
  }

  /**
   * Sends the diagnostics of `result`: of the URIs in `only` (the edited documents, as soon as their units are done),
   * else of the whole workspace. A list the client already has is not sent again (another unit's files, untouched by
   * this edit); an edited document's always is, once per lint, as the answer to its new version.
   */
  private publish(result: UnitsLintResult, p: Publishing, linked: ReadonlySet<string>, only?: ReadonlySet<string>): void {
    const byUri = toDiagnostics(result.problems, {
      uriOf: (file) => {
        const uri = p.openByFile.get(fileKey(file))?.uri ?? (path.isAbsolute(file) ? pathToFileURL(file).href : undefined);
        return uri !== undefined && (only === undefined || only.has(uri)) ? uri : undefined;
      },
      textOf: (file) => result.texts.get(file) ?? p.host.readFile(file),
      documentOf: (file) => p.openByFile.get(fileKey(file)),
    });
    // A config that cannot be read shows where it is wrong, in the config itself.
    if (only === undefined) {
      for (const { file, error } of p.configs.problems(rules.map((r) => r.meta.id))) {
        const uri = pathToFileURL(file).href;
        const list = byUri.get(uri) ?? [];
        list.push(configDiagnostic(file, error));
        byUri.set(uri, list);
      }
    }
    // A workspace folder whose wixlint.enable is off shows nothing: its files' lists are emptied, not left stale.
    for (const uri of byUri.keys()) if (!p.enabled(fileOf(uri))) byUri.delete(uri);
    const updates = new Map<string, Diagnostic[]>();
    if (only === undefined) for (const [uri, sent] of this.published) if (sent !== EMPTY_LIST) updates.set(uri, []);
    // Open sources always get a list (an empty one says "checked, nothing found"); closed files only when they have problems.
    for (const o of p.open) if (linked.has(o.file) && (only === undefined || only.has(o.document.uri))) updates.set(o.document.uri, []);
    for (const [uri, diagnostics] of byUri) updates.set(uri, diagnostics);
    const published = only === undefined ? new Map<string, string>() : this.published;
    for (const [uri, diagnostics] of updates) {
      const sent = JSON.stringify(diagnostics);
      const before = this.published.get(uri);
      published.set(uri, sent);
      const answersEdit = p.edited.has(fileKey(fileOf(uri))) && !p.sent.has(uri);
      if (before === sent && !answersEdit) updates.delete(uri);
      else p.sent.add(uri);
    }
    this.published = published;

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

/**
 * The units in the order to lint them: the `readingEdited` that read an edited document first (their sources, or what
 * their last lint read: a changed .wxi re-lints its includers first), then the rest as discovered.
 */
function editedFirst(
  units: readonly LintUnit[],
  edited: ReadonlySet<string>,
  incremental: IncrementalLint,
): { units: LintUnit[]; readingEdited: number } {
  if (edited.size === 0) return { units: [...units], readingEdited: 0 };
  const first = new Set(units.filter((u) => readsAny(u, edited, incremental)));
  return { units: [...first, ...units.filter((u) => !first.has(u))], readingEdited: first.size };
}

/** The sources the units linked (what their packages were made of). */
function linkedFiles(result: UnitsLintResult): Set<string> {
  const linked = new Set<string>();
  for (const u of result.units) for (const f of u.files) linked.add(f);
  return linked;
}

/** Whether the unit reads one of `files` (fileKey): among its sources, or read by its last lint (an include). */
function readsAny(unit: LintUnit, files: ReadonlySet<string>, incremental: IncrementalLint): boolean {
  for (const f of unit.sources) if (files.has(fileKey(f))) return true;
  for (const f of incremental.filesRead(unit) ?? []) if (files.has(fileKey(f))) return true;
  return false;
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
