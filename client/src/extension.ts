// The VS Code extension: starts the wixlint language server (dist/server.js) for WiX sources and includes, with its commands,
// status bar item and the MSI inspector.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol';
import { MsiInspector } from './inspector/provider';

let client: LanguageClient | undefined;

/** How many units the status bar's tooltip lists before it says how many more. */
const MAX_LISTED_UNITS = 10;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc },
  };
  const outputChannel = vscode.window.createOutputChannel('wixlint');
  context.subscriptions.push(outputChannel);
  const clientOptions: LanguageClientOptions = {
    // Not every scheme: a git: or diff copy of a file would join the project and duplicate its symbols.
    documentSelector: [
      { scheme: 'file', language: 'wxs' },
      { scheme: 'file', language: 'wxi' },
      { scheme: 'untitled', language: 'wxs' },
    ],
    outputChannel,
  };

  const status = vscode.window.createStatusBarItem('wixlint.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'wixlint platforms';
  status.command = { title: 'Open the wixlint settings', command: 'workbench.action.openSettings', arguments: ['wixlint.'] };
  context.subscriptions.push(status);

  // The id is the settings section: the client reads `wixlint.trace.server` by it.
  const languageClient = new LanguageClient(SETTINGS_SECTION, 'wixlint', serverOptions, clientOptions);
  client = languageClient;
  // The inspector is registered at once (VS Code may be restoring an open package) and waits for the server.
  let started: Promise<LanguageClient> | undefined;
  const ready = (): Promise<LanguageClient> => (started ??= languageClient.start().then(() => languageClient));
  context.subscriptions.push(new MsiInspector(context.extensionUri, ready, (line) => outputChannel.appendLine(line)).register());
  // The status bar shows the platforms of the active file's project, else those of all of them, and says why.
  let last: StatusParams | undefined;
  const showStatus = (): void => {
    if (!last) return;
    const active = vscode.window.activeTextEditor?.document.uri;
    const unit = active?.scheme === 'file' ? last.units.find((u) => u.files.includes(active.fsPath)) : undefined;
    if (unit) {
      status.text = `WiX: ${unit.platforms.join(', ')}`;
      status.tooltip = `wixlint lints ${vscode.workspace.asRelativePath(unit.name, false)} (${plural(unit.files.length, 'file')}) for ${unit.platforms.join(', ')}: ${unit.reason}. Click to change the settings.`;
    } else {
      const listed = last.units
        .slice(0, MAX_LISTED_UNITS)
        .map((u) => `${vscode.workspace.asRelativePath(u.name, false)}: ${u.platforms.join(', ')} (${u.reason})`);
      const more = last.units.length - listed.length;
      status.text = `WiX: ${last.platforms.join(', ')}`;
      status.tooltip = [
        `wixlint lints ${plural(last.files, 'file')} in ${plural(last.units.length, 'project')}:`,
        ...listed,
        ...(more > 0 ? [`and ${more} more`] : []),
        'Click to change the settings.',
      ].join('\n');
    }
    status.show();
  };
  languageClient.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
    last = params;
    showStatus();
  });
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(showStatus));

  context.subscriptions.push(
    vscode.commands.registerCommand('wixlint.showOutput', () => outputChannel.show(true)),
    vscode.commands.registerCommand('wixlint.restartServer', async () => {
      try {
        await languageClient.restart();
      } catch (error) {
        outputChannel.appendLine(`wixlint: restarting the server failed: ${String(error)}`);
        void vscode.window.showErrorMessage('wixlint: the language server could not be restarted; see the wixlint output.');
      }
    }),
  );
  await ready();
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
