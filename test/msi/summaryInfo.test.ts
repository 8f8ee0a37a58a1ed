// Tests for the summary information property set: every property type round-tripped, wrong types, code pages, damage.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { MsiFormatError } from '../../server/src/msi/errors';
import { parseSummaryInfo, PID } from '../../server/src/msi/summaryInfo';
import { encodeSummaryInfo, type SummarySpec } from './builder';

const FULL: SummarySpec = {
  codepage: 1252,
  title: 'Installation Database',
  subject: 'Acme Widget',
  author: 'Acme Ltd',
  keywords: 'Installer,MSI',
  comments: 'This installer database contains the logic and data required to install Acme Widget.',
  template: 'x64;1033',
  lastSavedBy: 'x64;1033',
  revisionNumber: '{0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0}',
  created: new Date(Date.UTC(2024, 4, 17, 9, 30, 15, 250)),
  lastSaved: new Date(Date.UTC(2025, 0, 1, 0, 0, 0)),
  pageCount: 500,
  wordCount: 2,
  charCount: 0,
  appName: 'Windows Installer XML Toolset (3.14.1.8722)',
  security: 2,
};

function corruptWith(pattern: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof MsiFormatError && e.kind === 'corrupt-database' && pattern.test(e.message);
}

describe('summary information round trip', () => {
  it('reads back every property, of every type', () => {
    const { summary, warnings } = parseSummaryInfo(encodeSummaryInfo(FULL));
    assert.deepEqual(summary, { ...FULL, badValues: [] });
    assert.deepEqual(warnings, []);
  });

  it('keeps FILETIME precision to the millisecond, including dates before 1970', () => {
    const old = new Date(Date.UTC(1601, 0, 1, 0, 0, 0, 1));
    const { summary } = parseSummaryInfo(encodeSummaryInfo({ created: old, lastSaved: new Date(Date.UTC(2999, 11, 31, 23, 59, 59, 999)) }));
    assert.equal(summary.created?.toISOString(), '1601-01-01T00:00:00.001Z');
    assert.equal(summary.lastSaved?.toISOString(), '2999-12-31T23:59:59.999Z');
  });

  it('decodes strings with the Windows-1252 code page, 0x80-0x9F included', () => {
    const { summary } = parseSummaryInfo(encodeSummaryInfo({ codepage: 1252, author: 'Café € “Ltd” – Œuvre™' }));
    assert.equal(summary.author, 'Café € “Ltd” – Œuvre™');
  });

  it('decodes strings as UTF-8 under code page 65001, stored as a negative VT_I2', () => {
    const bytes = encodeSummaryInfo({ codepage: 65001, subject: 'Ünïcödé ✓ 日本' });
    const { summary } = parseSummaryInfo(bytes);
    assert.equal(summary.codepage, 65001);
    assert.equal(summary.subject, 'Ünïcödé ✓ 日本');
  });

  it('reads strings as Windows-1252 when there is no code page property', () => {
    const bytes = encodeSummaryInfo({ codepage: 1252, title: '€' });
    // Drop PID 1 by renaming it to an unknown id: the value stays where it was.
    const view = new DataView(bytes.buffer);
    assert.equal(view.getUint32(48 + 8, true), PID.codepage);
    view.setUint32(48 + 8, 1000, true);
    const { summary } = parseSummaryInfo(bytes);
    assert.equal(summary.codepage, undefined);
    assert.equal(summary.title, '€');
  });

  it('accepts integers written as VT_I2 or VT_I4', () => {
    const { summary } = parseSummaryInfo(
      encodeSummaryInfo({
        raw: [
          { pid: PID.pageCount, type: 'i2', value: 200 },
          { pid: PID.security, type: 'i2', value: -1 },
        ],
      }),
    );
    assert.equal(summary.pageCount, 200);
    assert.equal(summary.security, -1);
    assert.deepEqual(summary.badValues, []);
  });

  it('ignores properties it does not know (edit time, last printed, thumbnail)', () => {
    const { summary, warnings } = parseSummaryInfo(
      encodeSummaryInfo({
        raw: [
          { pid: 10, type: 'filetime', value: new Date(0) },
          { pid: 11, type: 'filetime', value: new Date(0) },
          { pid: 17, type: 'i4', value: 1 },
        ],
      }),
    );
    assert.deepEqual(summary, { badValues: [] });
    assert.deepEqual(warnings, []);
  });
});

describe('summary information with wrong types', () => {
  it('puts a Template that is not a string and a PageCount that is not an integer into badValues', () => {
    const { summary } = parseSummaryInfo(
      encodeSummaryInfo({
        ...FULL,
        raw: [
          { pid: PID.template, type: 'i4', value: 1033 },
          { pid: PID.pageCount, type: 'lpstr', value: '200' },
        ],
      }),
    );
    assert.deepEqual(summary.badValues, [PID.template, PID.pageCount]);
    assert.equal(summary.template, undefined);
    assert.equal(summary.pageCount, undefined);
    assert.equal(summary.title, FULL.title);
  });

  it('flags dates that are not FILETIMEs and a code page that is not an integer', () => {
    const { summary } = parseSummaryInfo(
      encodeSummaryInfo({
        title: '€',
        raw: [
          { pid: PID.created, type: 'lpstr', value: '2024/01/01' },
          { pid: PID.lastSaved, type: 'i4', value: 5 },
          { pid: PID.codepage, type: 'lpstr', value: '1252' },
        ],
      }),
    );
    assert.deepEqual(summary.badValues, [PID.codepage, PID.created, PID.lastSaved]);
    assert.equal(summary.created, undefined);
    assert.equal(summary.codepage, undefined);
    assert.equal(summary.title, '€', 'strings fall back to Windows-1252');
  });

  it('flags a string property written as an integer or a FILETIME', () => {
    const { summary } = parseSummaryInfo(
      encodeSummaryInfo({
        raw: [
          { pid: PID.revisionNumber, type: 'i2', value: 1 },
          { pid: PID.appName, type: 'filetime', value: new Date(0) },
        ],
      }),
    );
    assert.deepEqual(summary.badValues, [PID.revisionNumber, PID.appName]);
  });
});

describe('damaged summary information', () => {
  const good = encodeSummaryInfo(FULL);

  it('rejects a stream shorter than the header, or without the byte order mark', () => {
    assert.throws(() => parseSummaryInfo(good.subarray(0, 20)), corruptWith(/shorter than the 28-byte property set header/));
    const bad = Uint8Array.from(good);
    bad[0] = 0;
    assert.throws(() => parseSummaryInfo(bad), corruptWith(/not the property set byte order mark/));
  });

  it('rejects a property set without the summary information FMTID', () => {
    const bad = Uint8Array.from(good);
    bad[28] = bad[28]! ^ 0xff;
    assert.throws(() => parseSummaryInfo(bad), corruptWith(/no section with the summary information format id/));
  });

  it('rejects a section offset past the end', () => {
    const bad = Uint8Array.from(good);
    new DataView(bad.buffer).setUint32(44, 1_000_000, true);
    assert.throws(() => parseSummaryInfo(bad), corruptWith(/section starts at byte 1000000/));
  });

  it('bounds a huge section count by the stream size', () => {
    const bad = Uint8Array.from(good);
    new DataView(bad.buffer).setUint32(24, 0xffffffff, true);
    assert.equal(parseSummaryInfo(bad).summary.title, FULL.title);
  });

  it('bounds a huge property count by the section size, with a warning', () => {
    const bad = Uint8Array.from(good);
    new DataView(bad.buffer).setUint32(48 + 4, 0x7fffffff, true);
    const { warnings } = parseSummaryInfo(bad);
    assert.match(warnings.join('\n'), /lists 2147483647 properties, but has room for/);
  });

  it('ignores a property whose offset points outside its section', () => {
    const bad = Uint8Array.from(good);
    new DataView(bad.buffer).setUint32(48 + 8 + 8 + 4, 0xfffffff0, true); // second property: Title
    const { summary, warnings } = parseSummaryInfo(bad);
    assert.equal(summary.title, undefined);
    assert.equal(summary.subject, FULL.subject);
    assert.match(warnings.join('\n'), /Summary property 2 points past the end of its section/);
  });

  it('truncates a string whose length runs past the section, with a warning', () => {
    const bytes = encodeSummaryInfo({ codepage: 1252, title: 'Hello' });
    const view = new DataView(bytes.buffer);
    const titleAt = 48 + view.getUint32(48 + 8 + 8 + 4, true);
    view.setUint32(titleAt + 4, 0x7fffffff, true);
    const { summary, warnings } = parseSummaryInfo(bytes);
    assert.equal(summary.title, 'Hello');
    assert.match(warnings.join('\n'), /declares 2147483647 bytes of text, but only \d+ are present/);
  });

  it('warns when the section claims more bytes than the stream has', () => {
    const { summary, warnings } = parseSummaryInfo(good.subarray(0, good.length - 3));
    assert.match(warnings.join('\n'), /claims \d+ bytes, but only \d+ are present/);
    assert.equal(summary.title, FULL.title);
  });
});
