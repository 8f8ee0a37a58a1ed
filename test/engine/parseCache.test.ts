// The server's parse cache: unchanged texts keep their trees, changed ones are parsed again, and the size is bounded.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lintSources } from '../../server/src/engine/lint';
import { LoweringCache } from '../../server/src/engine/loweringCache';
import { ParseCache } from '../../server/src/engine/parseCache';
import { parseXml, type XmlDocument } from '../../server/src/wix/xml';

const WIX = (body: string): string => `<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">${body}</Wix>`;

describe('ParseCache', () => {
  it('keeps the tree while the text is the same, and parses a changed text again', () => {
    const cache = new ParseCache();
    const first = cache.parse('a.wxs', WIX('<Fragment />'));
    assert.equal(cache.parse('a.wxs', WIX('<Fragment />')), first);
    const changed = cache.parse('a.wxs', WIX('<Fragment Id="F" />'));
    assert.notEqual(changed, first);
    assert.equal(cache.parse('a.wxs', WIX('<Fragment Id="F" />')), changed);
    assert.equal(cache.size, 1);
  });

  it('drops the least recently used trees beyond its size, and never keeps a text larger than it', () => {
    const text = WIX('<Fragment />');
    const cache = new ParseCache(text.length * 2);
    const a = cache.parse('a.wxs', text);
    const b = cache.parse('b.wxs', text);
    cache.parse('a.wxs', text); // a is now the most recent
    const c = cache.parse('c.wxs', text); // b goes
    assert.equal(cache.size, 2);
    assert.equal(cache.parse('c.wxs', text), c);
    assert.equal(cache.parse('a.wxs', text), a);
    assert.notEqual(cache.parse('b.wxs', text), b);
    // b came back in, c (now the least recent) went; a huge text is parsed but kept out, and evicts nothing.
    const huge = WIX(`<Fragment>${' '.repeat(text.length * 3)}</Fragment>`);
    assert.notEqual(cache.parse('h.wxs', huge), cache.parse('h.wxs', huge));
    assert.equal(cache.size, 2);
    assert.equal(cache.parse('a.wxs', text), a);
    cache.forget('a.wxs');
    assert.notEqual(cache.parse('a.wxs', text), a);
  });
});

describe('lintSources with a parse function', () => {
  it('parses the sources and their includes through it', () => {
    const parsed: string[] = [];
    const cache = new ParseCache();
    const parse = (file: string, text: string): XmlDocument => {
      parsed.push(file);
      return cache.parse(file, text);
    };
    const include = '<Include><?define Bits = "yes" ?></Include>';
    const options = {
      platforms: ['x86' as const, 'x64' as const],
      defines: {},
      includePaths: [],
      env: {},
      severities: {},
      host: { readFile: (file: string) => (file === '/p/Config.wxi' ? include : undefined) },
      parse,
    };
    const inputs = [{ path: '/p/Product.wxs', text: WIX('<?include Config.wxi ?><Fragment />') }];
    lintSources(inputs, options);
    // The include once for both platforms (the lint shares it), the source once.
    assert.deepEqual(parsed, ['/p/Product.wxs', '/p/Config.wxi']);
    lintSources(inputs, options);
    assert.deepEqual(parsed, ['/p/Product.wxs', '/p/Config.wxi', '/p/Product.wxs', '/p/Config.wxi']);
    assert.equal(cache.size, 2);
  });

  it('parses a source with CRLF line ends once for all its platforms', () => {
    // A tree's text has its line ends normalized: the lint must still know it is the tree of the text it was given.
    let parses = 0;
    const parse = (file: string, text: string): XmlDocument => {
      parses++;
      return parseXml(file, text);
    };
    const text = WIX('\r\n  <Fragment>\r\n    <Component Id="C" Guid="*" Directory="D" />\r\n  </Fragment>\r\n');
    lintSources([{ path: '/p/Product.wxs', text }], {
      platforms: ['x86', 'x64', 'arm64'],
      defines: {},
      includePaths: [],
      env: {},
      severities: {},
      host: { readFile: () => undefined },
      parse,
    });
    assert.equal(parses, 1);
  });
});

describe('LoweringCache', () => {
  it("keeps a CRLF source's normalized text while its text is the same, and counts it in its bound", () => {
    const crlf = 'a\r\nb\r\n';
    const cache = new LoweringCache(20);
    assert.equal(cache.lfText('a.wxs', crlf), 'a\nb\n');
    assert.equal(cache.size, crlf.length + 4);
    // An LF text is its own normalized text: counted once.
    assert.equal(cache.lfText('b.wxs', 'c\nd\n'), 'c\nd\n');
    assert.equal(cache.size, crlf.length + 4 + 4);
    // A new text of a.wxs replaces its entry, normalized copy and all.
    assert.equal(cache.lfText('a.wxs', 'x\r\n'), 'x\n');
    assert.equal(cache.size, 4 + 3 + 2);
    // Past the bound, the least recently used go: b.wxs first.
    cache.lfText('c.wxs', 'y'.repeat(12));
    assert.equal(cache.size, 3 + 2 + 12);
  });
});
