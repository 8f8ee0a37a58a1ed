// Test helper: msiinfo (msitools), an independent reader of packages, and what the cross-checks against it share.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import type { SummaryInfo } from '../../server/src/msi/database';
import { encodeText } from './builder';

/** msiinfo's pseudo-tables: views over the summary stream and the pool's code page, not tables of _Tables. */
export const PSEUDO_TABLES = new Set(['_SummaryInformation', '_ForceCodepage']);

/** msiinfo suminfo labels, by SummaryInfo field; it prints no code page, and edit time, last printed, thumbnail we skip. */
export const SUMINFO_LABELS: Record<string, keyof Omit<SummaryInfo, 'badValues' | 'codepage'>> = {
  Title: 'title',
  Subject: 'subject',
  Author: 'author',
  Keywords: 'keywords',
  Comments: 'comments',
  Template: 'template',
  'Last author': 'lastSavedBy',
  'Revision number (UUID)': 'revisionNumber',
  Created: 'created',
  'Last saved': 'lastSaved',
  Version: 'pageCount',
  Source: 'wordCount',
  Restrict: 'charCount',
  Application: 'appName',
  Security: 'security',
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Runs msiinfo in `cwd`: exporting a table with binary columns writes the streams as files there. */
export function msiinfo(cwd: string, args: string[]): Buffer {
  return execFileSync('msiinfo', args, { cwd, env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface Idt {
  names: string[];
  types: string[];
  table: string;
  keys: string[];
  rows: string[][];
}

/** IDT as msitools writes it: names, types, "table<TAB>keys...", then rows; CRLF line ends, no escaping. */
export function parseIdt(text: string): Idt {
  const lines = text.split('\r\n');
  assert.equal(lines.pop(), '', 'IDT ends with CRLF');
  const [names, types, header, ...rows] = lines;
  const [table, ...keys] = header!.split('\t');
  return { names: names!.split('\t'), types: types!.split('\t'), table: table!, keys, rows: rows.map((r) => r.split('\t')) };
}

/**
 * Compares every summary field msiinfo prints with ours, and checks that msiinfo prints every field we have (but the
 * code page). msiinfo prints summary strings as their raw bytes, so ours are compared re-encoded in the declared code
 * page. Returns how many fields were compared.
 */
export function compareSummary(cwd: string, file: string, summary: Omit<SummaryInfo, 'badValues'>): number {
  const seen = new Set<string>();
  for (const line of msiinfo(cwd, ['suminfo', file]).toString('latin1').split('\n')) {
    const colon = line.indexOf(': ');
    if (colon < 0) continue;
    const field = SUMINFO_LABELS[line.slice(0, colon)];
    if (field === undefined) continue;
    const raw = Buffer.from(line.slice(colon + 2), 'latin1');
    const ours = summary[field];
    seen.add(field);
    if (ours instanceof Date) {
      const m = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})$/.exec(raw.toString('latin1'));
      assert.ok(m, `${field}: ${raw.toString('latin1')}`);
      const theirs = Date.UTC(Number(m[6]), MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
      assert.equal(Math.floor(ours.getTime() / 1000) * 1000, theirs, field);
    } else if (typeof ours === 'number') {
      assert.equal(ours, Number(/^(-?\d+) \(/.exec(raw.toString('latin1'))?.[1]), field);
    } else {
      assert.ok(typeof ours === 'string', `${field} missing`);
      assert.deepEqual(Buffer.from(encodeText(ours, summary.codepage ?? 1252)), raw, field);
    }
  }
  for (const key of Object.keys(summary)) {
    if (key !== 'badValues' && key !== 'codepage') assert.ok(seen.has(key), `msiinfo does not print ${key}`);
  }
  return seen.size;
}
