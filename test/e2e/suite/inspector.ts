// The MSI inspector: the command opens the package in the custom editor, and the package's problems become diagnostics.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ruleOf, until, workspaceUri } from './editor';
import { test } from './runner';

export const INSPECT_COMMAND = 'wixlint.inspectMsi';
export const INSPECTOR_VIEW_TYPE = 'wixlint.msiInspector';
export const MSI_SCHEME = 'wixlint-msi';

function activeTabInput(): unknown {
  return vscode.window.tabGroups.activeTabGroup.activeTab?.input;
}

export const inspectorTests = [
  test('"wixlint: Inspect MSI…" opens the package built by wixl in the inspector and publishes its ice80 problem on the Component table', async () => {
    const msi = workspaceUri('msi', 'Inspector.msi');
    // Activate the extension if no test has yet: the command is contributed, but registered on activation.
    await vscode.extensions.getExtension('wixlint.wixlint')?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(INSPECT_COMMAND), `the command ${INSPECT_COMMAND} is registered`);
    await vscode.commands.executeCommand(INSPECT_COMMAND, msi);

    const input = await until(
      `the active tab to be the ${INSPECTOR_VIEW_TYPE} custom editor on ${msi.fsPath}`,
      () => {
        const i = activeTabInput();
        return i instanceof vscode.TabInputCustom && i.viewType === INSPECTOR_VIEW_TYPE && i.uri.fsPath === msi.fsPath ? i : undefined;
      },
      { events: [vscode.window.tabGroups.onDidChangeTabs], state: () => `active tab input: ${JSON.stringify(activeTabInput())}` },
    );
    assert.equal(input.uri.toString(), msi.toString());

    const componentTable = vscode.Uri.from({ scheme: MSI_SCHEME, path: `${msi.path}/Component.idt` });
    const problems = (): vscode.Diagnostic[] =>
      vscode.languages
        .getDiagnostics()
        .filter(([u]) => u.scheme === MSI_SCHEME)
        .flatMap(([, list]) => list);
    const ice80 = await until(
      `an ice80 diagnostic on ${componentTable.toString()}`,
      () => vscode.languages.getDiagnostics(componentTable).find((d) => ruleOf(d) === 'ice80'),
      {
        state: () =>
          `${MSI_SCHEME} diagnostics now:\n${vscode.languages
            .getDiagnostics()
            .filter(([u]) => u.scheme === MSI_SCHEME)
            .flatMap(([u, list]) => list.map((d) => `  ${u.toString()} ${ruleOf(d)}: ${d.message}`))
            .join('\n')}`,
      },
    );
    assert.equal(ice80.severity, vscode.DiagnosticSeverity.Error);
    assert.match(ice80.message, /Component 'Legacy32' is 32-bit .* under the 64-bit ProgramFiles64Folder/);
    assert.deepEqual(
      problems().map((d) => ruleOf(d)),
      ['ice80'],
      'the package has one problem',
    );
  }),
];
