// Writes the command-line samples of README.md and the pages under docs/ from the real output: each ```text block that
// runs one `npx wixlint` command gets the output of that command, run as test/readme.test.ts runs it (from the
// repository, no terminal, an empty environment, so 100 columns and no colour). `node scripts/readme-samples.mjs`
// after `npm run build`; `--check` only says which samples differ, and exits 1 if any does.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** README.md and every markdown page below docs/, in code-unit order. */
function markdownFiles() {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'), { recursive: true })
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f).split(path.sep).join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ['README.md', ...docs];
}
const MAIN = path.join(ROOT, 'out', 'server', 'src', 'cli', 'main.js');
const COMMAND = '$ npx wixlint ';

async function run(args) {
  const { runCli } = createRequire(import.meta.url)(MAIN);
  let stdout = '';
  await runCli(args, { stdout: (s) => (stdout += s), stderr: () => undefined, cwd: ROOT, env: {}, isTTY: false, version: '0.0.0' });
  return stdout.replace(/\n$/, '').split('\n');
}

async function main(argv) {
  const check = argv.includes('--check');
  if (!fs.existsSync(MAIN)) {
    process.stderr.write('scripts/readme-samples.mjs: out/ is missing: run `npm run build` first\n');
    return 2;
  }
  const stale = [];
  for (const file of markdownFiles()) {
    const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    const out = [];
    let changed = false;
    for (let i = 0; i < lines.length; i++) {
      out.push(lines[i]);
      if (lines[i] !== '```text') continue;
      const end = lines.indexOf('```', i + 1);
      const block = lines.slice(i + 1, end);
      const commands = block.filter((l) => l.startsWith('$ '));
      if (commands.length !== 1 || !block[0].startsWith(COMMAND) || block.length < 2) continue;
      const output = await run(block[0].slice(COMMAND.length).split(' '));
      if (output.join('\n') !== block.slice(1).join('\n')) {
        stale.push(`${file} line ${i + 2}: ${block[0]}`);
        changed = true;
      }
      out.push(block[0], ...output);
      i = end - 1;
    }
    if (changed && !check) fs.writeFileSync(path.join(ROOT, file), out.join('\n'));
  }
  if (check) {
    for (const s of stale) process.stdout.write(`stale: ${s}\n`);
    return stale.length > 0 ? 1 : 0;
  }
  process.stdout.write(
    stale.length > 0 ? `rewrote ${stale.length} sample(s):\n${stale.map((s) => `  ${s}\n`).join('')}` : 'the samples are current\n',
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
