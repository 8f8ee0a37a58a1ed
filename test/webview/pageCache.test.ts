// The inspector's page cache without a browser: pages asked once, answers kept, answers to an older table, sort or
// filter dropped, failed requests asked again.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { PageCache } from '../../client/webview/pageCache';

const rows = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => `row ${from + i}`);

describe('PageCache', () => {
  it('asks for a page once, keeps the answer, and finds rows by their index in view order', () => {
    const cache = new PageCache<string>(200);
    assert.equal(cache.pageOf(199), 0);
    assert.equal(cache.pageOf(200), 1);
    const id = cache.ask(1);
    assert.equal(id, 1);
    assert.equal(cache.ask(1), undefined, 'asked already');
    assert.equal(cache.row(250), undefined);
    assert.equal(cache.receive(id!, rows(200, 200)), 1);
    assert.equal(cache.has(1), true);
    assert.equal(cache.row(250), 'row 250');
    assert.equal(cache.row(399), 'row 399');
    assert.equal(cache.row(400), undefined);
    assert.equal(cache.ask(1), undefined, 'at hand');
  });

  it('drops answers to requests made before a reset (another table, sort or filter), and asks again', () => {
    const cache = new PageCache<string>(10);
    const old = cache.ask(0)!;
    cache.reset();
    const fresh = cache.ask(0)!;
    assert.notEqual(fresh, old);
    assert.equal(cache.receive(old, rows(0, 10)), undefined);
    assert.equal(cache.has(0), false);
    assert.equal(cache.receive(fresh, ['new']), 0);
    assert.equal(cache.row(0), 'new');
    assert.equal(cache.receive(fresh, ['again']), undefined, 'an answer counts once');
    assert.equal(cache.receive(999, ['unknown']), undefined);
  });

  it('forgets a failed request, so that the page is asked for again; says whether the failure is current', () => {
    const cache = new PageCache<string>(10);
    const first = cache.ask(3)!;
    assert.equal(cache.forget(first), true);
    const second = cache.ask(3);
    assert.ok(second !== undefined && second !== first);
    cache.reset();
    assert.equal(cache.forget(second), false, 'from before the reset');
    assert.equal(cache.forget(12345), false);
  });
});
