// Runs the compiled tests: `node scripts/test.mjs` runs every `*.test.js` below out/test, each file in its own process
// (`node --test`); `--unit` runs the fast tier — the rules, the front ends (WiX, MSI, projects), the model, the engine
// and the fixes — in one process; `--skipped` prints the line `npm test` starts with, naming the tests this machine
// skips for want of a program (test/tools.ts). Helpers next to the tests (builders, fixtures) are never run as tests.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'out', 'test');
/** The fast tier: folders of out/test whose tests need no build of the bundles, no external tool and no editor. */
const UNIT_FOLDERS = ['engine', 'fixes', 'io', 'model', 'msi', 'payload', 'project', 'rules', 'wix'];
/** Tests at the top of out/test that belong to the fast tier too: the layering the fast tier's code must keep. */
const UNIT_FILES = ['architecture.test.js'];
const USAGE =
  'usage: node scripts/test.mjs [--unit | --skipped]\n' +
  '  --unit     only the fast tier (' +
  UNIT_FOLDERS.join(', ') +
  '), in one process\n' +
  '  --skipped  only say which tests this machine skips, for want of which program\n';

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(full);
      return entry.isFile() && entry.name.endsWith('.test.js') ? [full] : [];
    });
}

function main(argv) {
  const unknown = argv.filter((a) => a !== '--unit' && a !== '--skipped');
  if (unknown.length > 0 || argv.length > 1) {
    process.stderr.write(`scripts/test.mjs: ${unknown.length > 0 ? `unknown argument ${unknown[0]}` : 'one option at most'}\n${USAGE}`);
    return 2;
  }
  if (!fs.existsSync(OUT)) {
    process.stderr.write('scripts/test.mjs: out/test is missing: compile first (npx tsc -b, or npm run build)\n');
    return 2;
  }
  if (argv.includes('--skipped')) {
    const { skippedSummary } = createRequire(import.meta.url)(path.join(OUT, 'tools.js'));
    process.stdout.write(`${skippedSummary()}\n`);
    return 0;
  }
  if (argv.includes('--unit')) {
    const files = [...UNIT_FILES.map((file) => path.join(OUT, file)), ...UNIT_FOLDERS.flatMap((folder) => testFiles(path.join(OUT, folder)))];
    // One process: node:test runs every test the files register and sets the exit code when one fails.
    const loader = `for (const file of ${JSON.stringify(files)}) require(file);`;
    return spawnSync(process.execPath, ['-e', loader], { stdio: 'inherit' }).status ?? 1;
  }
  return spawnSync(process.execPath, ['--test', ...testFiles(OUT)], { stdio: 'inherit' }).status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
