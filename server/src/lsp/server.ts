// The language server: lints the workspace's WiX project and the open sources while you type and publishes the problems as diagnostics.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidSaveTextDocumentNotification,
  ErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type DocumentHighlight,
  type DocumentLink,
  type Hover,
  type Range,
  type SymbolInformation,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BUILD_ARCHES } from '../model/platform';
import { rules } from '../rules';
import { decodeText } from '../wix/sourceText';
import { LineIndex } from '../engine/lineIndex';
import { fixesFor, type FixDocument, type FixKind } from '../fixes';
import { diagnosticFix, toDiagnostics } from './diagnostics';
import { runSafe } from './runSafe';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings';
import { fileKey, isFile, scanWorkspace, workspaceRoots, type WorkspaceFiles } from './workspace';
import { nodeFileSystem } from '../io/fileSystem';
import { ConfigLookup } from '../project/config';
import { lintUnits, type UnitResult } from '../project/lint';
import type { MsBuildHost } from '../project/msbuild';
import { discoverUnits } from '../project/units';
import { INSPECT_MSI_REQUEST, STATUS_NOTIFICATION, type InspectMsiParams, type InspectMsiResult, type StatusParams } from '../protocol';
import { createMsiInspector } from './inspect';
import { collectComponentFacts, SymbolIndex, type ComponentFacts, type NavigationFile } from './navigation';
import { ParseCache } from './parseCache';

/** Run by a code action after its edit: shows the files the edit created (their text is unsaved until the user saves). */
export const SHOW_CREATED_FILES_COMMAND = 'wixlint.showCreatedFiles';
/** A refactor creates two or three files; anything beyond this in the arguments is not ours. */
const MAX_SHOWN_FILES = 8;

/** A pause in typing this long starts a lint; shorter ones only postpone it. */
const LINT_DELAY_MS = 200;
const SETTINGS_SECTION = 'wixlint';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string): void => connection.console.error(message);

  /** Whether the client answers workspace/configuration; if not, settings come with didChangeConfiguration. */
  let pullSettings = false;
  let registerSettingsWatch = false;
  let pushedSettings: Settings = DEFAULT_SETTINGS;
  /** The settings in force, read once per change of configuration. */
  let settings: Promise<Settings> | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** URIs showing our diagnostics, so that a file whose problems are gone gets an empty list. */
  let published = new Set<string>();
  /** The workspace folders on disk; none means only the open documents are linted. */
  let roots: string[] = [];
  let registerFileWatch = false;
  let registerSave = false;
  /** Whether the client applies WorkspaceEdit documentChanges with CreateFile: else no action that creates a file is offered. */
  let createFiles = false;
  /**
   * Whether the client shows documents on request (window/showDocument). A created file's text is an unsaved edit until
   * the user saves it; actions that create files then end by showing them, so that the text is never left unseen.
   */
  let showDocuments = false;
  /** What the last lint learned about each component, for hovers. */
  let componentFacts: ComponentFacts = new Map();
  /** Trees of the sources as last linted: a pause in typing re-parses only the documents that changed. */
  const parses = new ParseCache();
  /**
   * Trees of the documents code actions read, by URI: an editor asks for code actions on every cursor move, and the
   * fixes for each problem read the same documents.
   */
  const fixParses = new ParseCache();
  /** Whether the symbol index must look at the files again: a document opened, changed or closed, or the project was scanned. */
  let symbolsStale = true;
  /** The workspace as last scanned; dropped (so rescanned) when files change on disk or are saved. */
  let scan: WorkspaceScan | undefined;
  /** The sources the last lint linked, for navigation. */
  let linkedFiles: string[] = [];
  let lastStatus = '';

  connection.onInitialize((params) =>
    runSafe<InitializeResult>(log, 'initialize', { capabilities: {} }, () => {
      const workspace = params.capabilities.workspace;
      pullSettings = workspace?.configuration === true;
      registerSettingsWatch = pullSettings && workspace?.didChangeConfiguration?.dynamicRegistration === true;
      roots = workspaceRoots(params);
      registerFileWatch = roots.length > 0 && workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      registerSave = roots.length > 0 && params.capabilities.textDocument?.synchronization?.dynamicRegistration === true;
      const workspaceEdit = workspace?.workspaceEdit;
      createFiles = workspaceEdit?.documentChanges === true && (workspaceEdit.resourceOperations ?? []).includes('create');
      showDocuments = params.capabilities.window?.showDocument?.support === true;
      return {
        capabilities: {
          textDocumentSync: TextDocumentSyncKind.Full,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
          executeCommandProvider: { commands: [SHOW_CREATED_FILES_COMMAND] },
          documentSymbolProvider: true,
          definitionProvider: true,
          referencesProvider: true,
          hoverProvider: true,
          documentHighlightProvider: true,
          documentLinkProvider: { resolveProvider: false },
          renameProvider: params.capabilities.textDocument?.rename?.prepareSupport === true ? { prepareProvider: true } : true,
          workspaceSymbolProvider: true,
          completionProvider: { triggerCharacters: ['"', "'"] },
        },
        serverInfo: { name: 'wixlint' },
      };
    }),
  );

  connection.onInitialized(() =>
    runSafe(log, 'initialized', undefined, async () => {
      if (registerSettingsWatch) await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      if (registerFileWatch) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.wxs' }, { globPattern: '**/*.wxi' }, { globPattern: '**/*.wixproj' }, { globPattern: '**/*.{props,targets}' }, { globPattern: '**/wixlint.config.json' }],
        });
      }
      // Registered rather than declared in textDocumentSync, which stays the plain Full kind older clients expect.
      if (registerSave) {
        await connection.client.register(DidSaveTextDocumentNotification.type, {
          documentSelector: [{ language: 'wxs' }, { language: 'wxi' }, { pattern: '**/*.{wxs,wxi}' }],
          includeText: false,
        });
      }
      // The workspace's closed files have problems too: lint them without waiting for a document to open.
      if (roots.length > 0) schedule();
    }),
  );

  connection.onDidChangeConfiguration((change) =>
    runSafe(log, 'didChangeConfiguration', undefined, () => {
      if (!pullSettings) pushedSettings = parseSettings(property(change.settings, SETTINGS_SECTION));
      settings = undefined;
      schedule();
    }),
  );

  // Any open file may be part of the project (a .wxi through <?include?>), so every edit re-lints it.
  documents.onDidChangeContent(() =>
    runSafe(log, 'didChangeContent', undefined, () => {
      symbolsStale = true;
      schedule();
    }),
  );
  documents.onDidClose((event) =>
    runSafe(log, 'didClose', undefined, () => {
      fixParses.forget(event.document.uri);
      symbolsStale = true;
      schedule();
    }),
  );
  // A saved or changed file may add or drop Compile items, platforms or defines, or change a closed file's text.
  documents.onDidSave(() => runSafe(log, 'didSave', undefined, rescan));
  connection.onDidChangeWatchedFiles(() => runSafe(log, 'didChangeWatchedFiles', undefined, rescan));

  connection.onCodeAction((params) => runSafe<CodeAction[]>(log, 'codeAction', [], () => codeActions(params)));

  // Navigation: answered from the sources as written, so it works between lints and in files that do not build.
  const symbols = new SymbolIndex(parses.parse, () => componentFacts);
  connection.onDocumentSymbol((params) => navigate('documentSymbol', params.textDocument.uri, [], (file) => symbols.outline(file)));
  connection.onDefinition((params) => navigate('definition', params.textDocument.uri, [], (file) => symbols.definition(file, params.position)));
  connection.onReferences((params) =>
    navigate('references', params.textDocument.uri, [], (file) => symbols.references(file, params.position, params.context?.includeDeclaration !== false)),
  );
  connection.onPrepareRename((params) =>
    navigate<{ range: Range; placeholder: string } | null>('prepareRename', params.textDocument.uri, null, (file) => symbols.prepareRename(file, params.position) ?? null),
  );
  connection.onRenameRequest((params) =>
    navigate<WorkspaceEdit | ResponseError<void> | null>('rename', params.textDocument.uri, null, (file) => {
      const edit = symbols.rename(file, params.position, typeof params.newName === 'string' ? params.newName : '');
      return typeof edit === 'string' ? new ResponseError(ErrorCodes.InvalidParams, edit) : edit;
    }),
  );
  connection.onWorkspaceSymbol((params) =>
    runSafe<SymbolInformation[]>(log, 'workspaceSymbol', [], () => {
      refreshSymbols();
      return symbols.workspaceSymbols(typeof params.query === 'string' ? params.query : '');
    }),
  );
  connection.onDocumentHighlight((params) =>
    navigate<DocumentHighlight[]>('documentHighlight', params.textDocument.uri, [], (file) => symbols.highlights(file, params.position)),
  );
  connection.onDocumentLinks((params) =>
    runSafe<DocumentLink[]>(log, 'documentLinks', [], async () => {
      const chosen = await currentSettings();
      refreshSymbols();
      return symbols.includeLinks(fileOf(params.textDocument.uri), resolvedIncludePaths(chosen), isFile);
    }),
  );
  connection.onHover((params) => navigate<Hover | null>('hover', params.textDocument.uri, null, (file) => symbols.hover(file, params.position) ?? null));
  connection.onCompletion((params) =>
    navigate<CompletionItem[]>('completion', params.textDocument.uri, [], (file, document) => (document ? symbols.completion(file, document.getText(), params.position) : [])),
  );
  connection.onExecuteCommand((params) =>
    runSafe<null>(log, 'executeCommand', null, async () => {
      if (params.command !== SHOW_CREATED_FILES_COMMAND || !showDocuments) return null;
      const uris = (params.arguments ?? []).filter((u): u is string => typeof u === 'string' && u.startsWith('file:')).slice(0, MAX_SHOWN_FILES);
      // One at a time, the last one focused: the editor ends on the last file created (the bundle, when there is one).
      for (const [i, uri] of uris.entries()) await connection.window.showDocument({ uri, takeFocus: i === uris.length - 1 });
      return null;
    }),
  );

  // MSI inspection: the package's problems use the rule severities in force.
  const inspector = createMsiInspector(async () => (await currentSettings()).rules);
  connection.onRequest(INSPECT_MSI_REQUEST, (params: InspectMsiParams) =>
    runSafe<InspectMsiResult | ResponseError<void>>(log, 'inspectMsi', new ResponseError(ErrorCodes.InternalError, 'wixlint could not inspect the package; see the wixlint output.'), () =>
      inspector.handle(params),
    ),
  );

  connection.onShutdown(() =>
    runSafe(log, 'shutdown', undefined, () => {
      clearTimeout(timer);
      timer = undefined;
      inspector.dispose();
    }),
  );

  documents.listen(connection);

  /** The wixlint.includePaths setting, relative paths resolved against the first workspace folder. */
  function resolvedIncludePaths(chosen: Settings): string[] {
    return chosen.includePaths.flatMap((p) => (path.isAbsolute(p) ? [p] : roots[0] !== undefined ? [path.resolve(roots[0], p)] : []));
  }

  /** A closed file's text, read once per scan. */
  function readDiskCached(file: string): string | undefined {
    return path.isAbsolute(file) ? currentScan().disk.readFile(file) : undefined;
  }

  /** The sources navigation looks through: the project's files (open ones as the editor has them) and every open document. */
  function navigationFiles(): NavigationFile[] {
    const files = new Map<string, NavigationFile>();
    for (const document of documents.all()) {
      const file = fileOf(document.uri);
      files.set(fileKey(file), { file, uri: document.uri, text: document.getText() });
    }
    for (const file of new Set([...currentScan().files.sources, ...linkedFiles])) {
      if (files.has(fileKey(file))) continue;
      const text = readDiskCached(file);
      if (text !== undefined) files.set(fileKey(file), { file, uri: pathToFileURL(file).href, text });
    }
    return [...files.values()];
  }

  /** Brings the symbol index to the current texts, when something changed since it last looked. */
  function refreshSymbols(): void {
    if (!symbolsStale) return;
    symbols.update(navigationFiles());
    symbolsStale = false;
  }

  function navigate<T>(what: string, uri: string, fallback: T, answer: (file: string, document: TextDocument | undefined) => T): Promise<T> {
    return runSafe(log, what, fallback, () => {
      refreshSymbols();
      return answer(fileOf(uri), documents.get(uri));
    });
  }

  function rescan(): void {
    scan = undefined;
    symbolsStale = true;
    schedule();
  }

  /** The workspace's WiX files, the configs that apply to them and a cache of closed files' texts, once per scan. */
  function currentScan(): WorkspaceScan {
    if (!scan) {
      const disk = nodeFileSystem();
      const configs = new ConfigLookup(disk, undefined);
      const files = scanWorkspace(roots, (file) => configs.ignores(file));
      for (const warning of files.warnings) log(warning);
      scan = { disk, configs, files, reported: new Set() };
    }
    return scan;
  }

  function sendStatus(status: StatusParams): void {
    const key = JSON.stringify(status);
    if (key === lastStatus) return;
    lastStatus = key;
    connection.sendNotification(STATUS_NOTIFICATION, status).catch((error: unknown) => log(`wixlint: sending the status failed: ${String(error)}`));
  }

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void runSafe(log, 'lint', undefined, lintProject);
    }, LINT_DELAY_MS);
  }

  function currentSettings(): Promise<Settings> {
    settings ??= pullSettings
      ? connection.workspace.getConfiguration(SETTINGS_SECTION).then(
          (section: unknown) => parseSettings(section),
          (error: unknown) => {
            log(`wixlint: reading the settings failed, using the defaults: ${String(error)}`);
            return DEFAULT_SETTINGS;
          },
        )
      : Promise.resolve(pushedSettings);
    return settings;
  }

  async function lintProject(): Promise<void> {
    const before = versions();
    const pending = currentSettings();
    const chosen = await pending;
    // Superseded while the settings were read: the change that did it has already scheduled the next lint.
    if (pending !== settings || versions() !== before) return;

    const workspace = currentScan();
    const open = documents.all().map((document) => ({ document, file: fileOf(document.uri) }));
    const openByFile = new Map(open.map((o) => [fileKey(o.file), o.document]));
    // The editor's text of an open file wins over the disk's.
    const host: MsBuildHost = {
      readFile: (file) => openByFile.get(fileKey(file))?.getText() ?? readDiskCached(file),
      readDirectory: (dir) => workspace.disk.readDirectory(dir),
    };
    // An open source outside the workspace folders is linted with its own project, as the CLI lints a file given alone.
    const walked = new Set(workspace.files.sources.map(fileKey));
    const outside = open.filter((o) => isWxs(o.document) && !walked.has(fileKey(o.file))).map((o) => o.file);
    const lookUp = outside.filter((f) => path.isAbsolute(f));
    const discovery = discoverUnits({
      fs: host,
      parse: parses.parse,
      env: process.env,
      configuration: chosen.configuration,
      sources: [...workspace.files.sources, ...outside],
      projectFiles: workspace.files.projectFiles,
      lookUp,
      configFor: (file) => workspace.configs.configFor(file),
      ignores: (file) => workspace.configs.ignores(file),
    });
    for (const message of discovery.warnings) {
      if (workspace.reported.has(message)) continue;
      workspace.reported.add(message);
      log(`wixlint: ${message}`);
    }

    const facts: ComponentFacts = new Map();
    const result = lintUnits(discovery.units, {
      fs: host,
      parse: parses.parse,
      env: process.env,
      overrides: {
        platforms: chosen.platforms.length > 0 ? chosen.platforms : undefined,
        platformsFrom: 'settings',
        defines: chosen.defines,
        includePaths: resolvedIncludePaths(chosen),
        bindPaths: [],
        severities: chosen.rules,
      },
      onDatabase: (db) => collectComponentFacts(db, facts),
    });
    componentFacts = facts;
    const linked = new Set<string>();
    for (const u of result.units) for (const f of u.files) linked.add(f);
    if (linked.size !== linkedFiles.length || linkedFiles.some((f) => !linked.has(f))) symbolsStale = true;
    linkedFiles = [...linked];
    sendStatus(statusOf(result.units, linked.size));

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
    const updates = new Map<string, Diagnostic[]>();
    for (const uri of published) updates.set(uri, []);
    // Open sources always get a list (an empty one says "checked, nothing found"); closed files only when they have problems.
    for (const o of open) if (linked.has(o.file)) updates.set(o.document.uri, []);
    for (const [uri, diagnostics] of byUri) updates.set(uri, diagnostics);
    published = new Set(byUri.keys());

    for (const [uri, diagnostics] of updates) {
      const version = documents.get(uri)?.version;
      connection
        .sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics })
        .catch((error: unknown) => log(`wixlint: publishing diagnostics for ${uri} failed: ${String(error)}`));
    }
  }

  /** Quick fixes for the request's wixlint diagnostics, recomputed from the current texts (so never stale edits). */
  function codeActions(params: CodeActionParams): CodeAction[] {
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((k) => k === '' || k === kind || kind.startsWith(`${k}.`));
    if (!wants(CodeActionKind.QuickFix) && !wants(CodeActionKind.RefactorRewrite)) return [];
    const texts = new Map<string, string | undefined>();
    const textOf = (uri: string): string | undefined => {
      if (!texts.has(uri)) texts.set(uri, documents.get(uri)?.getText() ?? readDisk(uri));
      return texts.get(uri);
    };
    // Fix offsets are in the LF-normalized text (the tree's); its lines and characters are the document's, whatever its
    // line ends. One line index per document and request, however many edits land there.
    const places = new Map<string, { lines: LineIndex; crlf: boolean }>();
    const placesOf = (uri: string): { lines: LineIndex; crlf: boolean } => {
      let known = places.get(uri);
      if (!known) {
        const original = textOf(uri) ?? '';
        known = { lines: new LineIndex(fixParses.parse(uri, original).text), crlf: original.includes('\r\n') };
        places.set(uri, known);
      }
      return known;
    };
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const problem = diagnosticFix(diagnostic);
      if (!problem) continue;
      // The diagnostic's own document first: a fix edits the first component it finds by id.
      const uris = new Set([params.textDocument.uri, ...(diagnostic.relatedInformation ?? []).map((r) => r.location.uri), ...documents.keys()]);
      const candidates: FixDocument[] = [];
      for (const uri of uris) {
        const text = textOf(uri);
        if (text !== undefined) candidates.push({ file: uri, text });
      }
      const kinds: FixKind[] = [...(wants(CodeActionKind.QuickFix) ? ['quickfix' as const] : []), ...(wants(CodeActionKind.RefactorRewrite) ? ['refactor' as const] : [])];
      const offered = fixesFor(problem, candidates, { kinds, fileExists: existsOnDisk, parse: fixParses.parse }).filter((fix) => createFiles || fix.creates.length === 0);
      for (const fix of offered) {
        const kind = fix.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite;
        const changes: Record<string, TextEdit[]> = {};
        for (const edit of fix.edits) {
          const { lines, crlf } = placesOf(edit.file);
          const newText = crlf ? edit.newText.replace(/\n/g, '\r\n') : edit.newText;
          (changes[edit.file] ??= []).push({ range: { start: lines.positionAt(edit.start), end: lines.positionAt(edit.end) }, newText });
        }
        const creates = fix.creates;
        const edit: WorkspaceEdit =
          creates.length === 0
            ? { changes }
            : {
                // Never overwrites: the client fails the whole edit if the file appeared since (overwrite and ignoreIfExists false).
                documentChanges: [
                  ...Object.entries(changes).map(([uri, edits]) => ({ textDocument: { uri, version: documents.get(uri)?.version ?? null }, edits })),
                  ...creates.flatMap((c) => [
                    { kind: 'create' as const, uri: c.file, options: { overwrite: false, ignoreIfExists: false } },
                    { textDocument: { uri: c.file, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text }] },
                  ]),
                ],
              };
        const show = showDocuments && creates.length > 0 ? { command: { title: 'Show the new files', command: SHOW_CREATED_FILES_COMMAND, arguments: creates.map((c) => c.file) } } : {};
        actions.push({ title: fix.title, kind, diagnostics: [diagnostic], edit, ...show });
      }
    }
    return actions;
  }

  /** Which documents are open at which versions, as one comparable string. */
  function versions(): string {
    return documents
      .all()
      .map((d) => `${d.uri}\u0000${d.version}`)
      .sort()
      .join('\u0001');
  }
}

/** The path the core sees for a document: the file system path of a file: URI, else the URI itself (untitled:...). */
function fileOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** Windows file names are case-insensitive; an <?include?> need not spell them as the editor does. */
/** A file: URI's text from disk, for a fix that edits a file the editor has not opened. */
function readDisk(uri: string): string | undefined {
  const file = fileOf(uri);
  if (file === uri || !path.isAbsolute(file)) return undefined;
  try {
    return decodeText(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/** Whether a file: URI names an existing file; other URIs name no file on disk. */
function existsOnDisk(uri: string): boolean {
  const file = fileOf(uri);
  return file !== uri && fs.existsSync(file);
}

function isWxs(document: TextDocument): boolean {
  return document.languageId === 'wxs' || /\.wxs$/i.test(document.uri);
}

function property(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

interface WorkspaceScan {
  /** Closed files' texts, read once per scan. */
  disk: MsBuildHost;
  configs: ConfigLookup;
  files: WorkspaceFiles;
  /** Config errors and project warnings already logged, so that each reaches the log once per scan. */
  reported: Set<string>;
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
    units: units.map((u) => ({ name: u.unit.kind === 'config' ? (u.unit.name ?? u.unit.anchor) : u.unit.anchor, files: u.files, platforms: u.platforms.platforms, platformSource: u.platforms.source, reason: u.platforms.reason })),
  };
}

/** A config problem as a diagnostic on the config: at the line and column JSON.parse names, else at its start. */
function configDiagnostic(file: string, error: string): Diagnostic {
  const message = error.startsWith(`${file}: `) ? error.slice(file.length + 2) : error;
  const at = /at line (\d+), column (\d+)/.exec(message);
  const position = at ? { line: Number(at[1]) - 1, character: Number(at[2]) - 1 } : { line: 0, character: 0 };
  return { range: { start: position, end: position }, severity: DiagnosticSeverity.Error, source: 'wixlint', message };
}
