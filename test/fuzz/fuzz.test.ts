// Fuzzing as part of the suite: each target runs a few thousand inputs from a fixed seed (the same inputs on every run),
// and every failure a long run saved in test/fuzz/crashes/ is replayed as a regression test. A saved case whose sidecar
// has a `todo` is a known bug not fixed yet: its replay is a to-do, and the quick runs tolerate its signature.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fuzz, loadCrashes, runInput, signatureOf, TARGET_NAMES, type Target, type TargetName } from './runner';
import { createTarget } from './targets';
import { REPO } from './wixMutations';

const CRASHES = path.join(REPO, 'test', 'fuzz', 'crashes');
/** A few seconds each on a 2-core machine; a batch of the language server's is about a dozen messages. */
const QUICK: Record<TargetName, { seed: number; count: number }> = {
  msi: { seed: 1, count: 1500 },
  source: { seed: 1, count: 2000 },
  lsp: { seed: 1, count: 200 },
};

const saved = loadCrashes(CRASHES);
const knownBugs = new Set(saved.filter((c) => c.sidecar.todo !== undefined).map((c) => c.sidecar.signature));

describe('fuzzing with fixed seeds', () => {
  for (const name of TARGET_NAMES) {
    const { seed, count } = QUICK[name];
    it(`${name}: ${count} inputs from seed ${seed} break no invariant`, async (t) => {
      const target = createTarget(name, 'quick');
      t.after(() => target.close());
      const stats = await fuzz(target, { seed, count, known: knownBugs });
      t.diagnostic(`${stats.inputs} inputs in ${Math.round(stats.ms)} ms: ${Math.round(stats.inputs / (stats.ms / 1000))} inputs/s`);
      if (stats.knownHits > 0) t.diagnostic(`${stats.knownHits} inputs failed in ways known and not fixed yet (sidecars with a todo)`);
      // Each new failure with what makes it again: `npm run fuzz -- --target T --seed S` saves it, or see the mutations.
      assert.deepEqual(
        stats.failures.map((f) => `${f.signature} — input ${f.index} from ${f.input.origin}: ${f.input.mutations.join('; ')}`),
        [],
      );
    });
  }
});

describe('saved failures do not come back', () => {
  const targets = new Map<TargetName, Target>();
  after(async () => {
    for (const target of targets.values()) await target.close();
  });
  for (const { sidecar, input } of saved) {
    // A known input that overruns its budget may run for minutes, and code in this process cannot be interrupted: skipped.
    const known = sidecar.todo === undefined ? {} : sidecar.invariant === 'budget' ? { skip: sidecar.todo } : { todo: sidecar.todo };
    it(`${sidecar.file}: ${sidecar.invariant} (${sidecar.origin})`, known, async () => {
      let target = targets.get(sidecar.target);
      if (!target) {
        target = createTarget(sidecar.target, 'replay');
        targets.set(sidecar.target, target);
      }
      const failure = await runInput(target, input);
      assert.equal(failure && `${signatureOf(sidecar.target, failure, input)}\n${failure.message}`, undefined);
    });
  }
});
