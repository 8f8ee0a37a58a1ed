// The language server's wiring: what it tells the client it can do, and each request or notification handed to the
// service that answers it — project linting (projectLinter.ts), code actions (codeActions.ts), navigation
// (navigationService.ts over navigation.ts), settings (settingsSource.ts) and MSI inspection (inspect.ts). Every
// handler runs through runSafe: nothing the client sends ends the server.
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidSaveTextDocumentNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { INSPECT_MSI_REQUEST, SETTINGS_SECTION, type InspectMsiParams } from '../protocol';
import { CODE_ACTION_KINDS, codeActionsFor, createdFilesToShow, SHOW_CREATED_FILES_COMMAND } from './codeActions';
import { OpenDocuments } from './documents';
import { createMsiInspector } from './inspect';
import type { SymbolIndex } from './navigation';
import { WorkspaceNavigation } from './navigationService';
import { ProjectLinter } from './projectLinter';
import { runSafe } from './runSafe';
import { guardDocumentSync } from './syncGuard';
import { resolvedIncludePaths, SettingsSource } from './settingsSource';
import { fileOf } from './uris';
import { isFile, workspaceRoots } from './workspace';

export { SHOW_CREATED_FILES_COMMAND } from './codeActions';

/** What the client can do, from its initialize request. */
interface ClientAbilities {
  registerSettingsWatch: boolean;
  registerFileWatch: boolean;
  registerSave: boolean;
  /** Applies WorkspaceEdit documentChanges with CreateFile: else no action that creates a file is offered. */
  createFiles: boolean;
  /**
   * Shows documents on request (window/showDocument). A created file's text is an unsaved edit until the user saves
   * it; actions that create files then end by showing them, so that the text is never left unseen.
   */
  showDocuments: boolean;
}

export function startServer(connection: Connection): void {
  const open = new OpenDocuments();
  const documents = open.documents;
  const log = (message: string): void => connection.console.error(message);
  const settings = new SettingsSource(connection, log);
  const linter = new ProjectLinter(connection, documents, settings, log, () => navigation.invalidate());
  const navigation = new WorkspaceNavigation(documents, linter);
  // MSI inspection: the package's problems use the rule severities in force.
  const inspector = createMsiInspector(async () => (await settings.settings()).rules);
  let client: ClientAbilities = {
    registerSettingsWatch: false,
    registerFileWatch: false,
    registerSave: false,
    createFiles: false,
    showDocuments: false,
  };

  connection.onInitialize((params) =>
    runSafe<InitializeResult>(log, 'initialize', { capabilities: {} }, () => {
      const workspace = params.capabilities.workspace;
      settings.pullsSettings = workspace?.configuration === true;
      linter.roots = workspaceRoots(params);
      settings.roots = linter.roots;
      const hasRoots = linter.roots.length > 0;
      const workspaceEdit = workspace?.workspaceEdit;
      client = {
        registerSettingsWatch: settings.pullsSettings && workspace?.didChangeConfiguration?.dynamicRegistration === true,
        registerFileWatch: hasRoots && workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
        registerSave: hasRoots && params.capabilities.textDocument?.synchronization?.dynamicRegistration === true,
        createFiles: workspaceEdit?.documentChanges === true && (workspaceEdit.resourceOperations ?? []).includes('create'),
        showDocuments: params.capabilities.window?.showDocument?.support === true,
      };
      return {
        capabilities: {
          // Incremental: an edit of a 5 MB harvested fragment sends the characters typed, not 5 MB each time.
          textDocumentSync: TextDocumentSyncKind.Incremental,
          codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
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
      if (client.registerSettingsWatch) await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      if (client.registerFileWatch) {
        linter.watchesFiles = true;
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          // The ignore files change what the workspace scan finds.
          watchers: [
            '**/*.wxs',
            '**/*.wxi',
            '**/*.wixproj',
            '**/*.{props,targets}',
            '**/wixlint.config.json',
            '**/.gitignore',
            '**/.wixlintignore',
            // Payloads, merged modules and chained packages: what the server learned of them is kept until one changes.
            '**/*.{dll,exe,sys,ocx,cpl,drv,msi,msm,cab}',
          ].map((globPattern) => ({
            globPattern,
          })),
        });
      }
      // Registered rather than declared in textDocumentSync, which stays the plain sync kind older clients expect.
      if (client.registerSave) {
        await connection.client.register(DidSaveTextDocumentNotification.type, {
          documentSelector: [{ language: 'wxs' }, { language: 'wxi' }, { pattern: '**/*.{wxs,wxi}' }],
          includeText: false,
        });
      }
      // The workspace's closed files have problems too: lint them without waiting for a document to open.
      if (linter.roots.length > 0) linter.schedule();
    }),
  );

  connection.onDidChangeConfiguration((change) =>
    runSafe(log, 'didChangeConfiguration', undefined, () => {
      settings.changed(change.settings);
      linter.schedule();
    }),
  );

  // Any open file may be part of the project (a .wxi through <?include?>), so every edit re-lints it.
  documents.onDidChangeContent(() =>
    runSafe(log, 'didChangeContent', undefined, () => {
      navigation.invalidate();
      linter.schedule();
    }),
  );
  documents.onDidClose(() =>
    runSafe(log, 'didClose', undefined, () => {
      navigation.invalidate();
      linter.schedule();
    }),
  );
  // A saved or changed file may add or drop Compile items, platforms or defines, or change a closed file's text.
  documents.onDidSave(() => runSafe(log, 'didSave', undefined, () => linter.rescan()));
  connection.onDidChangeWatchedFiles(() => runSafe(log, 'didChangeWatchedFiles', undefined, () => linter.rescan()));

  // No fixes where wixlint.enable is off, even for diagnostics the client still holds from before.
  connection.onCodeAction((params, token) =>
    runSafe(
      log,
      'codeAction',
      [],
      async () =>
        (await settings.enablement())(fileOf(params.textDocument.uri))
          ? codeActionsFor(
              params,
              {
                documents,
                parse: linter.parses.parse,
                createFiles: client.createFiles,
                showDocuments: client.showDocuments,
                roots: linter.roots,
                projectOf: (file) => linter.projectOf(file),
                usesCrlf: (uri) => open.usesCrlf(uri),
              },
              token,
            )
          : [],
      token,
    ),
  );
  connection.onExecuteCommand((params) =>
    runSafe<null>(log, 'executeCommand', null, async () => {
      if (params.command !== SHOW_CREATED_FILES_COMMAND || !client.showDocuments) return null;
      const uris = createdFilesToShow(params.arguments);
      // One at a time, the last one focused: the editor ends on the last file created (the bundle, when there is one).
      for (const [i, uri] of uris.entries()) await connection.window.showDocument({ uri, takeFocus: i === uris.length - 1 });
      return null;
    }),
  );

  // Navigation: answered from the sources as written, so it works between lints and in files that do not build.
  // The document's file is found inside runSafe: a request without a textDocument is refused for itself.
  const navigate = <T>(
    what: string,
    params: { textDocument: { uri: string } },
    fallback: T,
    answer: (symbols: SymbolIndex, file: string) => T,
    token?: CancellationToken,
  ) => {
    const run = (): T => answer(navigation.symbols(), fileOf(params.textDocument.uri));
    return token ? runSafe(log, what, fallback, run, token) : runSafe(log, what, fallback, run);
  };
  connection.onDocumentSymbol((params) => navigate('documentSymbol', params, [], (symbols, file) => symbols.outline(file)));
  connection.onDefinition((params) => navigate('definition', params, [], (symbols, file) => symbols.definition(file, params.position)));
  connection.onReferences((params, token) =>
    navigate(
      'references',
      params,
      [],
      (symbols, file) => symbols.references(file, params.position, params.context?.includeDeclaration !== false),
      token,
    ),
  );
  connection.onPrepareRename((params) =>
    navigate('prepareRename', params, null, (symbols, file) => symbols.prepareRename(file, params.position) ?? null),
  );
  connection.onRenameRequest((params) =>
    navigate<WorkspaceEdit | ResponseError<void> | null>('rename', params, null, (symbols, file) => {
      const edit = symbols.rename(file, params.position, typeof params.newName === 'string' ? params.newName : '');
      return typeof edit === 'string' ? new ResponseError(ErrorCodes.InvalidParams, edit) : edit;
    }),
  );
  connection.onWorkspaceSymbol((params, token) =>
    runSafe(log, 'workspaceSymbol', [], () => navigation.symbols().workspaceSymbols(typeof params.query === 'string' ? params.query : ''), token),
  );
  connection.onDocumentHighlight((params) => navigate('documentHighlight', params, [], (symbols, file) => symbols.highlights(file, params.position)));
  connection.onDocumentLinks((params, token) =>
    runSafe(
      log,
      'documentLinks',
      [],
      async () =>
        navigation.symbols().includeLinks(fileOf(params.textDocument.uri), resolvedIncludePaths(await settings.settings(), linter.roots), isFile),
      token,
    ),
  );
  connection.onHover((params) => navigate('hover', params, null, (symbols, file) => symbols.hover(file, params.position) ?? null));
  connection.onCompletion((params, token) =>
    runSafe(
      log,
      'completion',
      [],
      () => {
        const file = fileOf(params.textDocument.uri);
        const document = documents.get(params.textDocument.uri);
        return document ? navigation.symbolsBeside(file).completion(file, document, params.position) : [];
      },
      token,
    ),
  );

  connection.onRequest(INSPECT_MSI_REQUEST, (params: InspectMsiParams, token) =>
    runSafe(
      log,
      'inspectMsi',
      new ResponseError(ErrorCodes.InternalError, 'wixlint could not inspect the package; see the wixlint output.'),
      () => inspector.handle(params),
      token,
    ),
  );

  connection.onShutdown(() =>
    runSafe(log, 'shutdown', undefined, () => {
      linter.dispose();
      inspector.dispose();
    }),
  );

  // A malformed sync notification is refused for itself: the documents other requests read stay whole.
  documents.listen(guardDocumentSync(connection, log));
}
