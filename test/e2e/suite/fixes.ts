// Quick fixes and the split refactor as the editor runs them: code actions from the provider, their edits applied, the problems gone.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { describeDiagnostics, openDocuments, rangeText, ruleOf, until, wixlintDiagnostics, workspaceUri } from './editor';
import { test } from './runner';

/** The code actions the editor would offer at a range, resolved, as the light bulb gets them. */
async function codeActions(uri: vscode.Uri, range: vscode.Range, kind: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind,
    10,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

/** Runs a code action as VS Code does: its edit first, then its command. */
async function runCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `the edit of '${action.title}' applies`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

function pick(actions: readonly vscode.CodeAction[], title: string): vscode.CodeAction {
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `a code action '${title}' among ${JSON.stringify(actions.map((a) => a.title))}`);
  return action;
}

async function readText(uri: vscode.Uri): Promise<string> {
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

export const fixesTests = [
  test('the ice80 quick fix sets Bitness="always32" on the v4 component, the diagnostic clears, and comes back on revert', async () => {
    const uri = workspaceUri('examples/v4/Components.wxs');
    const [doc] = await openDocuments(uri);
    const isDirectoryProblem = (d: vscode.Diagnostic): boolean => ruleOf(d) === 'ice80' && rangeText(d.range) === '13:7-13:16';
    const diagnostic = await until('the ice80 diagnostic on DiagHelper64', () => wixlintDiagnostics(uri).find(isDirectoryProblem), {
      state: () => describeDiagnostics([uri]),
    });

    const action = pick(await codeActions(uri, diagnostic.range, 'quickfix'), 'Set Bitness="always32" to match the 32-bit ProgramFilesFolder');
    assert.equal(action.kind?.value, 'quickfix');
    await runCodeAction(action);

    assert.equal(doc!.lineAt(13).text, '      <Component Id="DiagHelper64" Bitness="always32">');
    assert.equal(doc!.getText(new vscode.Range(13, 44, 13, 52)), 'always32');
    await until('the ice80 diagnostics on DiagHelper64 to clear', () => !wixlintDiagnostics(uri).some((d) => ruleOf(d) === 'ice80'), {
      state: () => describeDiagnostics([uri]),
    });

    // Back to the file on disk for the tests after this one.
    await vscode.window.showTextDocument(doc!, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc!.isDirty, false);
    await until('the ice80 diagnostic to come back after revert', () => wixlintDiagnostics(uri).some(isDirectoryProblem), {
      state: () => describeDiagnostics([uri]),
    });
  }),

  test('"Split into per-ISA packages (single source) and add a Burn bundle" rewrites the v3 sources, creates Bundle.wxs, and the problems clear', async () => {
    const product = workspaceUri('examples/v3/Product.wxs');
    const components = workspaceUri('examples/v3/Components.wxs');
    const bundle = workspaceUri('examples/v3/Bundle.wxs');
    assert.equal(fs.existsSync(bundle.fsPath), false, 'no Bundle.wxs before the split');
    // The refactor edits what it can see: both sources open, as in the editor when you look at them.
    await openDocuments(product, components);
    const diagnostic = await until(
      'the isa-mixing diagnostic on Product.wxs',
      () => wixlintDiagnostics(product).find((d) => ruleOf(d) === 'isa-mixing'),
      {
        state: () => describeDiagnostics([product]),
      },
    );

    const refactors = await codeActions(product, diagnostic.range, 'refactor.rewrite');
    assert.deepEqual(
      refactors.map((a) => a.title),
      [
        'Split into per-ISA packages (single source per platform)',
        'Split into per-ISA packages (single source) and add a Burn bundle',
        'Split into one .wxs per ISA',
        'Split into one .wxs per ISA and add a Burn bundle',
      ],
    );
    assert.deepEqual(
      (await codeActions(product, diagnostic.range, 'quickfix')).filter((a) => a.title.startsWith('Split')),
      [],
      'the split is no quick fix',
    );
    const action = pick(refactors, 'Split into per-ISA packages (single source) and add a Burn bundle');
    assert.equal(action.kind?.value, 'refactor.rewrite');
    await runCodeAction(action);

    assert.ok(fs.existsSync(bundle.fsPath), 'Bundle.wxs exists on disk');
    const bundleText = await readText(bundle);
    // Its header says how to build it, after the packages; Product.wxs's header gives their commands.
    assert.ok(
      bundleText.startsWith(
        '<?xml version="1.0" encoding="utf-8"?>\n<!--\n  Installs Product-x86.msi on 32-bit Windows and Product-x64.msi on 64-bit Windows.\n' +
          '  Build both packages first (the commands are in the header of Product.wxs), then: ' +
          'candle -ext WixBalExtension Bundle.wxs && light -ext WixBalExtension -out Bundle.exe Bundle.wixobj\n-->\n' +
          '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">\n  <?include Config.wxi ?>\n',
      ),
      bundleText,
    );
    // The UpgradeCode is derived from the product's, which Config.wxi (closed, on disk) defines: every hex digit
    // of {795310D6-A98A-4662-A7E6-176252D81237} complemented.
    assert.match(
      bundleText,
      /<Bundle Name="\$\(var\.ProductName\)" Version="\$\(var\.ProductVersion\)" Manufacturer="\$\(var\.Manufacturer\)" UpgradeCode="\{86ACEF29-5675-B99D-5819-E89DAD27EDC8\}">/,
    );
    assert.match(
      bundleText,
      / {6}<MsiPackage SourceFile="Product-x86\.msi" InstallCondition="NOT VersionNT64" \/>\n {6}<MsiPackage SourceFile="Product-x64\.msi" InstallCondition="VersionNT64" \/>/,
    );
    const productText = await readText(product);
    assert.ok(
      productText.includes(
        '  Build: candle -arch x86 Product.wxs Components.wxs && light -out Product-x86.msi Product.wixobj Components.wixobj\n' +
          '    and: candle -arch x64 Product.wxs Components.wxs && light -out Product-x64.msi Product.wixobj Components.wixobj\n-->',
      ),
      `Product.wxs's header gives the two builds the bundle chains:\n${productText}`,
    );
    assert.ok(
      productText.includes(
        '<?if $(sys.BUILDARCH) = x64 ?>\n  <?define Win64 = "yes" ?>\n  <?define PlatformProgramFilesFolder = "ProgramFiles64Folder" ?>\n<?else?>',
      ),
      `Product.wxs defines the per-platform variables:\n${productText}`,
    );
    assert.ok(
      productText.includes('<Directory Id="$(var.PlatformProgramFilesFolder)">'),
      `Product.wxs installs under the platform's Program Files:\n${productText}`,
    );
    const componentsText = await readText(components);
    assert.ok(
      componentsText.includes('$(var.ShellExtGuid)') && componentsText.includes('$(var.ShellExtFileSource)'),
      `Components.wxs is single-source:\n${componentsText}`,
    );
    assert.ok(!componentsText.includes('<Component Id="ShellExt64"'), `the 64-bit twin is gone from Components.wxs:\n${componentsText}`);

    // The action ends by showing the new file: its text is an unsaved edit, so it must not be left unseen, and Save All
    // (which saves what editors show) saves it with the rest.
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), bundle.toString(), 'the new Bundle.wxs is the active editor');
    await vscode.workspace.saveAll(false);
    assert.equal((await vscode.workspace.openTextDocument(bundle)).isDirty, false, 'Save All saved the new Bundle.wxs');
    // The sources the test opened as documents only (not in editors) save themselves.
    for (const uri of [product, components]) assert.ok(await (await vscode.workspace.openTextDocument(uri)).save(), `${uri.fsPath} saves`);
    const split = [product, components, bundle];
    await until('no wixlint diagnostics on the split sources', () => split.every((u) => wixlintDiagnostics(u).length === 0), {
      state: () => describeDiagnostics(split),
    });
    assert.equal(fs.readFileSync(bundle.fsPath, 'utf8'), bundleText);

    // The server lives on after the split: the v4 example's ice80 problem is still reported, and its fix still offered.
    const v4 = workspaceUri('examples/v4/Components.wxs');
    await vscode.workspace.openTextDocument(v4);
    const ice80 = await until(
      'the ice80 diagnostic on DiagHelper64 in examples/v4/Components.wxs',
      () => wixlintDiagnostics(v4).find((d) => ruleOf(d) === 'ice80' && rangeText(d.range) === '13:7-13:16'),
      { state: () => describeDiagnostics([v4]) },
    );
    pick(await codeActions(v4, ice80.range, 'quickfix'), 'Set Bitness="always32" to match the 32-bit ProgramFilesFolder');
  }),
];
