// The MSI inspector's webview in headless Chromium: the real HTML shell, the bundled dist/inspector.js and its style sheet,
// with the extension's side played by the test (acquireVsCodeApi records what the page posts; the test posts the answers).
// Hostile package strings must come out as text, and nothing in them may run.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { contentSecurityPolicy, inspectorHtml } from '../../client/src/inspector/html';
import type { FromWebview, ToWebview } from '../../client/src/inspector/messages';
import type { InspectCell, InspectColumn, InspectOverviewResult, InspectTableResult } from '../../server/src/protocol';
import { CHROMIUM, missing } from '../tools';

// This file runs as out/test/webview/inspector.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM_MISSING = missing('chromium');
const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';

const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=\'img\'">',
  script: '<script>window.__pwned = "script"</script>',
  link: 'javascript:window.__pwned="link"',
  svg: '<svg onload="window.__pwned=\'svg\'"></svg>',
  entity: '&lt;b&gt;not bold&lt;/b&gt; & <b>bold?</b>',
};
const LONG = 'L'.repeat(99_990) + '<img src=x onerror="window.__pwned=\'long\'">';
const LONG_LENGTH = LONG.length.toLocaleString('en-US');

const PROPERTY_COLUMNS: InspectColumn[] = [
  { name: 'Property', type: 's72', key: true, nullable: false },
  { name: 'Value', type: 'l0', key: false, nullable: false },
];
const PROPERTY_ROWS: InspectCell[][] = [
  ['ProductName', HOSTILE.img],
  ['ARPHELPLINK', HOSTILE.link],
  ['Notes', HOSTILE.script],
  ['Svg', HOSTILE.svg],
  ['Entity', HOSTILE.entity],
  ['Long', LONG],
  ['Empty', null],
];

const BIG_ROWS = 50_000;
const BIG_COLUMNS: InspectColumn[] = [
  { name: 'Component', type: 's72', key: true, nullable: false },
  { name: 'Attributes', type: 'i2', key: false, nullable: false },
];
function bigRow(i: number): InspectCell[] {
  return [`Comp${String(i).padStart(5, '0')}`, i % 4];
}

const OVERVIEW: InspectOverviewResult = {
  summary: {
    title: HOSTILE.img,
    subject: HOSTILE.script,
    comments: HOSTILE.link,
    template: 'x64;1033',
    revisionNumber: '{11111111-2222-3333-4444-555555555555}',
    pageCount: 200,
    wordCount: 2,
  },
  platform: { token: 'x64', bitness: 64 },
  tables: [
    { name: 'Property', rows: PROPERTY_ROWS.length },
    { name: 'Component', rows: BIG_ROWS },
    { name: HOSTILE.svg, rows: 0 },
  ],
  streams: [
    { name: HOSTILE.img, size: 12 },
    { name: 'Binary.Icon', size: 1234567 },
    { name: '\u0005SummaryInformation', size: 528 },
  ],
  problems: [
    {
      ruleId: 'ice80',
      severity: 'error',
      message: `Component 'Comp30000' is 64-bit ${HOSTILE.script}`,
      table: 'Component',
      key: 'Comp30000',
      row: 30_000,
    },
    { ruleId: 'isa-mixing', severity: 'warning', message: HOSTILE.img, table: '_SummaryInformation', key: '7', row: null },
  ],
  warnings: [HOSTILE.link],
};

let server: http.Server;
let origin = '';
let browser: Browser;
let page: Page;

/** The page, as the extension would serve it, with the webview origin standing in for the webview's cspSource. */
function servePage(request: http.IncomingMessage, response: http.ServerResponse): void {
  const files: Record<string, [string, string]> = {
    '/inspector.js': [path.join(REPO, 'dist', 'inspector.js'), 'text/javascript'],
    '/inspector.css': [path.join(REPO, 'dist', 'inspector.css'), 'text/css'],
  };
  const file = files[request.url ?? ''];
  if (file) {
    response.writeHead(200, { 'content-type': file[1] });
    response.end(fs.readFileSync(file[0]));
    return;
  }
  if (request.url === '/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(inspectorHtml({ cspSource: origin, scriptUri: `${origin}/inspector.js`, styleUri: `${origin}/inspector.css`, nonce: NONCE }));
    return;
  }
  response.writeHead(404).end();
}

/** What the page posted so far. */
async function sent(): Promise<FromWebview[]> {
  return page.evaluate(() => (window as unknown as { __sent: FromWebview[] }).__sent);
}

/** Waits for the page to post a message matching `match` (beyond the first `skip`), and returns it. */
async function waitForPost<T extends FromWebview>(match: (m: FromWebview) => m is T, skip = 0): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await sent()).slice(skip).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`The page did not post the expected message; it posted ${JSON.stringify(await sent())}`);
    await page.waitForTimeout(20);
  }
}

async function post(message: ToWebview): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

const isPage =
  (table: string, offset?: number) =>
  (m: FromWebview): m is Extract<FromWebview, { type: 'page' }> =>
    m.type === 'page' && m.table === table && (offset === undefined || m.offset === offset);

/** Answers page requests for `table` from `rows`, as the server would (without sorting or filtering). */
async function answer(
  request: Extract<FromWebview, { type: 'page' }>,
  columns: InspectColumn[],
  rows: (i: number) => InspectCell[],
  total: number,
): Promise<void> {
  const result: InspectTableResult = { table: request.table, columns, total, offset: request.offset, rows: [] };
  for (let i = request.offset; i < Math.min(total, request.offset + request.limit); i++) result.rows.push(rows(i));
  await post({ type: 'page', id: request.id, page: result });
}

async function pwned(): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

describe('the inspector webview', { skip: CHROMIUM_MISSING }, () => {
  before(async () => {
    assert.ok(fs.existsSync(path.join(REPO, 'dist', 'inspector.js')), 'dist/inspector.js is built by npm run build before the tests');
    server = http.createServer(servePage);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      const w = window as unknown as { __sent: unknown[]; __state: unknown; acquireVsCodeApi: () => unknown };
      w.__sent = [];
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => w.__sent.push(m),
        getState: () => w.__state,
        setState: (s: unknown) => {
          w.__state = s;
        },
      });
    });
    await page.goto(`${origin}/`);
    await waitForPost((m): m is FromWebview => m.type === 'ready');
    assert.deepEqual(errors, []);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('serves a strict policy: no default sources, scripts only with the nonce, nothing remote', async () => {
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.equal(
      csp,
      `default-src 'none'; style-src ${origin}; img-src ${origin}; font-src ${origin}; script-src 'nonce-${NONCE}'; base-uri 'none'; form-action 'none'`,
    );
    assert.equal(csp, contentSecurityPolicy(origin, NONCE));
    // The policy is in force: a script added without the nonce does not run.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = "inline"';
      document.body.append(s);
      s.remove();
    });
    assert.equal(await pwned(), undefined);
  });

  it('renders the overview with hostile strings as text: summary, platform, problems, streams, warnings, table names', async () => {
    await post({ type: 'overview', file: `/tmp/${HOSTILE.img}.msi`, overview: OVERVIEW });
    await page.waitForSelector('#tables button[data-table="Property"]', { timeout: 10_000 });
    assert.equal(await page.textContent('#file'), `/tmp/${HOSTILE.img}.msi`);
    assert.equal(await page.textContent('#platform'), 'x64 · 64-bit');
    const summary = await page.$$eval('#summary-list dt, #summary-list dd', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(summary, [
      'Languages',
      '1033',
      'Title',
      HOSTILE.img,
      'Subject',
      HOSTILE.script,
      'Comments',
      HOSTILE.link,
      'Template (platform;languages)',
      'x64;1033',
      'Package code',
      '{11111111-2222-3333-4444-555555555555}',
      'Schema (page count)',
      '200',
      'Word count (source flags)',
      '2 (compressed)',
    ]);
    assert.deepEqual(await page.$$eval('#problems li.problem .message', (l) => l.map((e) => e.textContent)), [
      OVERVIEW.problems[0]!.message,
      HOSTILE.img,
    ]);
    assert.deepEqual(await page.$$eval('#problems li.problem .where', (l) => l.map((e) => `${e.tagName}:${e.textContent}`)), [
      'BUTTON:Component: Comp30000',
      'SPAN:Summary property 7',
    ]);
    assert.deepEqual(await page.$$eval('#streams tbody td', (l) => l.map((e) => e.textContent)), [
      HOSTILE.img,
      '12',
      'Binary.Icon',
      '1,234,567',
      '\\u0005SummaryInformation',
      '528',
    ]);
    assert.deepEqual(await page.$$eval('#warnings li', (l) => l.map((e) => e.textContent)), [HOSTILE.link]);
    assert.deepEqual(await page.$$eval('#tables button', (l) => l.map((e) => [(e as HTMLElement).dataset['table'], e.textContent])), [
      // By name: '<' sorts before letters.
      [HOSTILE.svg, `${HOSTILE.svg}0`],
      ['Component', 'Component50,000'],
      ['Property', 'Property7'],
    ]);
    assert.equal(await page.locator('img, svg, a, iframe, object, embed').count(), 0);
    assert.equal(await page.locator('script').count(), 1);
    assert.equal(await pwned(), undefined);
  });

  it('renders hostile and very long cells as text, cut in the grid and whole enough in the title', async () => {
    const before = (await sent()).length;
    await page.click('#tables button[data-table="Property"]');
    const request = await waitForPost(isPage('Property', 0), before);
    assert.deepEqual({ ...request, id: 0 }, { type: 'page', id: 0, table: 'Property', offset: 0, limit: 200 });
    await answer(request, PROPERTY_COLUMNS, (i) => PROPERTY_ROWS[i]!, PROPERTY_ROWS.length);
    await page.waitForSelector('#grid .row[data-row="6"]', { timeout: 10_000 });
    assert.deepEqual(await page.$$eval('#grid .header .cell .name', (l) => l.map((e) => e.textContent)), ['Property', 'Value']);
    const values = await page.$$eval('#grid .row .cell:nth-child(2)', (l) => l.map((e) => e.textContent));
    assert.deepEqual(values.slice(0, 5), [HOSTILE.img, HOSTILE.link, HOSTILE.script, HOSTILE.svg, HOSTILE.entity]);
    assert.equal(values[5], `${'L'.repeat(500)}… (${LONG_LENGTH} characters)`);
    assert.equal(values[6], '');
    const longTitle = await page.getAttribute('#grid .row[data-row="5"] .cell:nth-child(2)', 'title');
    assert.equal(longTitle, `${'L'.repeat(4000)}… (${LONG_LENGTH} characters)`);
    assert.equal(await page.textContent('#row-count'), '7 rows');
    // Columns fit the first page: the Value column takes the most a column may (its values are long), Property less.
    const widths = await page.$$eval('#grid .header .cell', (cells) => cells.map((c) => (c as HTMLElement).offsetWidth));
    assert.equal(widths[1], 480);
    assert.ok(widths[0]! > 60 && widths[0]! < 200, JSON.stringify(widths));
    await page.hover('#grid .row[data-row="0"] .cell:nth-child(2)');
    assert.equal(await page.locator('img, svg, a, iframe, object, embed').count(), 0);
    assert.equal(await page.locator('script').count(), 1);
    assert.equal(await pwned(), undefined);
  });

  it('virtualizes a 50,000-row table: a few dozen rows in the DOM, pages fetched as it scrolls', async () => {
    let skip = (await sent()).length;
    await page.click('#tables button[data-table="Component"]');
    await answer(await waitForPost(isPage('Component', 0), skip), BIG_COLUMNS, bigRow, BIG_ROWS);
    await page.waitForSelector('#grid .row[data-row="0"] .cell:not(.loading)', { timeout: 10_000 });
    assert.equal(await page.textContent('#row-count'), '50,000 rows');
    assert.equal(await page.$eval('#spacer', (e) => (e as HTMLElement).offsetHeight), BIG_ROWS * 22);
    const rendered = await page.locator('#grid .row').count();
    assert.ok(rendered > 20 && rendered < 100, `rendered ${rendered} rows`);

    skip = (await sent()).length;
    await page.$eval('#grid', (g) => {
      g.scrollTop = 40_000 * 22;
    });
    const request = await waitForPost(isPage('Component', 40_000), skip);
    assert.equal(request.limit, 200);
    await answer(request, BIG_COLUMNS, bigRow, BIG_ROWS);
    await page.waitForSelector('#grid .row[data-row="40000"] .cell:not(.loading)', { timeout: 10_000 });
    assert.equal(await page.textContent('#grid .row[data-row="40000"] .cell:first-child'), 'Comp40000');
    assert.ok((await page.locator('#grid .row').count()) < 100);
    // Pages far from the view were never asked for: only the first page and those around row 40,000.
    const asked = (await sent()).filter(isPage('Component')).map((m) => m.offset);
    assert.ok(!asked.includes(20_000), JSON.stringify(asked));
    assert.ok(asked.includes(0) && asked.includes(40_000), JSON.stringify(asked));
    assert.ok(
      asked.every((offset) => offset === 0 || Math.abs(offset - 40_000) <= 400),
      JSON.stringify(asked),
    );
  });

  it('sorts by a header click: ascending, descending, then the stored order', async () => {
    const orders: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const skip = (await sent()).length;
      await page.click('#grid .header .cell:nth-child(2)');
      const request = await waitForPost(isPage('Component', 0), skip);
      orders.push(request.sort ?? null);
      await answer(request, BIG_COLUMNS, bigRow, BIG_ROWS);
      await page.waitForSelector('#grid .row[data-row="0"] .cell:not(.loading)', { timeout: 10_000 });
      orders.push(await page.getAttribute('#grid .header .cell:nth-child(2)', 'aria-sort'));
    }
    assert.deepEqual(orders, [
      { column: 'Attributes', descending: false },
      'ascending',
      { column: 'Attributes', descending: true },
      'descending',
      null,
      'none',
    ]);
  });

  it('filters as one types, and says how many rows match', async () => {
    const skip = (await sent()).length;
    await page.fill('#filter', 'Comp4999');
    const request = await waitForPost((m): m is Extract<FromWebview, { type: 'page' }> => m.type === 'page' && m.filter === 'Comp4999', skip);
    const matching = Array.from({ length: 11 }, (_, k) => (k === 0 ? 4999 : 49990 + k - 1));
    await answer(request, BIG_COLUMNS, (i) => bigRow(matching[i]!), matching.length);
    await page.waitForSelector('#grid .row[data-row="10"]', { timeout: 10_000 });
    assert.equal(await page.textContent('#row-count'), '11 of 50,000 rows');
    assert.equal(await page.locator('#grid .row').count(), 11);
  });

  it('exports the table as shown: the filter goes with the request', async () => {
    const skip = (await sent()).length;
    await page.click('#export-idt');
    const request = await waitForPost((m): m is Extract<FromWebview, { type: 'export' }> => m.type === 'export', skip);
    assert.deepEqual(request, { type: 'export', table: 'Component', format: 'idt', filter: 'Comp4999' });
  });

  it("jumps to a problem's row: the table in its stored order, scrolled there, the row highlighted", async () => {
    await page.click('#show-overview');
    const skip = (await sent()).length;
    await page.click('#problems li.problem button.where');
    const first = await waitForPost(isPage('Component', 0), skip);
    assert.equal(first.filter, undefined);
    assert.equal(first.sort, undefined);
    await answer(first, BIG_COLUMNS, bigRow, BIG_ROWS);
    await answer(await waitForPost(isPage('Component', 30_000), skip), BIG_COLUMNS, bigRow, BIG_ROWS);
    await page.waitForSelector('#grid .row.highlighted .cell:not(.loading)', { timeout: 10_000 });
    assert.equal(await page.getAttribute('#grid .row.highlighted', 'data-row'), '30000');
    assert.equal(await page.textContent('#grid .row.highlighted .cell:first-child'), 'Comp30000');
    assert.equal(await page.inputValue('#filter'), '');
  });

  it('lists at most 1,000 problems and streams in the overview, and says how many more there are', async () => {
    const many: InspectOverviewResult = {
      ...OVERVIEW,
      streams: Array.from({ length: 1500 }, (_, i) => ({ name: `Binary.S${i}`, size: i })),
      problems: Array.from({ length: 2500 }, (_, i) => ({
        ruleId: 'ice80',
        severity: 'error' as const,
        message: `M${i}`,
        table: 'Component',
        key: `C${i}`,
        row: i,
      })),
    };
    await post({ type: 'overview', file: '/tmp/many.msi', overview: many });
    await page.waitForFunction(() => document.querySelectorAll('#problems li.problem').length === 1000, undefined, { timeout: 10_000 });
    assert.equal(await page.textContent('#problems li:last-child'), '… and 1,500 more in the Problems view.');
    assert.equal(await page.textContent('#problem-count'), '2500');
    assert.equal(await page.locator('#streams tbody tr').count(), 1001);
    assert.equal(await page.textContent('#streams tbody tr:last-child'), '… and 500 more (wixlint inspect lists them all).');
    // Back to the package the other tests use.
    await post({ type: 'overview', file: '/tmp/x.msi', overview: OVERVIEW });
    await page.waitForFunction(() => document.querySelectorAll('#problems li.problem').length === 2, undefined, { timeout: 10_000 });
  });

  it('shows a failed request as a message, and stays usable', async () => {
    const skip = (await sent()).length;
    await page.click(`#tables button[data-table="${HOSTILE.svg.replace(/"/g, '\\"')}"]`);
    const request = await waitForPost(isPage(HOSTILE.svg, 0), skip);
    await post({ type: 'error', id: request.id, message: `The package has no table '${HOSTILE.svg}'.` });
    await page.waitForSelector('#status:not([hidden])', { timeout: 10_000 });
    assert.equal(await page.textContent('#status'), `The package has no table '${HOSTILE.svg}'.`);
    assert.equal(await page.locator('img, svg, a').count(), 0);
    await page.click('#show-overview');
    assert.equal(await page.isVisible('#summary'), true);
    // The next table that loads clears the message.
    const next = (await sent()).length;
    await page.click('#tables button[data-table="Property"]');
    await answer(await waitForPost(isPage('Property', 0), next), PROPERTY_COLUMNS, (i) => PROPERTY_ROWS[i]!, PROPERTY_ROWS.length);
    await page.waitForSelector('#status[hidden]', { state: 'attached', timeout: 10_000 });
    assert.equal(await pwned(), undefined);
  });
});
