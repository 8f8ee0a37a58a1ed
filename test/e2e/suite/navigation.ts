// Navigation in the editor: definition across files, references, hover and completion through VS Code's own commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDocuments, workspaceUri } from './editor';
import { test } from './runner';

export const navigationTests = [
  test('definition, references, rename, hover, outline, completion, highlights and include links work on the examples', async () => {
    const packageUri = workspaceUri('examples/v4/Package.wxs');
    const componentsUri = workspaceUri('examples/v4/Components.wxs');
    const [document] = await openDocuments(packageUri);
    const ref = document!.positionAt(document!.getText().indexOf('FabrikamToolsComponents') + 3);

    const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      packageUri,
      ref,
    );
    assert.deepEqual(
      definitions.map((d) => ('uri' in d ? [d.uri.toString(), d.range.start.line, d.range.start.character] : [])),
      [[componentsUri.toString(), 3, 24]],
    );

    const folder = document!.positionAt(document!.getText().indexOf('"INSTALLFOLDER"') + 2);
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', packageUri, folder);
    assert.deepEqual(
      // VS Code orders them by file.
      references.map((r) => [vscode.workspace.asRelativePath(r.uri), r.range.start.line]),
      [
        ['examples/v4/Components.wxs', 3],
        ['examples/v4/Package.wxs', 26],
      ],
    );

    const rename = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      packageUri,
      folder,
      'APPFOLDER',
    );
    assert.deepEqual(
      rename
        .entries()
        .map(([uri, edits]) => [vscode.workspace.asRelativePath(uri), edits.map((e) => [e.range.start.line, e.newText])])
        .sort(),
      [
        ['examples/v4/Components.wxs', [[3, 'APPFOLDER']]],
        ['examples/v4/Package.wxs', [[26, 'APPFOLDER']]],
      ],
    );

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', packageUri, ref);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.includes('**ComponentGroup** `FabrikamToolsComponents`') && text.includes('Defined in `Components.wxs` line 4'), text);

    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', packageUri);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children.map((c) => c.name)]),
      [['Fabrikam Tools', ['FABRIKAMLICENSEDIR', 'ProgramFiles6432Folder', 'Main']]],
    );

    // Completion inside a new reference's value.
    const editor = await vscode.window.showTextDocument(document!);
    const original = document!.getText();
    assert.equal(document!.isDirty, false);
    const insertAt = document!.positionAt(document!.getText().indexOf('<ComponentGroupRef'));
    assert.ok(await editor.edit((e) => e.insert(insertAt, '<ComponentGroupRef Id="" />\n      ')));
    const inside = insertAt.translate(0, '<ComponentGroupRef Id="'.length);
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', packageUri, inside);
    assert.ok(
      completions.items.some((i) => i.label === 'FabrikamToolsComponents'),
      completions.items.map((i) => String(i.label)).join(' '),
    );
    await vscode.commands.executeCommand('undo');
    assert.equal(document!.getText(), original, 'undo takes the inserted reference out');
    assert.equal(document!.isDirty, false, 'undo leaves Package.wxs as it is on disk');

    // The v3 example includes Config.wxi: its name links to the file, and a highlight marks an id's uses in the file.
    const productUri = workspaceUri('examples/v3/Product.wxs');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', productUri);
    // VS Code links the namespace URL itself; wixlint's are the file links.
    assert.deepEqual(
      links.filter((l) => l.target?.scheme === 'file').map((l) => [vscode.workspace.asRelativePath(l.target!), l.range.start.line]),
      [['examples/v3/Config.wxi', 7]],
    );
    const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', packageUri, folder);
    assert.deepEqual(
      highlights.map((h) => [h.range.start.line, h.kind]),
      [[26, vscode.DocumentHighlightKind.Write]],
    );
  }),
];
