// The XML layer: element and attribute offsets, entities, namespaces, CRLF, and errors instead of exceptions.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { attributesOf, parseXml, type XmlElement } from '../../server/src/wix/xml';

function first(el: XmlElement, local: string): XmlElement {
  for (const c of el.children) if (c.type === 'element' && c.local === local) return c;
  throw new Error(`no <${local}>`);
}

describe('parseXml', () => {
  it('gives element and attribute ranges that point at the source text', () => {
    const text = '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">\n  <Component Id="Core" Bitness = \'always64\' />\n</Wix>';
    const doc = parseXml('a.wxs', text);
    assert.deepEqual(doc.errors, []);
    const c = first(doc.root!, 'Component');
    assert.equal(text.slice(c.start, c.nameEnd), '<Component');
    assert.equal(text.slice(c.start, c.end), '<Component Id="Core" Bitness = \'always64\' />');
    assert.deepEqual(
      attributesOf(c).map((a) => [a.name, a.value, text.slice(a.start, a.end), text.slice(a.valueStart, a.valueEnd)]),
      [
        ['Id', 'Core', 'Id="Core"', 'Core'],
        ['Bitness', 'always64', "Bitness = 'always64'", 'always64'],
      ],
    );
    assert.equal(c.ns, 'http://wixtoolset.org/schemas/v4/wxs');
    assert.equal(text.slice(doc.root!.start, doc.root!.end), text);
  });

  it('normalizes CRLF and CR to LF, keeping every line and column of the original', () => {
    const text = '<Wix>\r\n\r\n  <A Id="x"/>\r<B/>\r\n</Wix>\r\n';
    const doc = parseXml('a.wxs', text);
    assert.equal(doc.text, '<Wix>\n\n  <A Id="x"/>\n<B/>\n</Wix>\n');
    const a = first(doc.root!, 'A');
    assert.equal(doc.text.slice(a.start, a.end), '<A Id="x"/>');
    assert.equal(doc.text.slice(attributesOf(a)[0]!.start, attributesOf(a)[0]!.end), 'Id="x"');
    const b = first(doc.root!, 'B');
    assert.equal(doc.text.slice(b.start, b.end), '<B/>');
  });

  it('decodes entities and normalizes white space in attribute values', () => {
    const doc = parseXml('a.wxs', '<R K="a&amp;b &lt;c&gt; &#65;&#x42;\tx" Q=\'it&apos;s "q"\' />');
    assert.deepEqual(
      attributesOf(doc.root!).map((a) => a.value),
      ['a&b <c> AB x', 'it\'s "q"'],
    );
  });

  it('resolves prefixed namespaces and keeps processing instructions in order', () => {
    const text = '<Wix xmlns="urn:w" xmlns:util="urn:u"><?define A = "1" ?><util:Search Id="s"/><B/></Wix>';
    const doc = parseXml('a.wxs', text);
    const kids = doc.root!.children;
    assert.equal(kids[0]!.type, 'pi');
    const pi = kids[0]!;
    if (pi.type === 'pi') {
      assert.equal(pi.target, 'define');
      assert.equal(pi.data.trim(), 'A = "1"');
      assert.equal(text.slice(pi.start, pi.end), '<?define A = "1" ?>');
    }
    assert.deepEqual(
      kids.filter((k): k is XmlElement => k.type === 'element').map((k) => [k.name, k.local, k.ns]),
      [
        ['util:Search', 'Search', 'urn:u'],
        ['B', 'B', 'urn:w'],
      ],
    );
  });

  it('returns one error with its place for malformed input, never throws', () => {
    const cases: [string, string, number][] = [
      ['<Wix><A></Wix>', 'The end tag </Wix> does not match the start tag <A> on line 1: is </A> missing?', 8],
      ['<Wix>\n<A Id="1" Id="2"/></Wix>', "Attribute 'Id' is given twice in <A>.", 16],
      ['<Wix><A Id="1"Name="2"/></Wix>', 'Attributes in <A> must be separated by white space.', 14],
      ['<Wix><!-- open', "The comment is not closed with '-->'.", 5],
      ['<Wix/><Wix/>', 'Only one root element is allowed; <Wix> is a second one.', 6],
    ];
    for (const [text, message, start] of cases) {
      const doc = parseXml('bad.wxs', text);
      assert.equal(doc.root, undefined, text);
      assert.deepEqual(
        doc.errors.map((e) => [e.message, e.start]),
        [[message, start]],
        text,
      );
    }
  });

  it('refuses absurd nesting with a clear message at the element that passes 256 levels, empty or not', () => {
    const message = 'Elements are nested more than 256 levels deep; wixlint does not read documents this deep.';
    for (const depth of [300, 100_000]) {
      // The 257th <a> starts at 256 * 3.
      assert.deepEqual(parseXml('deep.wxs', '<a>'.repeat(depth) + '</a>'.repeat(depth)).errors, [{ start: 768, end: 770, message }]);
    }
    assert.deepEqual(parseXml('deep.wxs', '<a>'.repeat(256) + '<b/>' + '</a>'.repeat(256)).errors, [{ start: 768, end: 770, message }]);
    assert.ok(parseXml('ok.wxs', '<a>'.repeat(255) + '<b/>' + '</a>'.repeat(255)).root);
    assert.ok(parseXml('ok.wxs', '<a>'.repeat(256) + '</a>'.repeat(256)).root);
  });

  it('reads 40,000 attributes of one element, and finds a duplicate among any number', () => {
    const names = Array.from({ length: 40_000 }, (_, i) => `A${i}`);
    const element = (list: string[]) => `<Wix><P ${list.map((n) => `${n}="v"`).join(' ')}/></Wix>`;
    const doc = parseXml('wide.wxs', element(names));
    assert.deepEqual(doc.errors, []);
    const read = attributesOf(first(doc.root!, 'P'));
    assert.equal(read.length, 40_000);
    assert.deepEqual([read[0]!.name, read[39_999]!.name], ['A0', 'A39999']);
    // Up to 16 attributes are compared by offsets, then by a set of their names: a duplicate on either side of the change.
    for (const count of [2, 15, 16, 17, 40_000]) {
      const text = element([...names.slice(0, count), 'A1']);
      const errors = parseXml('twice.wxs', text).errors;
      assert.deepEqual(
        errors,
        [{ start: text.lastIndexOf('A1='), end: text.lastIndexOf('A1=') + 2, message: "Attribute 'A1' is given twice in <P>." }],
        String(count),
      );
    }
  });

  it('locates an error at the end of a large document', () => {
    // Text and attribute values before the error, none with an entity: each once searched the rest of the document for '&'.
    const text = `<Wix>\n${'<P Id="x">v</P>\n'.repeat(20_000)}<Open></Wix>`;
    assert.deepEqual(parseXml('late.wxs', text).errors, [
      {
        start: text.length - 6,
        end: text.length,
        message: 'The end tag </Wix> does not match the start tag <Open> on line 20002: is </Open> missing?',
      },
    ]);
  });

  it('survives hostile input', () => {
    for (const text of ['\u0000\u0001<', '<<<<', '<?', '<a b="', '</x>', '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', '<a>' + '<b>'.repeat(5000)]) {
      const doc = parseXml('h.wxs', text);
      assert.ok(doc.root !== undefined || doc.errors.length === 1, JSON.stringify(text.slice(0, 20)));
    }
  });
});
