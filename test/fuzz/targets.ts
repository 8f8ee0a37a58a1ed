// The three fuzz targets by name, sized for the quick test (seconds, inside `npm test`) or a long run (`npm run fuzz`).
import { lspTarget } from './lspTarget';
import { msiTarget } from './msiTarget';
import type { Target, TargetName } from './runner';
import { sourceTarget } from './sourceTarget';

/**
 * quick: repetitions stay in the thousands, far below the sizes that are slow on purpose-built inputs;
 * long: up to 100,000 (attributes on one element, levels of nesting), and the language server's diagnostics are checked
 * every 20 batches; replay: a saved case, with the diagnostics checked after it.
 */
export type Sizing = 'quick' | 'long' | 'replay';

export function createTarget(name: TargetName, sizing: Sizing): Target {
  switch (name) {
    case 'msi':
      return msiTarget();
    case 'source':
      return sourceTarget({ maxRepeat: sizing === 'quick' ? 2000 : 100_000 });
    case 'lsp':
      if (sizing === 'quick') return lspTarget({ scale: { maxRepeat: 200 } });
      return lspTarget({ scale: { maxRepeat: 5000 }, diagnosticsEvery: sizing === 'replay' ? 1 : 20 });
  }
}
