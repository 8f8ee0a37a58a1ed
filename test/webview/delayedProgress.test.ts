// The inspector's progress notification: only for a package that takes longer than a moment to open.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { withDelayedProgress } from '../../client/src/inspector/delayedProgress';

function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

describe('withDelayedProgress', () => {
  it('shows nothing for quick work', async () => {
    const shown: unknown[] = [];
    assert.equal(
      await withDelayedProgress(after(5, 'overview'), 200, (task) => {
        shown.push(task);
        return task;
      }),
      'overview',
    );
    assert.deepEqual(shown, []);
  });

  it('hands slow work to the progress display, which sees it through', async () => {
    const shown: Promise<string>[] = [];
    const task = after(120, 'overview');
    assert.equal(
      await withDelayedProgress(task, 20, (t) => {
        shown.push(t);
        return t;
      }),
      'overview',
    );
    assert.deepEqual(shown, [task]);
  });

  it('passes a failure through, shown or not', async () => {
    const quick = Promise.reject(new Error('not a package'));
    await assert.rejects(
      withDelayedProgress(quick, 200, () => assert.fail('no progress for quick work')),
      /not a package/,
    );
    const slow = after(60, undefined).then(() => Promise.reject(new Error('truncated')));
    let shown = 0;
    await assert.rejects(
      withDelayedProgress(slow, 10, (t) => {
        shown++;
        return t;
      }),
      /truncated/,
    );
    assert.equal(shown, 1);
  });
});
