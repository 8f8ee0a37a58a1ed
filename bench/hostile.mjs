// Benchmarks the command line on hostile sources that once stopped it: includes that fan out, one element with 40,000
// attributes, 100,000 nested elements, an include of /dev/zero, a large document malformed at its end.
// `node bench/hostile.mjs [--quick] [--json]`
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  alignedTable,
  exitWith,
  formatMb,
  medianOfRuns,
  parseOptions,
  progress,
  requireBuild,
  roundFloats,
  runWithPeakRss,
  showArgs,
} from './common.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK_DIR = path.join(ROOT, 'bench', '.work', 'hostile');
const DIST_DIR = path.join(ROOT, 'dist');
const CLI_BIN = path.join(ROOT, 'bin', 'wixlint.js');
const RUNS = { full: 5, quick: 1 };

const V3 = 'xmlns="http://schemas.microsoft.com/wix/2006/wi"';
const fragment = (inner) => `<?xml version="1.0"?>\n<Wix ${V3}>\n  <Fragment>\n${inner}\n  </Fragment>\n</Wix>\n`;

/**
 * What is measured: wixlint end to end, process start to exit, on a folder holding one generated case, less the same
 * run on an empty fragment (node's start and wixlint's loading, 130-170 ms on this machine, are not the input's
 * doing). `limitMs` is the target of the full size for that difference; `expect` is the start of the problem the case must end with, so that a case that stops
 * early for another reason is not mistaken for a fast one.
 */
const SCENARIOS = [
  {
    name: 'include fan-out',
    unit: 'levels',
    fullSize: 30,
    quickSize: 18,
    limitMs: 1000,
    // Each include file includes the next one twice: 2^levels expansions without a cycle.
    write: (levels) => ({
      'Product.wxs': fragment('    <?include level1.wxi ?>'),
      ...Object.fromEntries(
        Array.from({ length: levels }, (_, i) => [
          `level${i + 1}.wxi`,
          `<Include>\n${i + 1 < levels ? `  <?include level${i + 2}.wxi ?>\n  <?include level${i + 2}.wxi ?>` : '  <Property Id="Leaf" Value="1" />'}\n</Include>\n`,
        ]),
      ),
    }),
    expect: 'parse-error Product.wxs expands its includes more than',
  },
  {
    name: 'attributes',
    unit: 'attributes',
    fullSize: 40_000,
    quickSize: 5_000,
    limitMs: 200,
    write: (n) => ({
      'Product.wxs': fragment(`    <Property Id="Wide" ${Array.from({ length: n }, (_, i) => `A${i}="v${i}"`).join(' ')} />`),
    }),
    expect: undefined,
  },
  {
    name: 'nesting',
    unit: 'levels',
    fullSize: 100_000,
    quickSize: 10_000,
    limitMs: 300,
    write: (n) => ({
      'Product.wxs': fragment(`${'<Directory Id="D">\n'.repeat(n)}${'</Directory>\n'.repeat(n)}`),
    }),
    expect: 'parse-error Elements are nested more than',
  },
  {
    name: 'malformed at the end',
    unit: 'elements',
    fullSize: 100_000,
    quickSize: 10_000,
    // fast-xml-parser alone takes about half a second to read this far here.
    limitMs: 1500,
    // Text between elements, values in attributes, and the one error at the very end: a scan must not restart per item.
    write: (n) => ({
      'Product.wxs': fragment(`${Array.from({ length: n }, (_, i) => `    <Property Id="P${i}">value ${i}</Property>`).join('\n')}\n    <Unclosed>`),
    }),
    expect: 'parse-error The end tag </Fragment> does not match',
  },
  {
    name: 'include of /dev/zero',
    unit: '',
    fullSize: 1,
    quickSize: 1,
    limitMs: 1000,
    skip: fs.existsSync('/dev/zero') ? undefined : 'no /dev/zero here',
    write: () => ({ 'Product.wxs': fragment('    <?include /dev/zero ?>') }),
    expect: "parse-error The include file '/dev/zero' cannot be read",
  },
];

const USAGE =
  'usage: node bench/hostile.mjs [--quick] [--json]\n' +
  '  --quick  1 run each, smaller cases; figures only, no verdict, exits 0 (CI smoke run)\n' +
  '  --json   print the figures as JSON instead of a table\n';

function main() {
  const options = parseOptions(process.argv.slice(2), USAGE);
  requireBuild([DIST_DIR], CLI_BIN);
  const runs = options.quick ? RUNS.quick : RUNS.full;
  fs.mkdirSync(WORK_DIR, { recursive: true });

  const startup = medianOfRuns(runs, () => runCli(writeCase('startup', 0, { 'Product.wxs': fragment('') })));
  const results = SCENARIOS.map((scenario) => benchmark(scenario, options.quick ? scenario.quickSize : scenario.fullSize, runs));
  // The quick run only keeps the benchmark working: one sample of a smaller case is no ground for a verdict.
  for (const r of results) if (!r.skipped) r.workMs = Math.max(0, r.ms - startup.ms);
  const verdicts = options.quick ? undefined : results.map(evaluateTarget);

  if (options.json) {
    process.stdout.write(JSON.stringify({ runs, startup, results, ...(verdicts ? { verdicts } : {}) }, roundFloats, 2) + '\n');
  } else {
    const note = `wixlint on an empty fragment, for comparison: ${startup.ms.toFixed(0)} ms, ${(startup.rssKb / 1024).toFixed(0)} MB`;
    process.stdout.write([renderTable(results), '', note, ...(verdicts ? ['', renderVerdicts(verdicts)] : [])].join('\n') + '\n');
  }
  return verdicts === undefined || verdicts.every((v) => v.pass !== false) ? 0 : 1;
}

function benchmark(scenario, size, runs) {
  if (scenario.skip) {
    progress(`${scenario.name}: skipped, ${scenario.skip}`);
    return { scenario: scenario.name, size, skipped: scenario.skip };
  }
  const dir = writeCase(scenario.name, size, scenario.write(size));
  const bytes = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
  progress(`${scenario.name}: ${scenario.unit ? `${size} ${scenario.unit}, ` : ''}${formatMb(bytes)} MB, ${runs} run(s)`);
  const problem = firstProblem(dir);
  if (scenario.expect !== undefined && !problem.startsWith(scenario.expect)) {
    throw new Error(`${scenario.name}: expected a problem starting '${scenario.expect}', got ${problem ? `'${problem}'` : 'none'}`);
  }
  const measured = medianOfRuns(runs, () => runCli(dir));
  return { scenario: scenario.name, size, unit: scenario.unit, bytes, limitMs: scenario.limitMs, problem, ...measured };
}

function writeCase(name, size, files) {
  // A folder of its own, given whole: problems inside include files are reported too.
  const dir = path.join(WORK_DIR, `${name.replace(/[^a-z0-9]+/gi, '-')}-${size}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

function runCli(dir) {
  const args = [CLI_BIN, '--format', 'json', dir];
  return runWithPeakRss(args, `node ${showArgs(args)}`, { stdio: 'ignore' });
}

/** `ruleId message` of the first problem wixlint reports on the case, or '' for none: a run outside the timed ones. */
function firstProblem(dir) {
  const child = spawnSync(process.execPath, [CLI_BIN, '--format', 'json', dir], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (child.status !== 0 && child.status !== 1)
    throw new Error(`wixlint failed on ${showArgs([dir])} (${child.status ?? child.signal}): ${child.stderr.trim()}`);
  const first = JSON.parse(child.stdout).problems[0];
  return first ? `${first.ruleId} ${first.message}` : '';
}

function evaluateTarget(r) {
  const name = `${r.scenario}${r.unit ? `, ${r.size.toLocaleString('en-US')} ${r.unit}` : ''}`;
  if (r.skipped) return { name, pass: undefined, text: `skipped: ${r.skipped}` };
  return {
    name,
    value: r.workMs,
    limit: r.limitMs,
    pass: r.workMs <= r.limitMs,
    text: `${r.workMs.toFixed(1)} ms beyond an empty fragment (${r.ms.toFixed(0)} ms end to end) <= ${r.limitMs} ms`,
  };
}

function renderTable(results) {
  const header = ['scenario', 'size', 'files MB', 'wixlint ms', 'beyond empty ms', 'RSS MB', 'target ms', 'first problem'];
  const rows = results.map((r) =>
    r.skipped
      ? [r.scenario, '', '', '', '', '', '', `skipped: ${r.skipped}`]
      : [
          r.scenario,
          r.unit ? `${r.size.toLocaleString('en-US')} ${r.unit}` : '',
          formatMb(r.bytes),
          r.ms.toFixed(0),
          r.workMs.toFixed(0),
          (r.rssKb / 1024).toFixed(0),
          String(r.limitMs),
          r.problem.length > 60 ? `${r.problem.slice(0, 59)}…` : r.problem || 'none',
        ],
  );
  return alignedTable(header, rows, { firstLeft: true });
}

function renderVerdicts(verdicts) {
  return verdicts
    .map(
      (v) =>
        `${v.pass === undefined ? 'SKIP' : v.pass ? 'PASS' : 'FAIL'}  ${v.name}: ${v.pass === undefined ? v.text : `${v.text} ${v.pass ? 'ok' : 'over the target'}`}`,
    )
    .join('\n');
}

try {
  process.exitCode = main();
} catch (e) {
  exitWith(2, `bench: ${e instanceof Error ? e.message : String(e)}\n`);
}
