// Tests the handler wrapper that keeps the language server alive: throws and rejections become a logged fallback.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { runSafe } from '../../server/src/lsp/runSafe';

describe('runSafe', () => {
  it('passes results through, sync and async, without logging', async () => {
    const log: string[] = [];
    assert.equal(
      await runSafe(
        (m) => log.push(m),
        'a',
        0,
        () => 1,
      ),
      1,
    );
    assert.equal(
      await runSafe(
        (m) => log.push(m),
        'b',
        0,
        () => Promise.resolve(2),
      ),
      2,
    );
    assert.deepEqual(log, []);
  });

  it('turns a throw or a rejection into the fallback and one log line naming the handler', async () => {
    const log: string[] = [];
    assert.equal(
      await runSafe(
        (m) => log.push(m),
        'hover',
        'none',
        () => {
          throw new Error('boom');
        },
      ),
      'none',
    );
    assert.equal(
      await runSafe(
        (m) => log.push(m),
        'lint',
        'none',
        () => Promise.reject('bad'),
      ),
      'none',
    );
    assert.equal(log.length, 2);
    assert.match(log[0]!, /^wixlint: hover failed: Error: boom\n/);
    assert.equal(log[1], 'wixlint: lint failed: bad');
  });

  it('answers a request cancelled before it starts, or while it runs, as cancelled, and does no work for the first', async () => {
    const log: string[] = [];
    const before = new CancellationTokenSource();
    before.cancel();
    let ran = false;
    const early = await runSafe(
      (m) => log.push(m),
      'completion',
      [],
      () => {
        ran = true;
        return [1];
      },
      before.token,
    );
    assert.ok(early instanceof ResponseError);
    assert.equal(early.code, LSPErrorCodes.RequestCancelled);
    assert.equal(early.message, 'completion was cancelled');
    assert.equal(ran, false);
    const during = new CancellationTokenSource();
    const late = await runSafe(
      (m) => log.push(m),
      'codeAction',
      [],
      async () => {
        during.cancel();
        return [1];
      },
      during.token,
    );
    assert.ok(late instanceof ResponseError && late.code === LSPErrorCodes.RequestCancelled);
    // Not cancelled: the answer as it is.
    assert.deepEqual(
      await runSafe(
        (m) => log.push(m),
        'hover',
        [],
        () => [2],
        new CancellationTokenSource().token,
      ),
      [2],
    );
    assert.deepEqual(log, []);
  });
});

describe('runSafe logging', () => {
  it('logs a failure once per handler and message, and answers each time with the fallback', async () => {
    const log: string[] = [];
    const push = (m: string): number => log.push(m);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await runSafe(push, 'hover', null, () => {
          throw new TypeError("Cannot read properties of undefined (reading 'uri')");
        }),
      );
    }
    answers.push(await runSafe(push, 'definition', [], () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'uri')"))));
    assert.deepEqual(answers, [null, null, null, []]);
    assert.deepEqual(
      log.map((m) => m.split('\n')[0]),
      [
        "wixlint: hover failed: TypeError: Cannot read properties of undefined (reading 'uri')",
        "wixlint: definition failed: TypeError: Cannot read properties of undefined (reading 'uri')",
      ],
    );
  });
});
