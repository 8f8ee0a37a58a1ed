// Long fuzzing runs: `npm run fuzz -- --minutes N [--target msi|source|lsp] [--seed S]` rotates through the targets in
// slices, each in a worker thread that the main thread stops when one input runs for too long, and saves every new kind of
// failure under test/fuzz/crashes/ (the input and a JSON sidecar), where the quick test replays it from then on. Prints
// inputs per second and counts per target at the end; exits 1 when it saved a failure. Needs the compiled tests (tsc -b).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FUZZ = path.join(ROOT, 'out', 'test', 'fuzz');
const CRASHES = path.join(ROOT, 'test', 'fuzz', 'crashes');
const USAGE = 'usage: npm run fuzz -- --minutes N [--target msi|source|lsp] [--seed S]\n';
/** Each target runs this long before the next one's turn. */
const SLICE_MS = 30_000;
/** An input still running after this long is stopped and saved; one that ends after its budget is reported by the runner. */
const HANG_MS = 30_000;
/** Time a failing input may spend being shrunk before it is saved. */
const SHRINK_MS = 10_000;

function parse(argv) {
  const options = { minutes: 1, targets: undefined, seed: (Date.now() ^ (process.pid << 16)) >>> 0 };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--minutes':
        options.minutes = Number(value);
        if (!(options.minutes > 0)) return `--minutes needs a positive number, not '${value}'`;
        i++;
        break;
      case '--target':
        if (!['msi', 'source', 'lsp'].includes(value)) return `--target is msi, source or lsp, not '${value}'`;
        options.targets = [value];
        i++;
        break;
      case '--seed':
        options.seed = Number(value) >>> 0;
        if (!/^\d+$/.test(value ?? '')) return `--seed needs a whole number, not '${value}'`;
        i++;
        break;
      default:
        return `unknown argument '${argv[i]}'`;
    }
  }
  return options;
}

/** Runs one slice; resolves with its stats, or with the hung input's index when the watchdog had to stop it. */
function slice(target, seed, start, ms, known) {
  const progress = new SharedArrayBuffer(8);
  const counters = new Int32Array(progress);
  Atomics.store(counters, 0, start);
  const worker = new Worker(path.join(FUZZ, 'worker.js'), {
    workerData: { target, seed, start, ms, crashDir: CRASHES, known, progress, shrinkMs: SHRINK_MS },
  });
  return new Promise((resolve, reject) => {
    let lastRuns = -1;
    let since = Date.now();
    const watchdog = setInterval(() => {
      const runs = Atomics.load(counters, 1);
      if (runs !== lastRuns) {
        lastRuns = runs;
        since = Date.now();
      } else if (Date.now() - since > HANG_MS) {
        clearInterval(watchdog);
        const index = Atomics.load(counters, 0);
        void worker.terminate().then(() => resolve({ hung: index }));
      }
    }, 250);
    worker.on('message', (message) => {
      clearInterval(watchdog);
      resolve(message);
    });
    worker.on('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
  });
}

async function main(argv) {
  const options = parse(argv);
  if (typeof options === 'string') {
    process.stderr.write(`scripts/fuzz.mjs: ${options}\n${USAGE}`);
    return 2;
  }
  if (!fs.existsSync(path.join(FUZZ, 'worker.js'))) {
    process.stderr.write('scripts/fuzz.mjs: out/test/fuzz is missing: compile first (npx tsc -b)\n');
    return 2;
  }
  const require = createRequire(import.meta.url);
  const runner = require(path.join(FUZZ, 'runner.js'));
  const { createTarget } = require(path.join(FUZZ, 'targets.js'));
  const targets = options.targets ?? runner.TARGET_NAMES;
  const known = runner.loadCrashes(CRASHES).map((c) => c.sidecar.signature);
  process.stdout.write(`fuzzing ${targets.join(', ')} for ${options.minutes} min with seed ${options.seed}\n`);

  const totals = new Map(targets.map((t) => [t, { inputs: 0, ms: 0, failing: 0, knownHits: 0, next: 0, saved: [] }]));
  const end = Date.now() + options.minutes * 60_000;
  for (let turn = 0; Date.now() < end; turn++) {
    const target = targets[turn % targets.length];
    const total = totals.get(target);
    const ms = Math.min(SLICE_MS, end - Date.now());
    const started = Date.now();
    const result = await slice(target, options.seed, total.next, ms, [...known]);
    if (result.hung !== undefined) {
      // The worker is gone; make the input again from the seed and its index, and save it as a failure of the budget.
      const input = runner.makeInput(createTarget(target, 'long'), options.seed, result.hung);
      const failure = { invariant: 'budget', message: `still running after ${HANG_MS / 1000} s; the fuzzer stopped it` };
      const signature = runner.signatureOf(target, failure, input);
      total.inputs += result.hung - total.next + 1;
      total.ms += Date.now() - started;
      total.failing++;
      total.next = result.hung + 1;
      if (!known.includes(signature)) {
        known.push(signature);
        total.saved.push({ file: runner.saveCrash(CRASHES, target, options.seed, { index: result.hung, signature, failure, input }), signature });
      }
      continue;
    }
    const { stats } = result;
    total.inputs += stats.inputs;
    total.ms += stats.ms;
    total.failing += stats.failing;
    total.knownHits += stats.knownHits;
    total.next = stats.next;
    for (const f of stats.failures) {
      known.push(f.signature);
      total.saved.push({ file: f.file, signature: f.signature });
    }
  }

  process.stdout.write('\ntarget   inputs   seconds  inputs/s  failing  new  known\n');
  for (const [target, t] of totals) {
    const rate = t.ms > 0 ? (t.inputs / (t.ms / 1000)).toFixed(1) : '-';
    process.stdout.write(
      `${target.padEnd(8)} ${String(t.inputs).padStart(6)} ${(t.ms / 1000).toFixed(1).padStart(9)} ${rate.padStart(9)} ${String(t.failing).padStart(8)} ${String(t.saved.length).padStart(4)} ${String(t.knownHits).padStart(6)}\n`,
    );
  }
  const saved = [...totals.values()].flatMap((t) => t.saved);
  for (const s of saved) process.stdout.write(`saved ${path.relative(ROOT, s.file)}: ${s.signature}\n`);
  return saved.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
