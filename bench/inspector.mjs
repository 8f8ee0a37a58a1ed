// Benchmarks the MSI inspector on a 50,000-row table: the language server's answers (overview, pages, sorted and
// filtered pages) and the webview scrolling in headless Chromium, fed by the real request handler.
// `node bench/inspector.mjs [--quick] [--json]`
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exitWith, median, parseOptions, progress, roundFloats } from './common.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK_DIR = path.join(ROOT, 'bench', '.work');
const CHROMIUM = process.env.WIXLINT_CHROMIUM ?? '/usr/bin/chromium';
const ROWS = 50_000;
const FULL_STEPS = 300;
const QUICK_STEPS = 40;
const RUNS = { full: 5, quick: 1 };
/** A frame at 60 Hz: a scroll step that renders within it looks smooth. */
const TARGETS = { frameMs: 16.7 };

const USAGE =
  'usage: node bench/inspector.mjs [--quick] [--json]\n' +
  `  --quick  ${QUICK_STEPS} scroll steps and one run of each request; figures only, no verdict, exits 0 (CI smoke run)\n` +
  '  --json   print the figures as JSON instead of a table\n';

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function requireBuild(files) {
  for (const file of files) {
    if (!fs.existsSync(path.join(ROOT, file))) exitWith(2, `bench: ${file} is missing; run npm run build first\n`);
  }
}

/** A table of the tests' standard schema (test/msi/schema.ts, compiled): the column definitions live there once. */
function schemaTable(name, rows) {
  return createRequire(import.meta.url)(path.join(ROOT, 'out', 'test', 'msi', 'schema.js')).schemaTable(name, rows);
}

/** A package with a 50,000-row Component table (and the tables the lowering reads). */
function writePackage(builder) {
  const components = [];
  for (let i = 0; i < ROWS; i++) {
    const id = `Component${String(i).padStart(5, '0')}`;
    components.push([
      id,
      `{${String(i).padStart(8, '0')}-0000-4000-8000-000000000000}`,
      i % 2 ? 'INSTALLDIR' : 'BINDIR',
      i % 4 === 1 ? 256 : 0,
      i % 7 ? null : 'VersionNT64',
      `File${i}`,
    ]);
  }
  const bytes = builder.buildMsi({
    summary: { template: 'x64;1033', pageCount: 200, wordCount: 2, title: 'Inspector benchmark' },
    tables: [
      schemaTable('Property', [
        ['ProductName', 'Bench'],
        ['ProductCode', '{11111111-2222-3333-4444-555555555555}'],
      ]),
      schemaTable('Directory', [
        ['TARGETDIR', null, 'SourceDir'],
        ['ProgramFiles64Folder', 'TARGETDIR', '.'],
        ['INSTALLDIR', 'ProgramFiles64Folder', 'Bench'],
        ['BINDIR', 'INSTALLDIR', 'bin'],
      ]),
      schemaTable('Component', components),
    ],
  });
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const file = path.join(WORK_DIR, 'inspector-50k.msi');
  fs.writeFileSync(file, bytes);
  progress(`wrote ${path.relative(ROOT, file)}: ${ROWS.toLocaleString('en-US')} components, ${(bytes.length / 1024 / 1024).toFixed(1)} MB`);
  return file;
}

/** Median milliseconds of `runs` calls of an async function. */
async function timed(runs, fn) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = await fn();
    samples.push(performance.now() - start);
    if (result?.code !== undefined && result?.message !== undefined) throw new Error(`inspectMsi failed: ${result.message}`);
  }
  return median(samples);
}

async function benchServer(inspector, uri, runs) {
  // The first overview opens and lints the package; later requests come from the open package.
  const open = await timed(1, () => inspector.handle({ uri }));
  return {
    openAndOverviewMs: open,
    overviewMs: await timed(runs, () => inspector.handle({ uri })),
    firstPageMs: await timed(runs, () => inspector.handle({ uri, table: 'Component', offset: 0, limit: 200 })),
    farPageMs: await timed(runs, () => inspector.handle({ uri, table: 'Component', offset: 40_000, limit: 200 })),
    // A new sort or filter selects the rows once; the next pages of it come from that selection.
    sortedFirstPageMs: await timed(1, () =>
      inspector.handle({ uri, table: 'Component', offset: 0, limit: 200, sort: { column: 'Attributes', descending: true } }),
    ),
    sortedPageMs: await timed(runs, () =>
      inspector.handle({ uri, table: 'Component', offset: 200, limit: 200, sort: { column: 'Attributes', descending: true } }),
    ),
    filteredFirstPageMs: await timed(1, () => inspector.handle({ uri, table: 'Component', offset: 0, limit: 200, filter: 'component4999' })),
    filteredPageMs: await timed(runs, () => inspector.handle({ uri, table: 'Component', offset: 200, limit: 200, filter: 'component4999' })),
    exportCsvMs: await timed(runs, () => inspector.handle({ uri, table: 'Component', format: 'csv' })),
  };
}

/** Scrolls the webview's grid to `steps` spread-out positions; each step is timed from the scroll to rendered rows. */
async function benchWebview(inspector, uri, steps, inspectorHtml) {
  const { chromium } = await import('playwright-core');
  let origin = '';
  const server = http.createServer((request, response) => {
    const files = { '/inspector.js': ['dist/inspector.js', 'text/javascript'], '/inspector.css': ['dist/inspector.css', 'text/css'] };
    const file = files[request.url ?? ''];
    if (file) {
      response.writeHead(200, { 'content-type': file[1] }).end(fs.readFileSync(path.join(ROOT, file[0])));
    } else if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(inspectorHtml({ cspSource: origin, scriptUri: `${origin}/inspector.js`, styleUri: `${origin}/inspector.css`, nonce: 'YmVuY2g=' }));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
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
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // The extension's side: the page's requests go to the real request handler, the answers go back as messages.
    await page.exposeFunction('__toExtension', async (message) => {
      if (message.type !== 'page') return;
      const { type: _type, id, ...params } = message;
      const page_ = await inspector.handle({ uri, ...params });
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'page', id, page: page_ });
    });
    await page.addInitScript(() => {
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toExtension(m), getState: () => undefined, setState: () => {} });
      // The page renders on animation frames: each of its callbacks is timed, with the layout it causes forced inside.
      const raf = window.requestAnimationFrame.bind(window);
      window.__raf = raf;
      window.__renderCost = [];
      window.requestAnimationFrame = (callback) =>
        raf((time) => {
          const start = performance.now();
          callback(time);
          void document.body.offsetHeight;
          window.__renderCost.push(performance.now() - start);
        });
    });
    await page.goto(`${origin}/`);
    const overview = await inspector.handle({ uri });
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'overview', file: uri, overview });
    await page.click('#tables button[data-table="Component"]');
    await page.waitForSelector('#grid .row[data-row="0"] .cell:not(.loading)', { timeout: 30_000 });

    // Positions spread over the table in a fixed shuffled order, so that most steps need a page not yet fetched.
    const positions = Array.from({ length: steps }, (_, i) => ((i * 7919) % steps) / steps);
    const results = await page.evaluate(async (positions) => {
      const grid = document.getElementById('grid');
      const nextFrame = () => new Promise((resolve) => window.__raf(() => resolve()));
      const out = { frame: [], content: [], rows: [] };
      for (const p of positions) {
        const target = Math.floor(p * (grid.scrollHeight - grid.clientHeight));
        const start = performance.now();
        window.__renderCost.length = 0;
        grid.scrollTop = target;
        // Rows at the top of the view have their text: the page arrived and was rendered.
        const row = Math.floor(target / 22);
        for (;;) {
          const cell = document.querySelector(`#grid .row[data-row="${row}"] .cell`);
          if (cell && !cell.classList.contains('loading')) break;
          await nextFrame();
        }
        out.content.push(performance.now() - start);
        // The rendering this step caused: the rows with placeholders, then again with the page's text.
        out.frame.push(Math.max(0, ...window.__renderCost));
        out.rows.push(document.querySelectorAll('#grid .row').length);
      }
      // Wheel-like scrolling: three rows a frame, down through rows whose pages are at hand after the first.
      out.wheel = [];
      grid.scrollTop = 10_000 * 22;
      await nextFrame();
      await nextFrame();
      for (let i = 0; i < positions.length * 2; i++) {
        window.__renderCost.length = 0;
        grid.scrollTop += 66;
        await nextFrame();
        await nextFrame();
        out.wheel.push(Math.max(0, ...window.__renderCost));
      }
      return out;
    }, positions);
    return {
      steps,
      frameP50Ms: percentile(results.frame, 50),
      frameP95Ms: percentile(results.frame, 95),
      contentP50Ms: percentile(results.content, 50),
      contentP95Ms: percentile(results.content, 95),
      maxDomRows: Math.max(...results.rows),
      wheelP50Ms: percentile(results.wheel, 50),
      wheelP95Ms: percentile(results.wheel, 95),
    };
  } finally {
    await browser.close();
    server.close();
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2), USAGE);
  requireBuild(['out/test/msi/builder.js', 'out/server/src/lsp/inspect.js', 'out/client/src/inspector/html.js', 'dist/inspector.js']);
  const require = createRequire(import.meta.url);
  const builder = require(path.join(ROOT, 'out', 'test', 'msi', 'builder.js'));
  const { createMsiInspector } = require(path.join(ROOT, 'out', 'server', 'src', 'lsp', 'inspect.js'));
  const { inspectorHtml } = require(path.join(ROOT, 'out', 'client', 'src', 'inspector', 'html.js'));
  if (!options.quick && !fs.existsSync(CHROMIUM))
    exitWith(2, `bench: ${CHROMIUM} is missing (Debian package chromium): the webview target cannot be judged.\n`);
  const file = writePackage(builder);
  const uri = pathToFileURL(file).href;
  const inspector = createMsiInspector(() => ({}));
  try {
    const server = await benchServer(inspector, uri, options.quick ? RUNS.quick : RUNS.full);
    let webview;
    if (fs.existsSync(CHROMIUM)) webview = await benchWebview(inspector, uri, options.quick ? QUICK_STEPS : FULL_STEPS, inspectorHtml);
    else progress(`${CHROMIUM} is missing (Debian package chromium): the webview part is skipped`);
    // The quick run only keeps the benchmark working: no verdict.
    const verdict = options.quick || !webview ? undefined : evaluateTarget(webview);
    report({ rows: ROWS, server, webview, ...(verdict ? { verdict } : {}) }, options);
    return verdict === undefined || verdict.pass ? 0 : 1;
  } finally {
    inspector.dispose();
    fs.rmSync(file, { force: true });
  }
}

function report(result, options) {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, roundFloats, 2)}\n`);
    return;
  }
  const s = result.server;
  const ms = (v) => `${v.toFixed(1)} ms`;
  const lines = [
    `MSI inspector, ${result.rows.toLocaleString('en-US')}-row Component table${options.quick ? ' (quick: one run each)' : ''}`,
    '',
    'language server (wixlint/inspectMsi), median:',
    `  open + lint + overview   ${ms(s.openAndOverviewMs)}`,
    `  overview (open package)  ${ms(s.overviewMs)}`,
    `  page of 200, first       ${ms(s.firstPageMs)}`,
    `  page of 200, row 40,000  ${ms(s.farPageMs)}`,
    `  new sort, first page     ${ms(s.sortedFirstPageMs)}; next pages ${ms(s.sortedPageMs)}`,
    `  new filter, first page   ${ms(s.filteredFirstPageMs)}; next pages ${ms(s.filteredPageMs)}`,
    `  CSV export, whole table  ${ms(s.exportCsvMs)}`,
  ];
  if (result.webview) {
    const w = result.webview;
    lines.push(
      '',
      `webview in headless Chromium, ${w.steps} scroll jumps across the table:`,
      `  wheel, 3 rows a frame    p50 ${ms(w.wheelP50Ms)}, p95 ${ms(w.wheelP95Ms)}   render + layout per frame`,
      `  jump, all rows new       p50 ${ms(w.frameP50Ms)}, p95 ${ms(w.frameP95Ms)}   render + layout per frame`,
      `  scroll to rows with text p50 ${ms(w.contentP50Ms)}, p95 ${ms(w.contentP95Ms)}   (a page fetched from the server when not at hand)`,
      `  rows in the DOM          at most ${w.maxDomRows} of ${result.rows.toLocaleString('en-US')}`,
    );
  }
  if (result.verdict) {
    const v = result.verdict;
    lines.push('', `${v.pass ? 'PASS' : 'FAIL'}  webview wheel scroll: p95 render + layout ${ms(v.value)} <= ${ms(v.limit)} (a 60 Hz frame)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The judged target: wheel scrolling renders and lays out within a 60 Hz frame at the 95th percentile. */
function evaluateTarget(webview) {
  return { value: webview.wheelP95Ms, limit: TARGETS.frameMs, pass: webview.wheelP95Ms <= TARGETS.frameMs };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
