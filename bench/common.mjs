// What the benchmarks share: their command line (--quick, --json), the build check, messages, peak-RSS child runs,
// medians, tables and JSON rounding.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK_DIR = path.join(ROOT, 'bench', '.work');
const RSS_PRELOAD = path.join(ROOT, 'bench', 'maxrss.cjs');

/**
 * Reads `--quick`, `--json` and `--help`, and each option named in `values` with the value after it (as
 * `options[name without --]`); anything else is a usage error (exit 2).
 */
export function parseOptions(args, usage, values = []) {
  const options = { quick: false, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--help' || arg === '-h') exitWith(0, usage);
    else if (values.includes(arg) && i + 1 < args.length) options[arg.slice(2)] = args[++i];
    else exitWith(2, `bench: unknown argument '${arg}'\n${usage}`);
  }
  return options;
}

export function exitWith(code, message) {
  (code === 0 ? process.stdout : process.stderr).write(message);
  process.exit(code);
}

/** Exits 2 unless every file `npm run build` writes (`built`) and the CLI entry point (`bin`) exist. */
export function requireBuild(built, bin) {
  const missing = built.filter((p) => !fs.existsSync(p));
  if (missing.length > 0) {
    const list = missing.map((p) => path.relative(ROOT, p)).join(' and ');
    exitWith(2, `bench: ${list} not found: run \`npm run build\` first.\n`);
  }
  if (!fs.existsSync(bin)) exitWith(2, `bench: ${path.relative(ROOT, bin)} is missing.\n`);
}

/** Progress goes to stderr, so that --json output stays clean. */
export function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}

/** Runs `measure` `runs` times and takes the median of each numeric field separately. */
export function medianOfRuns(runs, measure) {
  return medianOfSamples(Array.from({ length: runs }, () => measure()));
}

/** The median of each numeric field of the samples, separately. */
export function medianOfSamples(samples) {
  const result = {};
  for (const key of Object.keys(samples[0])) result[key] = median(samples.map((s) => s[key]));
  return result;
}

/**
 * `node nodeArgs...` in a fresh process with the peak-RSS preload (bench/maxrss.cjs); wall time is spawn to exit.
 * Exit 1 is fine (wixlint found problems); any other status throws, naming the child `what`. `options` are added to
 * spawnSync's (stdio, maxBuffer).
 */
export function runWithPeakRss(nodeArgs, what, options) {
  const rssFile = path.join(WORK_DIR, `maxrss-${process.pid}.txt`);
  fs.rmSync(rssFile, { force: true });
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--require', RSS_PRELOAD, ...nodeArgs], {
    cwd: ROOT,
    env: { ...process.env, WIXLINT_BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    ...options,
  });
  const ms = performance.now() - start;
  if (child.error) throw child.error;
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`${what} failed (${child.status ?? child.signal}): ${child.stderr.trim()}`);
  }
  const rssKb = Number(fs.readFileSync(rssFile, 'utf8'));
  fs.rmSync(rssFile);
  return { ms, rssKb, outputBytes: Buffer.byteLength(child.stdout ?? '') };
}

/** Command-line arguments as the failure messages show them: paths relative to the repository. */
export function showArgs(args) {
  return args.map((a) => path.relative(ROOT, a) || a).join(' ');
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A header, a rule of dashes and the rows, cells right-aligned to each column's widest (the first column left-aligned
 * with `firstLeft`), two spaces apart.
 */
export function alignedTable(header, rows, { firstLeft = false } = {}) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (firstLeft && i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatMb(bytes) {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** JSON.stringify replacer: three decimals are plenty for milliseconds and ratios. */
export function roundFloats(_key, value) {
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(3)) : value;
}
