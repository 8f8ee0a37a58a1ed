// The extension-host test suite's entry point: VS Code loads this module and awaits run(); a rejection fails the run.
import { diagnosticsTests } from './diagnostics';
import { fixesTests } from './fixes';
import { inspectorTests } from './inspector';
import { navigationTests } from './navigation';
import { runTests } from './runner';

export async function run(): Promise<void> {
  // In this order: the fixes edit the examples (the quick fix reverts its edit; the split, last, keeps it).
  const { failed, passed } = await runTests([...diagnosticsTests, ...navigationTests, ...inspectorTests, ...fixesTests]);
  if (failed > 0) throw new Error(`${failed} of ${failed + passed} end-to-end tests failed`);
}
