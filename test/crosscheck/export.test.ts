// IDT export against msiinfo's export of the same package, byte for byte.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { bytesSource } from '../../server/src/msi/byteSource';
import { openMsi } from '../../server/src/msi/database';
import { tableToIdt } from '../../server/src/msi/export';
import { buildMsi, type BuilderTable } from '../msi/builder';
import { missing } from '../tools';

// msiinfo writes tab, CR and LF raw (Windows' MsiDatabaseExport escapes them), so the cross-check keeps to other characters.
const CROSS_CHECK: BuilderTable[] = [
  {
    name: 'Property',
    columns: [
      { name: 'Property', type: 's72', key: true },
      { name: 'Value', type: 'l0' },
    ],
    rows: [
      ['ProductName', 'Widget, "Deluxe"'],
      ['Manufacturer', 'Café <script>'],
    ],
  },
  {
    name: 'Pair',
    columns: [
      { name: 'Name', type: 's72', key: true },
      { name: 'Seq', type: 'i2', key: true },
      { name: 'Size', type: 'I4' },
      { name: 'Note', type: 'S255' },
    ],
    rows: [
      ['a', 1, null, null],
      ['b', -2, 70000, 'x'],
    ],
  },
  {
    name: 'Binary',
    columns: [
      { name: 'Name', type: 's72', key: true },
      { name: 'Data', type: 'v0' },
    ],
    rows: [['Icon', Uint8Array.of(1, 2, 3)]],
  },
];

describe('tableToIdt against msiinfo export', { skip: missing('msiinfo') }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-export-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bytes = buildMsi({ summary: { template: 'Intel;1033' }, tables: CROSS_CHECK });
  const file = path.join(dir, 'cross.msi');
  fs.writeFileSync(file, bytes);
  const msi = openMsi(bytesSource(bytes));

  for (const name of CROSS_CHECK.map((t) => t.name)) {
    it(`matches msiinfo byte for byte on ${name}`, () => {
      const run = spawnSync('msiinfo', ['export', file, name], { cwd: dir });
      assert.equal(run.status, 0, run.stderr.toString());
      const table = msi.table(name);
      assert.ok(table);
      assert.equal(tableToIdt(table), run.stdout.toString('utf8'));
    });
  }
});
