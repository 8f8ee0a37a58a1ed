// The fixes parse each document once: the problems of one code-action request (and the next ones) share the trees.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseFixDocument, type FixDocument } from '../../server/src/fixes/fix';

describe('parseFixDocument', () => {
  it('parses a document once per text, and again when its text changes', () => {
    const document: FixDocument = { file: 'Product.wxs', text: '<Wix><Component Id="A" /></Wix>' };
    const first = parseFixDocument(document);
    assert.equal(parseFixDocument(document), first);
    // An equal text in another object is another document: parsed on its own.
    assert.notEqual(parseFixDocument({ ...document }), first);
    document.text = '<Wix><Component Id="B" /></Wix>';
    const second = parseFixDocument(document);
    assert.notEqual(second, first);
    assert.equal(second.text, document.text);
  });
});
