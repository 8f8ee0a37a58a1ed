// Tests for the table exports: exact CSV and IDT text for awkward cells (test/crosscheck/export.test.ts compares with msiinfo).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Table } from '../../server/src/msi/database';
import { tableToCsv, tableToIdt } from '../../server/src/msi/export';

const AWKWARD: Table = {
  name: 'Property',
  columns: [
    { name: 'Property', type: 'string', key: true, nullable: false, localizable: false, width: 72 },
    { name: 'Value', type: 'string', key: false, nullable: true, localizable: true, width: 0 },
    { name: 'Order', type: 'i2', key: false, nullable: true, localizable: false, width: 2 },
    { name: 'Data', type: 'binary', key: false, nullable: true, localizable: false, width: 0 },
  ],
  rows: [
    ['Comma', 'a,b', 1, null],
    ['Quote', 'say "hi"', -2, 'Property.Quote'],
    ['Lines', 'one\r\ntwo\nthree', null, null],
    ['Tab', 'x\ty', 70000, null],
    ['Script', '<script>alert(1)</script>', 0, null],
    ['Empty', null, null, null],
    ['Formula', '=HYPERLINK("http://x","y")', -1, null],
    ['Plus', "+cmd|' /C calc'!A0", null, null],
    ['Minus', '-2+3', null, null],
    ['At', '@SUM(1)', null, null],
    ['TabFirst', '\t=1', null, null],
    ['CrFirst', '\r=1', null, null],
  ],
};

describe('tableToCsv', () => {
  it('writes RFC 4180 with CRLF, quoting only the fields that need it', () => {
    assert.equal(
      tableToCsv(AWKWARD),
      [
        'Property,Value,Order,Data',
        'Comma,"a,b",1,',
        'Quote,"say ""hi""",-2,Property.Quote',
        'Lines,"one\r\ntwo\nthree",,',
        'Tab,x\ty,70000,',
        'Script,<script>alert(1)</script>,0,',
        'Empty,,,',
        // Text that a spreadsheet would run as a formula is prefixed with a quote; integers stay numbers.
        `Formula,"'=HYPERLINK(""http://x"",""y"")",-1,`,
        "Plus,'+cmd|' /C calc'!A0,,",
        "Minus,'-2+3,,",
        "At,'@SUM(1),,",
        "TabFirst,'\t=1,,",
        `CrFirst,"'\r=1",,`,
        '',
      ].join('\r\n'),
    );
  });

  it('writes only the header for an empty table', () => {
    assert.equal(tableToCsv({ columns: AWKWARD.columns, rows: [] }), 'Property,Value,Order,Data\r\n');
  });
});

describe('tableToIdt', () => {
  it('writes names, type codes, table and keys, then rows with tab, CR and LF escaped', () => {
    assert.equal(
      tableToIdt(AWKWARD),
      [
        'Property\tValue\tOrder\tData',
        's72\tL0\tI2\tV0',
        'Property\tProperty',
        'Comma\ta,b\t1\t',
        'Quote\tsay "hi"\t-2\tProperty.Quote',
        'Lines\tone\x11\x19two\x19three\t\t',
        'Tab\tx\x10y\t70000\t',
        'Script\t<script>alert(1)</script>\t0\t',
        'Empty\t\t\t',
        // The IDT is what Windows Installer imports: exact, no formula prefix.
        'Formula\t=HYPERLINK("http://x","y")\t-1\t',
        "Plus\t+cmd|' /C calc'!A0\t\t",
        'Minus\t-2+3\t\t',
        'At\t@SUM(1)\t\t',
        'TabFirst\t\x10=1\t\t',
        'CrFirst\t\x11=1\t\t',
        '',
      ].join('\r\n'),
    );
  });

  it('lists every key column on the third line', () => {
    const table: Table = {
      name: 'Pair',
      columns: [
        { name: 'A', type: 'string', key: true, nullable: false, localizable: false, width: 72 },
        { name: 'B', type: 'i4', key: true, nullable: false, localizable: false, width: 4 },
      ],
      rows: [['k', 5]],
    };
    assert.equal(tableToIdt(table), 'A\tB\r\ns72\ti4\r\nPair\tA\tB\r\nk\t5\r\n');
  });
});
