// The MSI inspector: a read-only custom editor for .msi/.msm files, the `wixlint.inspectMsi` command, the package's problems
// in the Problems view, and the text views of its tables those problems open. The language server reads the package.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  INSPECT_MSI_REQUEST,
  type InspectExportResult,
  type InspectMsiParams,
  type InspectOverviewResult,
  type InspectTableResult,
} from '../../../server/src/protocol';
import { withDelayedProgress } from './delayedProgress';
import { inspectorHtml, makeNonce } from './html';
import type { FromWebview, ToWebview } from './messages';
import { MSI_SCHEME, SUMMARY_TABLE, parseTableViewPath, problemMessage, problemPlace, summaryText, tableViewPath } from './problems';

export const INSPECTOR_VIEW_TYPE = 'wixlint.msiInspector';
export const INSPECT_COMMAND = 'wixlint.inspectMsi';

/** Opening a package that answers within this time shows no progress notification. */
const PROGRESS_DELAY_MS = 400;

const SEVERITIES: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The text of a failed request: the server's message for bad input, else the error's own. */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class MsiDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

export class MsiInspector implements vscode.CustomReadonlyEditorProvider<MsiDocument>, vscode.TextDocumentContentProvider {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('wixlint-msi');
  /** Open inspector panels by package URI. */
  private readonly panels = new Map<string, Set<vscode.WebviewPanel>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => Promise<LanguageClient>,
    private readonly log: (line: string) => void,
  ) {}

  /** Registers the editor, the text views, the command and what they own. */
  register(): vscode.Disposable {
    return vscode.Disposable.from(
      this.diagnostics,
      this.changed,
      vscode.window.registerCustomEditorProvider(INSPECTOR_VIEW_TYPE, this, { supportsMultipleEditorsPerDocument: true }),
      vscode.workspace.registerTextDocumentContentProvider(MSI_SCHEME, this),
      vscode.commands.registerCommand(INSPECT_COMMAND, (uri?: unknown) => this.inspectCommand(uri)),
    );
  }

  private async request<T>(params: InspectMsiParams): Promise<T> {
    const client = await this.client();
    return (await client.sendRequest(INSPECT_MSI_REQUEST, params)) as T;
  }

  /** `wixlint: Inspect MSI…`: the package clicked in the explorer, else one picked in a file dialog. */
  private async inspectCommand(target: unknown): Promise<void> {
    let uri = target instanceof vscode.Uri ? target : undefined;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Inspect',
        title: 'Inspect a Windows Installer package',
        filters: { 'Windows Installer packages': ['msi', 'msm'], 'All files': ['*'] },
      });
      uri = picked?.[0];
    }
    if (!uri) return;
    await vscode.commands.executeCommand('vscode.openWith', uri, INSPECTOR_VIEW_TYPE);
  }

  openCustomDocument(uri: vscode.Uri): MsiDocument {
    return new MsiDocument(uri);
  }

  resolveCustomEditor(document: MsiDocument, panel: vscode.WebviewPanel): void {
    const uri = document.uri;
    const key = uri.toString();
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const webview = panel.webview;
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist] };
    webview.html = inspectorHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'inspector.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'inspector.css')).toString(),
      nonce: makeNonce(),
    });

    let open = this.panels.get(key);
    if (!open) this.panels.set(key, (open = new Set()));
    open.add(panel);

    const post = (message: ToWebview): void => {
      void webview.postMessage(message);
    };
    const fileName = uri.scheme === 'file' ? uri.fsPath : uri.toString();

    const loadOverview = async (): Promise<void> => {
      try {
        const overview = await withDelayedProgress(this.request<InspectOverviewResult>({ uri: uri.toString() }), PROGRESS_DELAY_MS, (task) =>
          vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `wixlint: reading ${path.basename(uri.path)}…` },
            () => task,
          ),
        );
        this.publish(uri, overview);
        post({ type: 'overview', file: fileName, overview });
      } catch (error) {
        this.diagnostics.delete(uri);
        post({ type: 'error', message: `wixlint cannot read ${fileName}: ${errorText(error)}` });
      }
    };

    // A rebuilt package is read again, keeping the table in view.
    const watcher =
      uri.scheme === 'file'
        ? vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(uri.fsPath)), path.basename(uri.fsPath)))
        : undefined;
    const subscriptions: vscode.Disposable[] = [];
    if (watcher) {
      subscriptions.push(
        watcher,
        watcher.onDidChange(() => void loadOverview()),
        watcher.onDidCreate(() => void loadOverview()),
      );
    }

    subscriptions.push(
      webview.onDidReceiveMessage((message: FromWebview) => {
        switch (message?.type) {
          case 'ready':
            void loadOverview();
            break;
          case 'page':
            this.request<InspectTableResult>({
              uri: uri.toString(),
              table: message.table,
              offset: message.offset,
              limit: message.limit,
              ...(message.sort ? { sort: message.sort } : {}),
              ...(message.filter ? { filter: message.filter } : {}),
            }).then(
              (page) => post({ type: 'page', id: message.id, page }),
              (error: unknown) => post({ type: 'error', id: message.id, message: errorText(error) }),
            );
            break;
          case 'export':
            void this.exportTable(uri, message);
            break;
        }
      }),
    );

    panel.onDidDispose(() => {
      for (const s of subscriptions) s.dispose();
      open.delete(panel);
      if (open.size === 0) {
        this.panels.delete(key);
        this.diagnostics.delete(uri);
        this.forgetViews(uri);
      }
    });
  }

  /** The package's problems, in the Problems view, on the text views of their tables. */
  private publish(uri: vscode.Uri, overview: InspectOverviewResult): void {
    this.forgetViews(uri);
    const byView = new Map<string, vscode.Diagnostic[]>();
    for (const problem of overview.problems) {
      const place = problemPlace(problem, overview);
      const view = this.viewUri(uri, place.table).toString();
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(place.line, 0, place.line, Number.MAX_SAFE_INTEGER),
        problemMessage(problem),
        SEVERITIES[problem.severity] ?? vscode.DiagnosticSeverity.Error,
      );
      diagnostic.source = 'wixlint';
      // As the language server's diagnostics: the headline, then why and what to change under it.
      const here = new vscode.Location(vscode.Uri.parse(view), diagnostic.range);
      diagnostic.relatedInformation = [
        ...(problem.note !== undefined ? [new vscode.DiagnosticRelatedInformation(here, `note: ${problem.note}`)] : []),
        ...(problem.help !== undefined ? [new vscode.DiagnosticRelatedInformation(here, `help: ${problem.help}`)] : []),
      ];
      diagnostic.code = problem.docsUrl ? { value: problem.ruleId, target: vscode.Uri.parse(problem.docsUrl) } : problem.ruleId;
      let list = byView.get(view);
      if (!list) byView.set(view, (list = []));
      list.push(diagnostic);
    }
    for (const [view, list] of byView) this.diagnostics.set(vscode.Uri.parse(view), list);
    // Open text views show the package as it is now.
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === MSI_SCHEME && parseTableViewPath(document.uri.path)?.packagePath === uri.path) this.changed.fire(document.uri);
    }
  }

  /** Drops the diagnostics on the package's table views. */
  private forgetViews(uri: vscode.Uri): void {
    this.diagnostics.forEach((view) => {
      if (view.scheme === MSI_SCHEME && parseTableViewPath(view.path)?.packagePath === uri.path) this.diagnostics.delete(view);
    });
  }

  private viewUri(uri: vscode.Uri, table: string): vscode.Uri {
    return vscode.Uri.from({ scheme: MSI_SCHEME, path: tableViewPath(uri.path, table) });
  }

  /** The text view of a table: the table as IDT, or the summary properties. */
  async provideTextDocumentContent(view: vscode.Uri): Promise<string> {
    const parsed = parseTableViewPath(view.path);
    if (!parsed) return `wixlint: '${view.toString()}' is not a table of a package.`;
    // The server reads file: packages only, so views exist for those alone.
    const packageUri = vscode.Uri.file(parsed.packagePath);
    try {
      if (parsed.table === SUMMARY_TABLE) return summaryText(await this.request<InspectOverviewResult>({ uri: packageUri.toString() }));
      const exported = await this.request<InspectExportResult>({ uri: packageUri.toString(), table: parsed.table, format: 'idt' });
      return exported.text;
    } catch (error) {
      return `wixlint cannot read the table '${parsed.table}' of ${packageUri.fsPath}: ${errorText(error)}`;
    }
  }

  /** Saves a table, filtered and sorted as shown, as CSV or IDT where the user picks. */
  private async exportTable(uri: vscode.Uri, message: Extract<FromWebview, { type: 'export' }>): Promise<void> {
    const extension = message.format === 'csv' ? 'csv' : 'idt';
    const safeName = message.table.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || 'table';
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(uri, '..', `${safeName}.${extension}`),
      filters: message.format === 'csv' ? { 'CSV files': ['csv'] } : { 'IDT files (msidb)': ['idt'] },
      title: `Export the table '${message.table}' as ${extension.toUpperCase()}`,
    });
    if (!target) return;
    try {
      const exported = await this.request<InspectExportResult>({
        uri: uri.toString(),
        table: message.table,
        format: message.format,
        ...(message.sort ? { sort: message.sort } : {}),
        ...(message.filter ? { filter: message.filter } : {}),
      });
      // Both formats are written as UTF-8.
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exported.text));
      void vscode.window.showInformationMessage(`wixlint: exported '${message.table}' to ${target.fsPath}.`);
    } catch (error) {
      this.log(`wixlint: exporting '${message.table}' failed: ${errorText(error)}`);
      void vscode.window.showErrorMessage(`wixlint: exporting '${message.table}' failed: ${errorText(error)}`);
    }
  }
}
