// The language server's memory between edits. Each lint of a large document leaves the previous version's tree and
// model behind, and V8 collects old objects only once its heap has grown well past what is alive: a server editing a
// 5 MB document peaked at 500-700 MB for some 90 MB alive. ProjectLinter asks for a major collection halfway through
// the pause in typing after such a lint (bench/lsp.mjs: a peak of about 250 MB), where it delays no lint and, in the
// usual case, no request.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

type Collect = (options: { type: 'major'; execution: 'async' }) => void;

let collect: Collect | null | undefined;

/** V8's collector as `--expose-gc` gives it, asked for once; null where it cannot be had. */
function collector(): Collect | null {
  if (collect === undefined) {
    try {
      if (typeof globalThis.gc !== 'function') v8.setFlagsFromString('--expose-gc');
      const found: unknown = globalThis.gc ?? vm.runInNewContext('gc');
      collect = typeof found === 'function' ? (found as Collect) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Starts a major collection that runs concurrently with what follows (V8 marks incrementally); nothing where none can be had. */
export function collectGarbageSoon(): void {
  collector()?.({ type: 'major', execution: 'async' });
}
