// reparseXml: a new version's tree made by reading again only the element around the change must be, node for node and
// offset for offset, the tree parseXml builds from the new text, whatever the edits (property test over seeded random
// edit sequences), and a change it cannot place must fall back to a whole parse.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ParseCache } from '../../server/src/engine/parseCache';
import {
  attributeCount,
  attributeName,
  attributeRange,
  attributeValue,
  attributeValueRange,
  parseXml,
  reparseXml,
  type XmlDocument,
  type XmlNode,
} from '../../server/src/wix/xml';
import { Random } from '../fuzz/random';

// This file runs as out/test/wix/reparse.test.js.
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Everything a reader of the tree can see, as plain data. */
function shape(doc: XmlDocument): unknown {
  const node = (n: XmlNode): unknown => {
    if (n.type === 'text') return ['text', n.value];
    if (n.type === 'pi') return ['pi', n.target, n.data, n.start, n.dataStart, n.end];
    const attributes = [];
    for (let i = 0; i < attributeCount(n); i++) {
      attributes.push([attributeName(n, i), attributeValue(n, i), attributeRange(n, i), attributeValueRange(n, i)]);
    }
    return ['element', n.name, n.local, n.ns, n.file, n.start, n.nameEnd, n.end, n.plain, attributes, n.children.map(node)];
  };
  return {
    text: doc.text,
    root: doc.root ? node(doc.root) : undefined,
    prolog: doc.prolog.map(node),
    errors: doc.errors,
    nodeCount: doc.nodeCount,
    depth: doc.depth,
  };
}

/** Snippets an edit inserts: typing, markup that opens, closes or breaks elements, directives, namespaces, line ends. */
const SNIPPETS = [
  'a',
  'x',
  ' ',
  '"',
  "'",
  '<',
  '>',
  '/',
  '=',
  '$(var.Win64)',
  '&amp;',
  '&',
  '\r\n',
  '\n        ',
  '<!-- note -->',
  '<![CDATA[ x < y ]]>',
  '<?define X = "1" ?>',
  '<?if $(sys.BUILDARCH) = x64 ?>',
  '<?endif?>',
  '<File Source="a.dll" />',
  '<Component Id="New" Win64="yes"><File Source="b.dll" /></Component>',
  '</Component>',
  '<Component>',
  ' Win64="yes"',
  ' xmlns:util="http://schemas.microsoft.com/wix/UtilExtension"',
  '<util:XmlFile Id="x" />',
  'Id="',
];

/** Well-formed content to put between two tags. */
const ELEMENTS = [
  '<File Source="a.dll" />',
  '<Component Id="New" Win64="yes"><File Source="b.dll" /></Component>',
  '<!-- note -->',
  '<?define X = "1" ?>',
];

function randomEdit(text: string, random: Random): string {
  const at = random.below(text.length + 1);
  // Mostly what typing does to a document that reads: a value changed, an element put between two tags.
  if (random.chance(0.3)) {
    const gt = text.indexOf('>', at);
    return gt < 0 ? text : text.slice(0, gt + 1) + random.pick(ELEMENTS) + text.slice(gt + 1);
  }
  switch (random.chance(0.5) ? 3 : random.below(3)) {
    case 0:
      return text.slice(0, at) + random.pick(SNIPPETS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + random.between(1, 12)));
    case 2:
      return text.slice(0, at) + random.pick(SNIPPETS) + text.slice(Math.min(text.length, at + random.between(1, 6)));
    default: {
      // Inside an attribute value or between tags, where typing mostly happens.
      const quote = text.indexOf('"', at);
      return quote < 0 ? text : text.slice(0, quote + 1) + random.pick(['y', 'es', '0', '$']) + text.slice(quote + 1);
    }
  }
}

const BASES: Record<string, string> = {
  'examples/v3/Product.wxs': fs.readFileSync(path.join(ROOT, 'examples/v3/Product.wxs'), 'utf8'),
  'examples/v3/Components.wxs': fs.readFileSync(path.join(ROOT, 'examples/v3/Components.wxs'), 'utf8'),
  'examples/v4/Package.wxs': fs.readFileSync(path.join(ROOT, 'examples/v4/Package.wxs'), 'utf8'),
  // CRLF line ends, a prefix declared below the root, deep nesting.
  'crlf.wxs': [
    '<?xml version="1.0"?>',
    '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">',
    '  <Fragment>',
    '    <DirectoryRef Id="INSTALLFOLDER" xmlns:util="http://wixtoolset.org/schemas/v4/wxs/util">',
    ...Array.from(
      { length: 40 },
      (_, n) => `      <Component Id="C${n}" Bitness="always${n % 2 ? 64 : 32}"><File Source="f${n}.dll" /><util:XmlFile Id="X${n}" /></Component>`,
    ),
    '    </DirectoryRef>',
    '    <?define Y = "2" ?>',
    '  </Fragment>',
    '</Wix>',
    '',
  ].join('\r\n'),
};

describe('reparseXml', () => {
  it('equals a whole parse after every edit of 40 seeded random sequences of 25 edits', () => {
    let patched = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const random = new Random(seed);
      const names = Object.keys(BASES);
      const name = names[seed % names.length]!;
      const cache = new ParseCache();
      let text = BASES[name]!;
      let good = text;
      let before = cache.parse(name, text);
      for (let step = 0; step < 25; step++) {
        // A user mostly fixes what they broke: a text that does not parse is usually taken back by the next edit.
        text = before.errors.length > 0 && random.chance(0.7) ? good : randomEdit(text, random);
        const doc = cache.parse(name, text);
        if (before.root !== undefined && doc.root === before.root) patched++;
        const whole = parseXml(name, text);
        assert.deepEqual(shape(doc), shape(whole), `seed ${seed}, edit ${step + 1} of ${name}`);
        if (whole.errors.length === 0) good = text;
        before = doc;
      }
    }
    // Most edits land inside one element: the property is tested on patched trees, not only on whole parses.
    assert.ok(patched > 250, `${patched} of 1000 edits patched the tree`);
  });

  it('reads again only the element around the change: the rest of the tree is the same objects, moved', () => {
    const text = BASES['crlf.wxs']!;
    const before = parseXml('a.wxs', text);
    const fragment = before.root!.children.find((c) => c.type === 'element')!;
    assert.equal(fragment.type, 'element');
    const after = reparseXml(before, text.replace('<Component Id="C3" Bitness="always64">', '<Component Id="C3" Bitness="always32">'));
    assert.equal(after.root, before.root);
    assert.deepEqual(shape(after), shape(parseXml('a.wxs', after.text)));
    // A change of length moves what follows.
    const longer = reparseXml(after, after.text.replace('<File Source="f5.dll" />', '<File Source="f5-renamed.dll" />'));
    assert.equal(longer.root, before.root);
    assert.deepEqual(shape(longer), shape(parseXml('a.wxs', longer.text)));
  });

  it('parses whole what it cannot place: a change in the root start tag, the prolog, or a broken element', () => {
    const text = BASES['examples/v3/Components.wxs']!;
    for (const changed of [
      text.replace('<Wix xmlns', '<Wix  xmlns'),
      text.replace('<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?>'),
      text.replace('</Component>', ''),
    ]) {
      const before = parseXml('c.wxs', text);
      const after = reparseXml(before, changed);
      assert.notEqual(after.root, before.root);
      assert.deepEqual(shape(after), shape(parseXml('c.wxs', changed)));
    }
  });
});
