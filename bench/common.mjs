// What the benchmarks share: their command line (--quick, --json), messages, medians and JSON rounding.

/** Reads `--quick`, `--json` and `--help`; anything else is a usage error (exit 2). */
export function parseOptions(args, usage) {
  const options = { quick: false, json: false };
  for (const arg of args) {
    if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--help' || arg === '-h') exitWith(0, usage);
    else exitWith(2, `bench: unknown argument '${arg}'\n${usage}`);
  }
  return options;
}

export function exitWith(code, message) {
  (code === 0 ? process.stdout : process.stderr).write(message);
  process.exit(code);
}

/** Progress goes to stderr, so that --json output stays clean. */
export function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}

/** Runs `measure` `runs` times and takes the median of each numeric field separately. */
export function medianOfRuns(runs, measure) {
  const samples = Array.from({ length: runs }, () => measure());
  const result = {};
  for (const key of Object.keys(samples[0])) result[key] = median(samples.map((s) => s[key]));
  return result;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** JSON.stringify replacer: three decimals are plenty for milliseconds and ratios. */
export function roundFloats(_key, value) {
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(3)) : value;
}
