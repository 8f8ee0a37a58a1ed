// A small sequential test runner for the extension host: runs each test in order, prints its result, counts failures.
import * as util from 'node:util';

export interface Test {
  name: string;
  run: () => Promise<void>;
}

/** Every line starts with this, so that the harness can pick the results out of the extension host's console. */
export const MARK = '[wixlint-e2e]';

/** One test per call; the harness waits for each before starting the next, as they share one editor and workspace. */
export function test(name: string, run: () => Promise<void>): Test {
  return { name, run };
}

export async function runTests(tests: readonly Test[]): Promise<{ passed: number; failed: number }> {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const started = Date.now();
    try {
      await t.run();
      passed++;
      report(`ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      report(`FAIL ${t.name} (${Date.now() - started} ms)`);
      for (const line of (error instanceof Error ? (error.stack ?? error.message) : util.inspect(error)).split('\n')) report(`     ${line}`);
    }
  }
  report(`${passed} passed, ${failed} failed`);
  return { passed, failed };
}

function report(line: string): void {
  console.log(`${MARK} ${line}`);
}
