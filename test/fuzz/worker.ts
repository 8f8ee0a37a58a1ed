// One slice of a long fuzzing run, in a worker thread so that scripts/fuzz.mjs can stop an input that never ends: the
// worker publishes the index of the input it runs and counts every run, and the main thread watches both.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { fuzz, type Target, type TargetName } from './runner';
import { createTarget } from './targets';

export interface WorkerData {
  target: TargetName;
  seed: number;
  start: number;
  /** How long the slice runs, in milliseconds. */
  ms: number;
  crashDir: string;
  known: string[];
  /** Int32 [index of the input being run, runs so far], shared with the main thread. */
  progress: SharedArrayBuffer;
  shrinkMs: number;
}

async function main(data: WorkerData): Promise<void> {
  const progress = new Int32Array(data.progress);
  const target = createTarget(data.target, 'long');
  // Shrinking runs inputs too: counting runs, not inputs, tells a slow shrink from a hung input.
  const watched: Target = {
    ...target,
    run(input) {
      Atomics.add(progress, 1, 1);
      return target.run(input);
    },
  };
  try {
    const stats = await fuzz(watched, {
      seed: data.seed,
      start: data.start,
      until: performance.now() + data.ms,
      crashDir: data.crashDir,
      known: new Set(data.known),
      shrinkMs: data.shrinkMs,
      onInput: (index) => Atomics.store(progress, 0, index),
    });
    parentPort!.postMessage({ stats });
  } finally {
    await target.close();
  }
}

void main(workerData as WorkerData);
