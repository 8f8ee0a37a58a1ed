// What the tests share about the editor: the workspace copy, waiting on diagnostics and tabs, reading wixlint diagnostics.
import * as path from 'node:path';
import * as vscode from 'vscode';

/** How long any wait lasts before the test fails; the language server answers in well under a second. */
export const TIMEOUT_MS = 20_000;

/** The workspace folder: a fresh copy of the repository's examples/ (and msi/ with a package built by wixl). */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test window has no workspace folder');
  return folder.uri.fsPath;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...segments));
}

/**
 * Resolves with the probe's first truthy value, checked now, on every event given and every `pollMs` for what has no event.
 * On timeout it rejects with `what` and the `state` at that moment, so a failure says what was there instead.
 */
export function until<T>(
  what: string,
  probe: () => T | undefined | null | false,
  options: { events?: vscode.Event<unknown>[]; state?: () => string; timeoutMs?: number; pollMs?: number } = {},
): Promise<T> {
  const { events = [vscode.languages.onDidChangeDiagnostics], state, timeoutMs = TIMEOUT_MS, pollMs = 500 } = options;
  return new Promise<T>((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const s of subscriptions) s.dispose();
      fn();
    };
    const check = (): void => {
      try {
        const value = probe();
        if (value) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state ? `\n${state()}` : ''}`))),
      timeoutMs,
    );
    const poll = setInterval(check, pollMs);
    for (const event of events) subscriptions.push(event(check));
    check();
  });
}

/** The rule id of a wixlint diagnostic (VS Code turns `code` + `codeDescription` into `{ value, target }`). */
export function ruleOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== 'wixlint') return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

export function wixlintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => ruleOf(d) !== undefined);
}

/** `line:character-line:character`, 0-based as in the API. */
export function rangeText(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** One line per wixlint diagnostic of the workspace (or of `uris`), for failure messages. */
export function describeDiagnostics(uris?: readonly vscode.Uri[]): string {
  const entries = uris ? uris.map((u) => [u, vscode.languages.getDiagnostics(u)] as const) : vscode.languages.getDiagnostics();
  const lines: string[] = [];
  for (const [uri, list] of entries) {
    for (const d of list) if (ruleOf(d)) lines.push(`  ${vscode.workspace.asRelativePath(uri)} ${rangeText(d.range)} ${ruleOf(d)}: ${d.message}`);
  }
  return lines.length > 0 ? `wixlint diagnostics now:\n${lines.join('\n')}` : 'no wixlint diagnostics now';
}

/** Opens the files as documents (which starts the extension on the first .wxs) and shows the first. */
export async function openDocuments(...uris: vscode.Uri[]): Promise<vscode.TextDocument[]> {
  const docs: vscode.TextDocument[] = [];
  for (const uri of uris) docs.push(await vscode.workspace.openTextDocument(uri));
  if (docs[0]) await vscode.window.showTextDocument(docs[0], { preview: false });
  return docs;
}
