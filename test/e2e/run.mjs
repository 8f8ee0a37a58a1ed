// End-to-end editor tests: the extension in the real VS Code workbench (code-server) driven by headless Chromium.
// Phase 1 runs the extension-host suite (test/e2e/suite) through the test-runner contract; phase 2 checks what the user
// sees: the Problems panel and the MSI inspector's webview; phase 3 packages the .vsix, installs it as users do, and
// checks that it works. Screenshots go to test/e2e/artifacts/.
//
// WIXLINT_E2E_SETTINGS='{"wixlint.rules":{"ice80":"off"}}' npm run test:e2e  adds workspace settings: with that one the
// suite must fail, which is how to check that it notices a broken rule.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(E2E, '..', '..');
const ARTIFACTS = path.join(E2E, 'artifacts');
const CHROMIUM = '/usr/bin/chromium';

// Every wait has a bound, and the whole run (after the one-time install) has one too: under 5 minutes.
const INSTALL_TIMEOUT_MS = 240_000;
const RUN_TIMEOUT_MS = 270_000;
const SERVER_START_TIMEOUT_MS = 30_000;
const SUITE_TIMEOUT_MS = 150_000;
const UI_TIMEOUT_MS = 45_000;
const STEP_TIMEOUT_MS = 20_000;

/** What @vscode/ripgrep's postinstall would download from GitHub: its cache is seeded with Debian's rg instead. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

/** The marker the suite's runner prints before each result line (test/e2e/suite/runner.ts). */
const RESULT_MARK = '[wixlint-e2e]';

class Failure extends Error {}

const started = Date.now();
const cleanups = [];
let serverOutput = '';
let userDataDir = '';

function log(line) {
  console.log(`e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s  ${line}`);
}

function which(command) {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function requirements() {
  const missing = [];
  if (!which('rg')) missing.push('rg (apt-get install ripgrep)');
  if (!fs.existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (apt-get install chromium)`);
  if (!which('wixl')) missing.push('wixl (apt-get install wixl)');
  if (missing.length > 0) throw new Failure(`missing: ${missing.join(', ')}`);
  for (const file of ['dist/extension.js', 'dist/server.js', 'node_modules/typescript/bin/tsc', 'node_modules/@types/vscode/package.json']) {
    if (!fs.existsSync(path.join(REPO, file)))
      throw new Failure(`${file} is missing: run \`npm ci\` (or \`npm run build\`) at the top of the repository first`);
  }
}

/** npm ci in test/e2e when node_modules is missing or older than the lockfile. */
function ensureInstalled() {
  const installed = path.join(E2E, 'node_modules', '.package-lock.json');
  const lock = path.join(E2E, 'package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  const target = RIPGREP_TARGETS[process.arch];
  if (process.platform !== 'linux' || !target)
    throw new Failure(`the e2e install seeds ripgrep for Linux x64/arm64 only, not ${process.platform}/${process.arch}`);
  const cache = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const tarball = path.join(cache, `ripgrep-${RIPGREP_RELEASE}-${target}.tar.gz`);
  if (!fs.existsSync(tarball)) {
    const rg = fs.realpathSync(which('rg'));
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-rg-'));
    fs.copyFileSync(rg, path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    fs.mkdirSync(cache, { recursive: true });
    execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log('installing test/e2e (npm ci: code-server, playwright-core)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: E2E,
    stdio: 'inherit',
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  if (result.status !== 0) throw new Failure(`npm ci in test/e2e failed (${result.error?.message ?? `exit ${result.status}`})`);
}

function compileSuite() {
  log('compiling test/e2e/suite');
  fs.rmSync(path.join(E2E, 'out'), { recursive: true, force: true });
  const result = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', E2E], {
    cwd: REPO,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Failure('the e2e suite does not compile');
}

function tempDir(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wixlint-e2e-${name}-`));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Builds the fixture package with wixl, once per run (payload files are one-line stand-ins). */
function buildMsi() {
  const dir = tempDir('msi');
  fs.copyFileSync(path.join(E2E, 'fixtures', 'Inspector.wxs'), path.join(dir, 'Inspector.wxs'));
  for (const payload of ['agent.exe', 'plugin.dll', 'legacy.dll']) fs.writeFileSync(path.join(dir, payload), `${payload}\n`);
  const result = spawnSync('wixl', ['-a', 'x64', '-o', 'Inspector.msi', 'Inspector.wxs'], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Failure(`wixl could not build test/e2e/fixtures/Inspector.wxs:\n${result.stderr}`);
  return path.join(dir, 'Inspector.msi');
}

/** A fresh workspace: examples/ as in the repository, msi/Inspector.msi, and optional workspace settings. */
function makeWorkspace(name, msi) {
  const dir = tempDir(name);
  fs.cpSync(path.join(REPO, 'examples'), path.join(dir, 'examples'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'msi'));
  fs.copyFileSync(msi, path.join(dir, 'msi', 'Inspector.msi'));
  if (process.env.WIXLINT_E2E_SETTINGS) {
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify(JSON.parse(process.env.WIXLINT_E2E_SETTINGS), null, 2));
  }
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a truthy value; `what` names it in the timeout error. */
async function poll(what, probe, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Failure(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Starts code-server with its own user data; `extensionsDir` holds installed extensions (none by default), and
 * `settings` are added to the user settings.
 */
async function startCodeServer(extensionsDir = tempDir('extensions'), settings = {}) {
  const port = await freePort();
  userDataDir = tempDir('user-data');
  // Quiet workbench: no welcome page, no tips, no telemetry, no auto-save between the tests' edits.
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'files.autoSave': 'off',
        'git.enabled': false,
        'chat.disableAIFeatures': true,
        ...settings,
      },
      null,
      2,
    ),
  );
  const bin = path.join(E2E, 'node_modules', '.bin', 'code-server');
  const args = [
    '--config',
    '/dev/null',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  log(`starting code-server on port ${port}`);
  const child = spawn(bin, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (serverOutput += chunk.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  // Last resort if this script dies without cleaning up: never leave the server behind.
  process.on('exit', () => {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  });
  cleanups.push(async () => {
    if (exited) return;
    // The whole process group: code-server forks its server and extension hosts.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await poll('code-server to exit', () => exited, 5_000, 100).catch(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    });
  });
  await poll(
    'code-server /healthz',
    async () => {
      if (exited) throw new Failure(`code-server exited:\n${serverOutput}`);
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return response.ok;
    },
    SERVER_START_TIMEOUT_MS,
  ).catch((error) => {
    if (error instanceof Failure && exited) throw error;
    throw new Failure(`${error.message}\n${serverOutput}`);
  });
  return port;
}

async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const profile = tempDir('chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // Ctrl+C goes through this script's own handler, which stops code-server as well as the browser.
    handleSIGINT: false,
    handleSIGTERM: false,
    viewport: { width: 1600, height: 1000 },
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
  cleanups.push(() => context.close());
  return context;
}

/** The workbench on `folder`, with the repository as the extension under development unless `installed` is set. */
function workbenchUrl(port, folder, payload, { installed = false } = {}) {
  const remote = (file) => `vscode-remote://127.0.0.1:${port}${file}`;
  const entries = [...(installed ? [] : [['extensionDevelopmentPath', remote(REPO)]]), ...Object.entries(payload).map(([k, v]) => [k, remote(v)])];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

/** Phase 1: the extension-host suite; resolves with its exit code. */
async function runSuite(context, port, folder) {
  const page = await context.newPage();
  let resolveExit;
  const exit = new Promise((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  // The extension host's console is forwarded to the workbench's; the suite's results are the marked lines.
  page.on('console', (message) => {
    const text = message.text();
    const at = text.indexOf(RESULT_MARK);
    if (at >= 0) console.log(`  ${text.slice(at + RESULT_MARK.length + 1)}`);
  });
  log('phase 1: extension-host suite');
  await page.goto(workbenchUrl(port, folder, { extensionTestsPath: path.join(E2E, 'out', 'suite', 'index.js') }), { timeout: STEP_TIMEOUT_MS });
  let timer;
  const code = await Promise.race([exit, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS)))]);
  clearTimeout(timer);
  await page.close();
  if (code === 'timeout') throw new Failure(`the extension-host suite did not finish within ${SUITE_TIMEOUT_MS} ms`);
  return code;
}

async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, timeout: STEP_TIMEOUT_MS });
  log(`screenshot ${path.relative(REPO, file)}`);
}

/** The webview frame of the MSI inspector: the one whose document has #summary. */
async function inspectorFrame(page) {
  return poll(
    'the MSI inspector webview (#summary)',
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        if (await frame.$('#summary').catch(() => null)) return frame;
      }
      return undefined;
    },
    UI_TIMEOUT_MS,
  );
}

async function openWithQuickOpen(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
}

/** Phase 2: what the user sees, through the DOM. */
async function checkUi(context, port, folder) {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  log('phase 2: Problems panel and MSI inspector');
  await page.goto(workbenchUrl(port, folder, { openFile: path.join(folder, 'examples', 'v4', 'Components.wxs') }), { timeout: STEP_TIMEOUT_MS });
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.locator('.monaco-editor .view-lines', { hasText: 'DiagHelper64' }).first().waitFor({ timeout: UI_TIMEOUT_MS });

  // Problems panel: Ctrl+Shift+M toggles it; its rows name the rule ids.
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+Shift+M');
  const markers = page.locator('.markers-panel .monaco-list-row');
  await markers
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS })
    .catch(async (error) => {
      await screenshot(page, 'problems-failed');
      throw new Failure(`the Problems panel shows no rows: ${error.message}`);
    });
  // The list is virtual (rows out of view are not in the DOM): filter it by each rule id, as a user would.
  const filter = page.getByPlaceholder(/^Filter \(e\.g\./);
  const expected = {
    ice80: "Component 'DiagHelper64' is 64-bit but installs under the 32-bit ProgramFilesFolder",
    'isa-mixing': 'The x86 build makes a 32-bit package, but 2 of its parts are 64-bit',
  };
  // Under each headline, its note and help are rows of related information at the same place.
  const isDetail = (text, label) => new RegExp(`^Components\\.wxs\\[Ln \\d+, Col \\d+\\]: ?${label}: `).test(text);
  // A row's text is the message, then the source and the code: "...[x86]wixlintice80[Ln 14, Col 8]".
  const isRow = (text, rule) => text.includes(`wixlint${rule}[Ln `);
  for (const [rule, message] of Object.entries(expected)) {
    await filter.fill(rule, { timeout: STEP_TIMEOUT_MS });
    let texts = [];
    await poll(
      `a ${rule} row in the Problems panel`,
      async () => {
        texts = await markers.allTextContents();
        return texts.some((t) => isRow(t, rule) && t.includes(message)) && (rule !== 'ice80' || texts.some((t) => isDetail(t, 'note')));
      },
      UI_TIMEOUT_MS,
    ).catch(async (error) => {
      await screenshot(page, 'problems-failed');
      throw new Failure(`${error.message}; rows:\n${texts.join('\n')}`);
    });
    log(`Problems panel, filtered by ${rule}: ${texts.filter((t) => isRow(t, rule)).length} rows`);
    if (rule === 'isa-mixing') await screenshot(page, 'problems-isa-mixing');
  }
  await filter.fill('', { timeout: STEP_TIMEOUT_MS });
  // Unfiltered, the first rows in view are another file's (the list is virtual): any rule's row will do.
  await poll(
    'the unfiltered Problems panel',
    async () => (await markers.allTextContents()).some((t) => ['com-overwrite', 'payload-isa', 'isa-mixing'].some((rule) => isRow(t, rule))),
    STEP_TIMEOUT_MS,
  );
  await screenshot(page, 'problems');

  // The MSI opens in the inspector (the default editor for *.msi).
  await openWithQuickOpen(page, 'Inspector.msi');
  let frame = await inspectorFrame(page).catch(async (error) => {
    await screenshot(page, 'inspector-failed');
    throw error;
  });
  await poll('#platform to show x64', async () => /x64/.test((await frame.locator('#platform').textContent()) ?? ''), STEP_TIMEOUT_MS);
  const platform = (await frame.locator('#platform').textContent()).trim();
  await poll(
    'the problem list to show Legacy32',
    async () => /Legacy32/.test((await frame.locator('#problems li.problem').allTextContents()).join('\n')),
    STEP_TIMEOUT_MS,
  );
  const summary = (await frame.locator('#summary').textContent()) ?? '';
  for (const text of ['Northwind Agent', 'Northwind Traders'])
    if (!summary.includes(text)) throw new Failure(`the summary lacks ${text}: ${summary}`);
  await screenshot(page, 'inspector-summary');
  // The package's problem is in the Problems panel too, on its table row.
  await filter.fill('Legacy32', { timeout: STEP_TIMEOUT_MS });
  await poll(
    'the Legacy32 ice80 row in the Problems panel',
    async () => (await markers.allTextContents()).some((t) => isRow(t, 'ice80') && t.includes("Component 'Legacy32' is 32-bit")),
    STEP_TIMEOUT_MS,
  );
  // Clicking it opens the Component table's text view (IDT: three header lines, then a row a line) at Legacy32's row,
  // the third: line 6.
  await markers.filter({ hasText: "Component 'Legacy32' is 32-bit" }).first().click({ timeout: STEP_TIMEOUT_MS });
  let seen = {};
  await poll(
    "Component.idt open at Legacy32's row",
    async () => {
      seen = {
        tab: (
          (await page
            .locator('.tabs-container .tab.active')
            .first()
            .textContent()
            .catch(() => '')) ?? ''
        ).trim(),
        position: (
          (await page
            .locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ })
            .first()
            .textContent()
            .catch(() => '')) ?? ''
        ).trim(),
        line: (
          (await page
            .locator('.monaco-editor .view-line', { hasText: /^Legacy32\t?/ })
            .first()
            .textContent()
            .catch(() => '')) ?? ''
        ).trim(),
      };
      return seen.tab.startsWith('Component.idt') && /^Ln 6, Col \d+/.test(seen.position) && seen.line.startsWith('Legacy32');
    },
    STEP_TIMEOUT_MS,
  ).catch(async (error) => {
    await screenshot(page, 'problem-row-failed');
    throw new Failure(`${error.message}: saw ${JSON.stringify(seen)}`);
  });
  log(`Problems panel: the package's problem opens ${seen.tab} at ${seen.position}`);
  await screenshot(page, 'problem-row');
  await filter.fill('', { timeout: STEP_TIMEOUT_MS });
  // Back to the inspector: its webview is made again when its tab is shown, from the state it saved.
  await page.locator('.tabs-container .tab', { hasText: 'Inspector.msi' }).first().click({ timeout: STEP_TIMEOUT_MS });
  frame = await inspectorFrame(page);

  const showTable = async (table, expectRow) => {
    await frame.locator(`#tables button[data-table="${table}"]`).click({ timeout: STEP_TIMEOUT_MS });
    return poll(
      `the ${table} table in the grid`,
      async () => {
        const texts = await frame.locator('#grid .row[data-row]').allTextContents();
        return texts.some((t) => t.includes(expectRow)) && texts;
      },
      STEP_TIMEOUT_MS,
    );
  };
  const components = await showTable('Component', 'Legacy32');
  for (const id of ['Agent64', 'Plugin64', 'Legacy32'])
    if (!components.some((t) => t.includes(id))) throw new Failure(`the Component table lacks ${id}: ${components.join(' | ')}`);
  const headers = await frame.locator('#grid .header .cell').allTextContents();
  if (!headers.some((h) => h.includes('ComponentId'))) throw new Failure(`the Component table's header lacks ComponentId: ${headers.join(' | ')}`);
  log(`inspector: platform "${platform}", Component rows ${components.length}`);
  await screenshot(page, 'inspector-components');

  // Export: the save dialog proposes <table>.csv beside the package; the file holds the table as CSV.
  await frame.locator('#export-csv').click({ timeout: STEP_TIMEOUT_MS });
  const saveAs = page.locator('.quick-input-widget input');
  await saveAs.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const exported = path.join(folder, 'msi', 'Component.csv');
  await poll(`the save dialog to propose ${exported}`, async () => (await saveAs.inputValue()) === exported, STEP_TIMEOUT_MS).catch(async (error) => {
    await screenshot(page, 'export-failed');
    throw new Failure(`${error.message}; it proposes ${JSON.stringify(await saveAs.inputValue())}`);
  });
  await page.keyboard.press('Enter');
  await poll(`${exported} to be written`, async () => fs.existsSync(exported) && fs.statSync(exported).size > 0, STEP_TIMEOUT_MS);
  const csv = fs.readFileSync(exported, 'utf8').split('\r\n');
  const expectedCsv = [
    'Component,ComponentId,Directory_,Attributes,Condition,KeyPath',
    'Legacy32,{6A1F0C2D-4B3E-4D5F-8E6A-1B2C3D4E5F62},INSTALLDIR,0,,LegacyDll',
  ];
  if (csv[0] !== expectedCsv[0] || !csv.includes(expectedCsv[1]) || csv.length !== 5)
    throw new Failure(`the exported Component.csv is not the table:\n${csv.join('\n')}`);
  log(`inspector: exported the Component table to ${path.relative(folder, exported)} (${csv.length - 2} rows)`);

  // Markup in the package is text: shown verbatim, never parsed into elements, never run.
  const hostile = ['<img src=x onerror="window.__wixlintPwned=1">', '<script>window.__wixlintPwned=2</script>', 'javascript:window.__wixlintPwned=3'];
  const properties = await showTable('Property', 'HOSTILEIMG');
  const cells = await frame.locator('#grid .row[data-row] .cell').allTextContents();
  for (const text of hostile)
    if (!cells.includes(text))
      throw new Failure(`the Property table does not show ${JSON.stringify(text)} as a cell's text:\n${properties.join('\n')}`);
  const liveContent = (f) =>
    f.evaluate(() => ({
      pwned: window.__wixlintPwned,
      images: document.querySelectorAll('img[onerror], img[src="x"]').length,
      scripts: [...document.scripts].filter((s) => s.textContent.includes('__wixlintPwned')).length,
      links: document.querySelectorAll('a[href^="javascript:"]').length,
    }));
  // The inspector's own frame must be checked; the workbench's other frames are checked where they can be evaluated.
  const inspected = await liveContent(frame).catch((error) => {
    throw new Failure(`the inspector's frame could not be checked for live content: ${error.message}`);
  });
  const checked = [[frame, inspected]];
  for (const f of page.frames()) if (f !== frame) checked.push([f, await liveContent(f).catch(() => undefined)]);
  for (const [f, found] of checked) {
    if (found && (found.pwned !== undefined || found.images > 0 || found.scripts > 0 || found.links > 0)) {
      throw new Failure(`the hostile property values became live content in ${f.url()}: ${JSON.stringify(found)}`);
    }
  }
  log('inspector: the hostile Property values show as text, nothing ran');
  await screenshot(page, 'inspector-properties');
  await page.close();
  if (pageErrors.length > 0) log(`(page errors, not failing the run: ${pageErrors.join(' | ')})`);
}

/**
 * Phase 3: the extension as users get it. `vsce package` makes the .vsix, code-server installs it like any extension,
 * and a workbench without a development path shows wixlint's problems (those of closed files as soon as the workspace
 * opens), traces the server's messages in the wixlint output as wixlint.trace.server asks, and opens the package in
 * the inspector.
 */
async function checkInstalled(context, msi) {
  const out = tempDir('vsix');
  const vsix = path.join(out, 'wixlint.vsix');
  const packaged = spawnSync(path.join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (packaged.status !== 0 || !fs.existsSync(vsix)) throw new Failure(`vsce package failed:\n${packaged.stdout}\n${packaged.stderr}`);
  const extensionsDir = tempDir('installed-extensions');
  const installed = spawnSync(
    path.join(E2E, 'node_modules', '.bin', 'code-server'),
    ['--config', '/dev/null', '--user-data-dir', tempDir('install-user-data'), '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { cwd: REPO, encoding: 'utf8' },
  );
  if (installed.status !== 0 || !/successfully installed/.test(installed.stdout))
    throw new Failure(`code-server could not install the .vsix:\n${installed.stdout}\n${installed.stderr}`);
  log(`phase 3: the packaged extension (${Math.round(fs.statSync(vsix).size / 1024)} KB), installed`);
  const icons = listFiles(extensionsDir).filter((f) => f.endsWith(path.join('images', 'icon.png')));
  if (icons.length !== 1) throw new Failure(`the installed extension has ${icons.length} images/icon.png: ${listFiles(extensionsDir).join(', ')}`);

  const port = await startCodeServer(extensionsDir, { 'wixlint.trace.server': 'messages' });
  const folder = makeWorkspace('installed', msi);
  const page = await context.newPage();
  await page.goto(workbenchUrl(port, folder, {}, { installed: true }), { timeout: STEP_TIMEOUT_MS });
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
  // Nothing is open: the workspace's .wxs files started the extension, and the server lints the closed files.
  await page.keyboard.press('Control+Shift+M');
  // A row's text is the message, then the source and the code: "...[x86]wixlintpayload-isa[Ln 26, Col 61]".
  await page
    .locator('.markers-panel .monaco-list-row', { hasText: /wixlint[a-z0-9-]+\[Ln \d+/ })
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS })
    .catch(async (error) => {
      await screenshot(page, 'installed-failed');
      throw new Failure(`the Problems panel shows no wixlint problem before any file is opened: ${error.message}`);
    });
  log("installed extension: the closed files' problems are shown when the workspace opens");
  // The client's id is the settings section, so it reads wixlint.trace.server and traces into the wixlint output,
  // which the extension host keeps as a file in the logs.
  const traced = /^\[Trace - [^\]]+\] Received notification 'textDocument\/publishDiagnostics'\.$/m;
  await poll(
    'a message trace in the wixlint output (wixlint.trace.server is "messages")',
    () => listFiles(path.join(userDataDir, 'logs')).some((f) => f.endsWith('-wixlint.log') && traced.test(fs.readFileSync(f, 'utf8'))),
    STEP_TIMEOUT_MS,
  );
  log('installed extension: wixlint.trace.server traces the messages in the wixlint output');
  // Opened once the workbench is up: a file opened with the page would be shown before the extension's editors are known.
  await openWithQuickOpen(page, 'Components.wxs');
  await page
    .locator('.monaco-editor .squiggly-error')
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS })
    .catch(async (error) => {
      await screenshot(page, 'installed-failed');
      throw new Failure(`the installed extension shows no problems in Components.wxs: ${error.message}`);
    });
  await openWithQuickOpen(page, 'Inspector.msi');
  const frame = await inspectorFrame(page).catch(async (error) => {
    await screenshot(page, 'installed-failed');
    throw error;
  });
  await poll(
    '#platform to show x64 in the installed inspector',
    async () => /x64/.test((await frame.locator('#platform').textContent()) ?? ''),
    STEP_TIMEOUT_MS,
  );
  log('installed extension: problems shown, the package opens in the inspector');
  await screenshot(page, 'installed');
  await page.close();
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** What to read after a failure: the extension host logs, the wixlint output channel and code-server's own output. */
function printLogs() {
  const logs = listFiles(path.join(userDataDir, 'logs')).filter((f) => /exthost|wixlint/i.test(path.relative(userDataDir, f)) && f.endsWith('.log'));
  for (const file of logs) {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (!text) continue;
    console.log(`\n----- ${path.relative(userDataDir, file)} -----\n${text.split('\n').slice(-200).join('\n')}`);
  }
  console.log(`\n----- code-server output -----\n${serverOutput.trim().split('\n').slice(-100).join('\n')}`);
}

async function main() {
  requirements();
  ensureInstalled();
  let watchdog;
  const overtime = new Promise((_, reject) => {
    watchdog = setTimeout(() => reject(new Failure(`the run did not finish within ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
  });
  try {
    await Promise.race([run(), overtime]);
  } finally {
    clearTimeout(watchdog);
  }
}

async function run() {
  compileSuite();
  const msi = buildMsi();
  const port = await startCodeServer();
  const context = await launchBrowser();
  const code = await runSuite(context, port, makeWorkspace('suite', msi));
  if (code !== 0) throw new Failure(`the extension-host suite failed (exit code ${code})`);
  await checkUi(context, port, makeWorkspace('ui', msi));
  await checkInstalled(context, msi);
}

async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse())
    await Promise.resolve()
      .then(cleanup)
      .catch(() => {});
}

// code-server runs in its own process group: stop it on Ctrl+C too.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\ne2e: ${signal}, stopping`);
    void cleanUp().then(() => process.exit(130));
  });
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`\ne2e FAILED: ${error instanceof Failure ? error.message : (error?.stack ?? error)}`);
  if (userDataDir) printLogs();
} finally {
  await cleanUp();
}
log(failed ? 'failed' : 'passed');
// A step cut short by the watchdog may still hold a timer; the result is known, so end here.
process.exit(failed ? 1 : 0);
