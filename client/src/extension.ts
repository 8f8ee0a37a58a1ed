// The VS Code extension: starts the wixlint language server (dist/server.js) for WiX sources and includes.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

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
  client = new LanguageClient('wixlint', 'wixlint', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}
