// The project's symbol index without a server: formatted text and conditions link a folder's path and a property to their definitions.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { SymbolIndex } from '../../server/src/lsp/navigation';
import { applyEdits } from '../../server/src/fixes/fix';
import { LineIndex } from '../../server/src/engine/lineIndex';

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
    assert.deepEqual(refs.map((r) => [r.range.start.line, TEXT.slice(lines.offsetAt(r.range.start) - 1, lines.offsetAt(r.range.end) + 1)]), [
      [5, '"MODE '],
      [6, '[MODE]'],
    ]);
  });

  it("counts a folder's path in formatted text among its references, and renames it there too", () => {
    const refs = index.references('/p/Package.wxs', position('"INSTALLFOLDER"'), false);
    assert.deepEqual(refs.map((r) => r.range.start.line), [6]);
    const edit = index.rename('/p/Package.wxs', position('"INSTALLFOLDER"'), 'APPDIR');
    assert.ok(typeof edit !== 'string');
    const changes = edit.changes!['file:///p/Package.wxs']!.map((c) => ({ start: lines.offsetAt(c.range.start), end: lines.offsetAt(c.range.end), newText: c.newText }));
    const renamed = applyEdits(TEXT, changes);
    assert.ok(renamed.includes('<Directory Id="APPDIR" Name="Demo">') && renamed.includes('Value="[APPDIR];[MODE]"'), renamed);
  });
});
