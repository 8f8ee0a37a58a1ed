// The fuzzing loop the quick test and `npm run fuzz` share: make input i of a seeded run, run it against a target within
// its budget, and keep each new kind of failure as a file in test/fuzz/crashes/ with a JSON sidecar, so that it is
// replayed as a regression test from then on.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { inputSeed, Random } from './random';

export type TargetName = 'msi' | 'source' | 'lsp';
export const TARGET_NAMES: readonly TargetName[] = ['msi', 'source', 'lsp'];

export interface FuzzInput {
  /** The extension the input is saved under, which also tells the target how to read it back: msi, wxs, wxi, jsonl... */
  ext: string;
  bytes: Uint8Array;
  /** The seed it was made from. */
  origin: string;
  /** What was done to the seed, in order. */
  mutations: string[];
}

/** The invariants a run must keep; the name of the one broken goes in the sidecar. */
export type Invariant =
  | 'no-exception' // nothing the input does makes the product throw
  | 'budget' // every input is done within the target's budget
  | 'exit-code' // the command line exits 0, 1 or 2
  | 'no-stack-trace' // and prints no stack trace
  | 'json-output' // --format json, sarif and inspect's JSON parse
  | 'answers' // the language server answers the next request, correctly
  | 'alive'; // and is still running

export interface Failure {
  invariant: Invariant;
  message: string;
}

export interface Target {
  readonly name: TargetName;
  /** How long one input may take, in milliseconds, measured around `run`. */
  readonly budgetMs: number;
  /** How a failing input is shrunk before it is saved: by lines, then bytes, or not at all. */
  readonly shrink: readonly ('lines' | 'bytes')[];
  /** A pure function of the random source: input i of a run is made again from the run's seed and i alone. */
  make(random: Random): FuzzInput;
  /** Runs the input and says which invariant it broke, if any. Throws only when the harness itself breaks. */
  run(input: FuzzInput): Promise<Failure | undefined>;
  close(): Promise<void>;
}

export interface FoundFailure {
  index: number;
  signature: string;
  failure: Failure;
  input: FuzzInput;
  /** Where it was saved, when it was. */
  file?: string;
}

export interface RunOptions {
  seed: number;
  /** The first input's index (a long run resumes where its last slice stopped). */
  start?: number;
  /** Stop after this many inputs... */
  count?: number;
  /** ...or at this performance.now() time, whichever comes first. */
  until?: number;
  /** Save new failures here; absent: only return them. */
  crashDir?: string;
  /** Signatures already known (saved earlier): not saved again. */
  known?: Set<string>;
  /** Milliseconds a failing input may spend being shrunk before it is saved (0: saved as made). */
  shrinkMs?: number;
  /** Called before each input runs, so a watchdog can tell which one hangs. */
  onInput?(index: number): void;
}

export interface RunStats {
  target: TargetName;
  inputs: number;
  ms: number;
  /** The first failure of each signature. */
  failures: FoundFailure[];
  /** Every input that failed, including repeats of a signature already found. */
  failing: number;
  /** Inputs that failed in a known way (their signature was saved before). */
  knownHits: number;
  /** The index after the last input run. */
  next: number;
}

/** Input `index` of the run seeded with `seed`. */
export function makeInput(target: Target, seed: number, index: number): FuzzInput {
  return target.make(new Random(inputSeed(seed, index)));
}

/** Runs one input, turning a throw and an overrun of the budget into failures. */
export async function runInput(target: Target, input: FuzzInput): Promise<Failure | undefined> {
  const started = performance.now();
  let failure: Failure | undefined;
  try {
    failure = await target.run(input);
  } catch (e) {
    failure = { invariant: 'no-exception', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  const ms = performance.now() - started;
  if (!failure && ms > target.budgetMs) failure = { invariant: 'budget', message: `took ${Math.round(ms)} ms; the budget is ${target.budgetMs} ms` };
  return failure;
}

/**
 * What makes two failures the same bug: the target, the invariant and the message's first line with numbers and quoted
 * text blanked, so that offsets, timings and names from the input do not make every hit look new. A message about time
 * says nothing of the cause, so for the budget the kinds of mutation that made the input stand in for it.
 */
export function signatureOf(target: TargetName, failure: Failure, input: FuzzInput): string {
  const line = (failure.message.split('\n', 1)[0] ?? '')
    .replace(/'[^']*'|"[^"]*"/g, "'…'")
    .replace(/\d+/g, 'N')
    .slice(0, 200);
  if (failure.invariant !== 'budget') return `${target} ${failure.invariant}: ${line}`;
  // The mutations that made something huge (a count of 10,000 or more) are the likely cause; else all of them.
  const all = input.mutations.filter((m) => m !== 'shrunk');
  const huge = all.filter((m) => /\b\d{5,}\b/.test(m));
  const kinds = [...new Set((huge.length > 0 ? huge : all).map((m) => m.split(/[:\s]/, 1)[0]!))].sort();
  return `${target} budget: ${line.replace(/^took N ms/, 'too slow')} [${kinds.join(', ')}]`;
}

export async function fuzz(target: Target, options: RunOptions): Promise<RunStats> {
  const stats: RunStats = { target: target.name, inputs: 0, ms: 0, failures: [], failing: 0, knownHits: 0, next: options.start ?? 0 };
  const seen = new Set(options.known ?? []);
  const started = performance.now();
  for (let index = options.start ?? 0; ; index++) {
    if (options.count !== undefined && stats.inputs >= options.count) break;
    if (options.until !== undefined && performance.now() >= options.until) break;
    options.onInput?.(index);
    const input = makeInput(target, options.seed, index);
    const failure = await runInput(target, input);
    stats.inputs++;
    stats.next = index + 1;
    if (!failure) continue;
    stats.failing++;
    const signature = signatureOf(target.name, failure, input);
    if (seen.has(signature)) {
      if (options.known?.has(signature)) stats.knownHits++;
      continue;
    }
    seen.add(signature);
    const found: FoundFailure = { index, signature, failure, input };
    if (options.shrinkMs) found.input = await shrink(target, input, signature, options.shrinkMs);
    if (options.crashDir) found.file = saveCrash(options.crashDir, target.name, options.seed, found);
    stats.failures.push(found);
  }
  stats.ms = performance.now() - started;
  return stats;
}

/** The input split into pieces that can be left out: lines (with their line ends) or single bytes. */
function pieces(bytes: Uint8Array, by: 'lines' | 'bytes'): Uint8Array[] {
  if (by === 'bytes') return Array.from(bytes, (b) => Uint8Array.of(b));
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      out.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

/**
 * Leaves out ever smaller runs of lines, then of bytes, while the input still fails the same way (delta debugging without
 * the complements), until the time is up: the saved case is then small enough to read.
 */
export async function shrink(target: Target, input: FuzzInput, signature: string, ms: number): Promise<FuzzInput> {
  const until = performance.now() + ms;
  let best = input;
  const stillFails = async (candidate: FuzzInput): Promise<boolean> => {
    const failure = await runInput(target, candidate);
    return failure !== undefined && signatureOf(target.name, failure, input) === signature;
  };
  for (const by of target.shrink) {
    let parts = pieces(best.bytes, by);
    for (let chunk = Math.max(1, Math.floor(parts.length / 2)); chunk >= 1 && performance.now() < until; chunk = Math.floor(chunk / 2)) {
      for (let i = 0; i < parts.length && performance.now() < until; ) {
        const kept = [...parts.slice(0, i), ...parts.slice(i + chunk)];
        const candidate = { ...best, bytes: Buffer.concat(kept) };
        if (kept.length > 0 && (await stillFails(candidate))) {
          parts = kept;
          best = { ...candidate, mutations: [...input.mutations, 'shrunk'] };
        } else {
          i += chunk;
        }
      }
      if (chunk === 1) break;
    }
  }
  return best;
}

/** What is saved beside each failing input, as `<target>-<hash>.json`. */
export interface Sidecar {
  target: TargetName;
  /** The input's file name, beside this one. */
  file: string;
  seed: number;
  index: number;
  origin: string;
  mutations: string[];
  invariant: Invariant;
  message: string;
  signature: string;
  /** Set by hand for a failure known and being fixed elsewhere: its replay is a to-do, not a failing test. */
  todo?: string;
}

export function saveCrash(dir: string, target: TargetName, seed: number, found: FoundFailure): string {
  fs.mkdirSync(dir, { recursive: true });
  const hash = createHash('sha1').update(found.input.bytes).digest('hex').slice(0, 12);
  const base = `${target}-${hash}`;
  const file = `${base}.${found.input.ext}`;
  fs.writeFileSync(path.join(dir, file), found.input.bytes);
  const sidecar: Sidecar = {
    target,
    file,
    seed,
    index: found.index,
    origin: found.input.origin,
    mutations: found.input.mutations,
    invariant: found.failure.invariant,
    // Enough to recognize the bug; a stack trace's first frames say where.
    message: found.failure.message.split('\n').slice(0, 6).join('\n'),
    signature: found.signature,
  };
  fs.writeFileSync(path.join(dir, `${base}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
  return path.join(dir, file);
}

export interface SavedCrash {
  sidecar: Sidecar;
  input: FuzzInput;
}

/** The saved cases of a folder, in name order. */
export function loadCrashes(dir: string): SavedCrash[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const sidecar = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Sidecar;
      const bytes = new Uint8Array(fs.readFileSync(path.join(dir, sidecar.file)));
      return { sidecar, input: { ext: path.extname(sidecar.file).slice(1), bytes, origin: sidecar.origin, mutations: sidecar.mutations } };
    });
}
