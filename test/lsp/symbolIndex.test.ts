// The project's symbol index without a server: formatted text and conditions link a folder's path and a property to their definitions.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolIndex } from '../../server/src/lsp/navigation';
import { applyEdits } from '../../server/src/fixes/fix';
import { LineIndex } from '../../server/src/wix/lineIndex';
import { STANDARD_FOLDERS } from '../../server/src/wix/vocabulary';
import { parseXml } from '../../server/src/wix/xml';

const TEXT = `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Package Name="Demo" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">
    <Property Id="MODE" Value="full" />
    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <Component Condition="MODE = &quot;full&quot;">
          <RegistryValue Root="HKLM" Key="Software\\Acme" Name="Path" Value="[INSTALLFOLDER];[MODE]" />
        </Component>
      </Directory>
    </StandardDirectory>
  </Package>
</Wix>
`;

const lines = new LineIndex(TEXT);
const position = (needle: string, skip = 1): { line: number; character: number } => lines.positionAt(TEXT.indexOf(needle) + skip);

describe('SymbolIndex and formatted text', () => {
  const index = new SymbolIndex();
  index.update([{ file: '/p/Package.wxs', uri: 'file:///p/Package.wxs', text: TEXT }]);

  it('goes from [INSTALLFOLDER] to the folder and from [MODE] to the property', () => {
    const target = (needle: string): string[] =>
      index.definition('/p/Package.wxs', position(needle)).map((l) => TEXT.slice(lines.offsetAt(l.range.start) - 4, lines.offsetAt(l.range.end) + 1));
    assert.deepEqual(target('[INSTALLFOLDER]'), ['Id="INSTALLFOLDER"']);
    assert.deepEqual(target('[MODE]'), ['Id="MODE"']);
  });

  it('finds a property where formatted text and conditions use it', () => {
    const refs = index.references('/p/Package.wxs', position('"MODE"'), false);
    assert.deepEqual(
      refs.map((r) => [r.range.start.line, TEXT.slice(lines.offsetAt(r.range.start) - 1, lines.offsetAt(r.range.end) + 1)]),
      [
        [5, '"MODE '],
        [6, '[MODE]'],
      ],
    );
  });

  it("counts a folder's path in formatted text among its references, and renames it there too", () => {
    const refs = index.references('/p/Package.wxs', position('"INSTALLFOLDER"'), false);
    assert.deepEqual(
      refs.map((r) => r.range.start.line),
      [6],
    );
    const edit = index.rename('/p/Package.wxs', position('"INSTALLFOLDER"'), 'APPDIR');
    assert.ok(typeof edit !== 'string');
    const changes = edit.changes!['file:///p/Package.wxs']!.map((c) => ({
      start: lines.offsetAt(c.range.start),
      end: lines.offsetAt(c.range.end),
      newText: c.newText,
    }));
    const renamed = applyEdits(TEXT, changes);
    assert.equal(
      renamed,
      TEXT.replace('<Directory Id="INSTALLFOLDER" Name="Demo">', '<Directory Id="APPDIR" Name="Demo">').replace(
        'Value="[INSTALLFOLDER];[MODE]"',
        'Value="[APPDIR];[MODE]"',
      ),
    );
  });
});

describe('SymbolIndex: the standard folders keep their names', () => {
  const folders = Object.keys(STANDARD_FOLDERS);
  const wix4 = (id: string): string => `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Package Name="Demo" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">
    <StandardDirectory Id="${id}">
      <Directory Id="INSTALLFOLDER" Name="Demo" />
    </StandardDirectory>
  </Package>
</Wix>
`;

  it('knows every folder Windows Installer and WiX fix, WindowsVolume and PerUserProgramFilesFolder among them', () => {
    assert.equal(folders.length, 32);
    for (const id of ['TARGETDIR', 'WindowsVolume', 'PerUserProgramFilesFolder', 'ProgramFiles6432Folder', 'AdminToolsFolder', 'System16Folder']) {
      assert.ok(folders.includes(id), id);
    }
  });

  for (const id of folders) {
    it(`refuses to rename ${id}, and to rename a directory to ${id}`, () => {
      const text = wix4(id);
      const index = new SymbolIndex();
      index.update([{ file: '/p/Package.wxs', uri: 'file:///p/Package.wxs', text }]);
      const at = new LineIndex(text);
      const from = at.positionAt(text.indexOf(`"${id}"`) + 1);
      assert.equal(index.prepareRename('/p/Package.wxs', from), undefined);
      assert.equal(index.rename('/p/Package.wxs', from, 'Mine'), `'${id}' is a Windows Installer standard folder: its name is fixed.`);
      const to = at.positionAt(text.indexOf('"INSTALLFOLDER"') + 1);
      assert.deepEqual(index.prepareRename('/p/Package.wxs', to)?.placeholder, 'INSTALLFOLDER');
      assert.equal(
        index.rename('/p/Package.wxs', to, id),
        `'${id}' is a Windows Installer standard folder: a directory of the project cannot take its name. Pick a name of its own.`,
      );
    });
  }
});

describe('SymbolIndex: highlights and include links', () => {
  const product = `<?xml version="1.0"?>
<?include Config.wxi ?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <?include "sub/Defines.wxi"?>
  <?include $(var.Generated).wxi ?>
  <?include Missing.wxi ?>
  <Fragment>
    <Property Id="MODE" Value="x" />
    <CustomAction Id="SetMode" Property="MODE" Value="[MODE]y" />
  </Fragment>
</Wix>
`;
  const index = new SymbolIndex();
  index.update([{ file: '/p/Product.wxs', uri: 'file:///p/Product.wxs', text: product }]);
  const lines2 = new LineIndex(product);

  it('highlights the definition as written and the references as read, in this file', () => {
    const at = lines2.positionAt(product.indexOf('"MODE"') + 2);
    assert.deepEqual(
      index
        .highlights('/p/Product.wxs', at)
        .map((h) => [h.kind, product.slice(lines2.offsetAt(h.range.start) - 1, lines2.offsetAt(h.range.end) + 1)]),
      [
        [3, '"MODE"'],
        [2, '"MODE"'],
        [2, '[MODE]'],
      ],
    );
  });

  it('links the include file names that resolve, beside the file first, then on the include paths', () => {
    const existing = new Set(['/p/Config.wxi', '/inc/sub/Defines.wxi']);
    const links = index.includeLinks('/p/Product.wxs', ['/inc'], (p) => existing.has(p));
    assert.deepEqual(
      links.map((l) => [product.slice(lines2.offsetAt(l.range.start), lines2.offsetAt(l.range.end)), l.target]),
      [
        ['Config.wxi', 'file:///p/Config.wxi'],
        ['sub/Defines.wxi', 'file:///inc/sub/Defines.wxi'],
      ],
    );
  });
});

describe('SymbolIndex: completion while a document is typed in', () => {
  const COMPONENTS_FILE = `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Fragment>
    <ComponentGroup Id="Tools" Directory="INSTALLFOLDER">
      <Component Id="ToolA"><File Source="a.exe" /></Component>
    </ComponentGroup>
  </Fragment>
</Wix>
`;
  const files = (packageText: string) => [
    { file: '/p/Package.wxs', uri: 'file:///p/Package.wxs', text: packageText },
    { file: '/p/Components.wxs', uri: 'file:///p/Components.wxs', text: COMPONENTS_FILE },
  ];

  it('answers from the text around the cursor without parsing the edited document again', () => {
    const parsed: string[] = [];
    const index = new SymbolIndex((file, text) => {
      parsed.push(file);
      return parseXml(file, text);
    });
    index.update(files(TEXT));
    assert.deepEqual(parsed, ['/p/Package.wxs', '/p/Components.wxs']);

    // The user types a reference (and a component of its own, not yet indexed): the package is deferred, not parsed.
    const typed = TEXT.replace('<Property Id="MODE" Value="full" />', '<Component Id="Typed" />\n    <ComponentRef Id="To');
    assert.equal(index.update(files(typed), '/p/Package.wxs'), true);
    assert.deepEqual(parsed, ['/p/Package.wxs', '/p/Components.wxs']);

    const document = TextDocument.create('file:///p/Package.wxs', 'wxs', 2, typed);
    const cursor = document.positionAt(typed.indexOf('Id="To') + 'Id="To'.length);
    const items = index.completion('/p/Package.wxs', document, cursor);
    assert.deepEqual(
      items.map((i) => [i.label, i.detail, i.textEdit]),
      [['ToolA', 'Component in Components.wxs', { range: { start: { line: 3, character: 22 }, end: cursor }, newText: 'ToolA' }]],
    );
    assert.deepEqual(parsed, ['/p/Package.wxs', '/p/Components.wxs']);

    // Any other request brings the document up to date: its new component is then offered too.
    assert.equal(index.update(files(typed)), false);
    assert.deepEqual(parsed, ['/p/Package.wxs', '/p/Components.wxs', '/p/Package.wxs']);
  });

  it('parses a deferred document the index has never seen', () => {
    const parsed: string[] = [];
    const index = new SymbolIndex((file, text) => {
      parsed.push(file);
      return parseXml(file, text);
    });
    assert.equal(index.update(files(TEXT), '/p/Package.wxs'), false);
    assert.deepEqual(parsed, ['/p/Package.wxs', '/p/Components.wxs']);
  });
});
