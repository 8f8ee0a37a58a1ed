// Token snapshots for syntaxes/wix.tmLanguage.json, tokenized line by line with the engine VS Code itself uses.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

// out/test/syntaxes -> repository root
const root = path.resolve(__dirname, '..', '..', '..');
const grammarPath = path.join(root, 'syntaxes', 'wix.tmLanguage.json');
const scopeName = 'text.xml.wix';

interface Token {
  text: string;
  scopes: string[];
}

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(path.join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (name) => (name === scopeName ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  const loaded = await registry.loadGrammar(scopeName);
  assert.ok(loaded, 'grammar loads');
  grammar = loaded;
});

/** Tokens of every line, carrying the rule stack across lines as the editor does. */
function tokenize(source: string): Token[][] {
  let stack = textmate.INITIAL;
  return source.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** Scopes of the n-th token (0-based) whose text is exactly `text`, anywhere in `source`. */
function scopesOf(source: string, text: string, nth = 0): string[] {
  const matches = tokenize(source)
    .flat()
    .filter((t) => t.text === text);
  assert.ok(matches.length > nth, `no token ${JSON.stringify(text)} (#${nth}) in ${JSON.stringify(source)}`);
  return matches[nth]!.scopes;
}

const S = scopeName;
const TAG = 'meta.tag.xml';
const DQ = 'string.quoted.double.xml';

describe('XML', () => {
  it('scopes element and attribute names, values and tag punctuation', () => {
    const src = '<Component Id="C1" Bitness="always64">';
    assert.deepEqual(scopesOf(src, '<'), [S, TAG, 'punctuation.definition.tag.xml']);
    assert.deepEqual(scopesOf(src, 'Component'), [S, TAG, 'entity.name.tag.xml', 'entity.name.tag.localname.xml']);
    assert.deepEqual(scopesOf(src, 'Id'), [S, TAG, 'entity.other.attribute-name.xml', 'entity.other.attribute-name.localname.xml']);
    assert.deepEqual(scopesOf(src, '='), [S, TAG, 'punctuation.separator.key-value.xml']);
    assert.deepEqual(scopesOf(src, '"'), [S, TAG, DQ, 'punctuation.definition.string.begin.xml']);
    assert.deepEqual(scopesOf(src, 'always64'), [S, TAG, DQ]);
    assert.deepEqual(scopesOf(src, '>'), [S, TAG, 'punctuation.definition.tag.xml']);
  });

  it('splits prefixed names into namespace and local name', () => {
    const src = "<util:XmlFile xmlns:util='http://wixtoolset.org/schemas/v4/wxs/util' />";
    assert.deepEqual(scopesOf(src, 'util'), [S, TAG, 'entity.name.tag.xml', 'entity.name.tag.namespace.xml']);
    assert.deepEqual(scopesOf(src, 'XmlFile'), [S, TAG, 'entity.name.tag.xml', 'entity.name.tag.localname.xml']);
    assert.deepEqual(scopesOf(src, 'xmlns'), [S, TAG, 'entity.other.attribute-name.xml', 'entity.other.attribute-name.namespace.xml']);
    assert.deepEqual(scopesOf(src, 'http://wixtoolset.org/schemas/v4/wxs/util'), [S, TAG, 'string.quoted.single.xml']);
    assert.deepEqual(scopesOf(src, '/>'), [S, TAG, 'punctuation.definition.tag.xml']);
  });

  it('keeps a start tag open across lines', () => {
    const src = '<File Id="f"\n      Source="a.dll"\n      KeyPath="yes" />\n<Next />';
    const lines = tokenize(src);
    assert.deepEqual(lines[1]!.find((t) => t.text === 'Source')?.scopes, [
      S,
      TAG,
      'entity.other.attribute-name.xml',
      'entity.other.attribute-name.localname.xml',
    ]);
    assert.deepEqual(lines[2]!.find((t) => t.text === 'yes')?.scopes, [S, TAG, DQ]);
    assert.deepEqual(lines[3]!.find((t) => t.text === 'Next')?.scopes, [S, TAG, 'entity.name.tag.xml', 'entity.name.tag.localname.xml']);
  });

  it('scopes comments, including multi-line ones, and flags -- inside them', () => {
    const src = '<!-- x64 only -- see ICE80\n<Component Id="Hidden" /> -->\n<Real />';
    assert.deepEqual(scopesOf(src, '<!--'), [S, 'comment.block.xml', 'punctuation.definition.comment.xml']);
    assert.deepEqual(scopesOf(src, ' x64 only '), [S, 'comment.block.xml']);
    assert.deepEqual(scopesOf(src, '--'), [S, 'comment.block.xml', 'invalid.illegal.bad-comments-or-CDATA.xml']);
    assert.deepEqual(scopesOf(src, '<Component Id="Hidden" /> '), [S, 'comment.block.xml']);
    assert.deepEqual(scopesOf(src, 'Real'), [S, TAG, 'entity.name.tag.xml', 'entity.name.tag.localname.xml']);
  });

  it('scopes CDATA, entities and the XML declaration', () => {
    const src = '<?xml version="1.0" encoding="utf-8"?>\n<C><![CDATA[Installed OR $(var.X)]]> &amp;</C>';
    assert.deepEqual(scopesOf(src, '<?'), [S, 'meta.tag.preprocessor.xml', 'punctuation.definition.tag.xml']);
    assert.deepEqual(scopesOf(src, 'xml'), [S, 'meta.tag.preprocessor.xml', 'entity.name.tag.xml']);
    assert.deepEqual(scopesOf(src, 'encoding'), [
      S,
      'meta.tag.preprocessor.xml',
      'entity.other.attribute-name.xml',
      'entity.other.attribute-name.localname.xml',
    ]);
    assert.deepEqual(scopesOf(src, '<![CDATA['), [S, 'string.unquoted.cdata.xml', 'punctuation.definition.string.begin.xml']);
    assert.deepEqual(scopesOf(src, 'Installed OR '), [S, 'string.unquoted.cdata.xml']);
    assert.deepEqual(scopesOf(src, 'var.X'), [S, 'string.unquoted.cdata.xml', 'variable.other.var.wix']);
    assert.deepEqual(scopesOf(src, 'amp'), [S, 'constant.character.entity.xml']);
  });
});

describe('WiX preprocessor', () => {
  it('scopes <?define?> with its name and value', () => {
    const src = '<?define ProductVersion = "1.2.$(var.Build)" ?>';
    const meta = 'meta.preprocessor.define.wix';
    assert.deepEqual(scopesOf(src, '<?'), [S, meta, 'punctuation.definition.tag.xml']);
    assert.deepEqual(scopesOf(src, 'define'), [S, meta, 'keyword.control.directive.define.wix']);
    assert.deepEqual(scopesOf(src, 'ProductVersion'), [S, meta, 'entity.name.variable.preprocessor.wix']);
    assert.deepEqual(scopesOf(src, '='), [S, meta, 'keyword.operator.assignment.wix']);
    assert.deepEqual(scopesOf(src, '1.2.'), [S, meta, 'string.quoted.double.wix']);
    assert.deepEqual(scopesOf(src, 'var.Build'), [S, meta, 'string.quoted.double.wix', 'variable.other.var.wix']);
    assert.deepEqual(scopesOf(src, '?>'), [S, meta, 'punctuation.definition.tag.xml']);
    assert.deepEqual(scopesOf('<?define Arch = x64 ?>', 'x64'), [S, meta, 'string.unquoted.wix']);
  });

  it('scopes $(sys.BUILDARCH), operators and strings inside <?if?>', () => {
    const src = '<?if $(sys.BUILDARCH) = "x64" OR $(Platform) != arm64 ?>';
    const meta = 'meta.preprocessor.conditional.wix';
    assert.deepEqual(scopesOf(src, 'if'), [S, meta, 'keyword.control.directive.conditional.wix']);
    assert.deepEqual(scopesOf(src, '$('), [S, meta, 'variable.other.sys.wix', 'punctuation.definition.variable.begin.wix']);
    assert.deepEqual(scopesOf(src, 'sys.BUILDARCH'), [S, meta, 'variable.other.sys.wix']);
    assert.deepEqual(scopesOf(src, ')'), [S, meta, 'variable.other.sys.wix', 'punctuation.definition.variable.end.wix']);
    assert.deepEqual(scopesOf(src, '='), [S, meta, 'keyword.operator.comparison.wix']);
    assert.deepEqual(scopesOf(src, 'x64'), [S, meta, 'string.quoted.double.wix']);
    assert.deepEqual(scopesOf(src, 'OR'), [S, meta, 'keyword.operator.logical.wix']);
    // WiX v4+: a bare $(Name) means $(var.Name).
    assert.deepEqual(scopesOf(src, 'Platform'), [S, meta, 'variable.other.var.wix']);
    assert.deepEqual(scopesOf(src, '!='), [S, meta, 'keyword.operator.comparison.wix']);
  });

  it('recognises every directive keyword', () => {
    const cases: [string, string, string, string][] = [
      ['<?ifdef Debug?>', 'ifdef', 'conditional', 'conditional'],
      ['<?ifndef var.Debug ?>', 'ifndef', 'conditional', 'conditional'],
      ['<?elseif $(var.A) = 1?>', 'elseif', 'conditional', 'conditional'],
      ['<?else?>', 'else', 'conditional', 'conditional'],
      ['<?endif ?>', 'endif', 'conditional', 'conditional'],
      ['<?include Common.wxi ?>', 'include', 'include', 'include'],
      ['<?foreach LANG in en-us;de-de?>', 'foreach', 'loop', 'loop'],
      ['<?endforeach?>', 'endforeach', 'loop', 'loop'],
      ['<?error Unsupported platform?>', 'error', 'diagnostic', 'diagnostic.error'],
      ['<?warning Deprecated?>', 'warning', 'diagnostic', 'diagnostic.warning'],
      ['<?undef Debug?>', 'undef', 'undef', 'undef'],
    ];
    for (const [src, word, meta, keyword] of cases) {
      assert.deepEqual(scopesOf(src, word), [S, `meta.preprocessor.${meta}.wix`, `keyword.control.directive.${keyword}.wix`], src);
    }
  });

  it('scopes directive arguments', () => {
    assert.deepEqual(scopesOf('<?ifdef var.Debug?>', 'var.Debug'), [S, 'meta.preprocessor.conditional.wix', 'variable.other.var.wix']);
    const include = '<?include $(sys.SOURCEFILEDIR)Common.wxi ?>';
    assert.deepEqual(scopesOf(include, 'Common.wxi'), [S, 'meta.preprocessor.include.wix', 'string.unquoted.include.wix']);
    assert.deepEqual(scopesOf(include, 'sys.SOURCEFILEDIR'), [
      S,
      'meta.preprocessor.include.wix',
      'string.unquoted.include.wix',
      'variable.other.sys.wix',
    ]);
    const foreach = '<?foreach LANG in en-us;de-de?>';
    assert.deepEqual(scopesOf(foreach, 'LANG'), [S, 'meta.preprocessor.loop.wix', 'entity.name.variable.preprocessor.wix']);
    assert.deepEqual(scopesOf(foreach, 'in'), [S, 'meta.preprocessor.loop.wix', 'keyword.operator.in.wix']);
    assert.deepEqual(scopesOf(foreach, ';'), [S, 'meta.preprocessor.loop.wix', 'punctuation.separator.list.wix']);
    assert.deepEqual(scopesOf('<?error No $(env.ARCH)?>', 'env.ARCH'), [
      S,
      'meta.preprocessor.diagnostic.wix',
      'string.unquoted.message.wix',
      'variable.other.env.wix',
    ]);
  });

  it('leaves other processing instructions to XML', () => {
    assert.deepEqual(scopesOf('<?endifx?>', 'endifx'), [S, 'meta.tag.preprocessor.xml', 'entity.name.tag.xml']);
  });
});

describe('WiX references', () => {
  it('scopes $(var.X) inside an attribute value', () => {
    const src = '<File Source="$(var.SourceDir)\\app.exe" />';
    assert.deepEqual(scopesOf(src, '$('), [S, TAG, DQ, 'variable.other.var.wix', 'punctuation.definition.variable.begin.wix']);
    assert.deepEqual(scopesOf(src, 'var.SourceDir'), [S, TAG, DQ, 'variable.other.var.wix']);
    assert.deepEqual(scopesOf(src, ')'), [S, TAG, DQ, 'variable.other.var.wix', 'punctuation.definition.variable.end.wix']);
    assert.deepEqual(scopesOf(src, '\\app.exe'), [S, TAG, DQ]);
  });

  it('scopes !(loc.X), !(bind.X) and $(env.X) in values and text', () => {
    const src = '<Package Name="!(loc.ProductName)" Version="!(bind.FileVersion.App)">$(env.USERNAME) !(loc.Body)</Package>';
    assert.deepEqual(scopesOf(src, '!('), [S, TAG, DQ, 'variable.other.loc.wix', 'punctuation.definition.variable.begin.wix']);
    assert.deepEqual(scopesOf(src, 'loc.ProductName'), [S, TAG, DQ, 'variable.other.loc.wix']);
    assert.deepEqual(scopesOf(src, 'bind.FileVersion.App'), [S, TAG, DQ, 'variable.other.bind.wix']);
    assert.deepEqual(scopesOf(src, 'env.USERNAME'), [S, 'variable.other.env.wix']);
    assert.deepEqual(scopesOf(src, 'loc.Body'), [S, 'variable.other.loc.wix']);
  });

  it('scopes [Property], [#File], [!File], [$Component] and [%ENV] in values', () => {
    const src = '<SetProperty Value="[INSTALLFOLDER] [#App.exe] [!App.exe] [$MainComponent] [%TEMP] [\\[]" />';
    const begin = 'punctuation.definition.variable.begin.wix';
    assert.deepEqual(scopesOf(src, '['), [S, TAG, DQ, 'variable.other.property.wix', begin]);
    assert.deepEqual(scopesOf(src, 'INSTALLFOLDER'), [S, TAG, DQ, 'variable.other.property.wix']);
    assert.deepEqual(scopesOf(src, ']'), [S, TAG, DQ, 'variable.other.property.wix', 'punctuation.definition.variable.end.wix']);
    assert.deepEqual(scopesOf(src, '[#'), [S, TAG, DQ, 'variable.other.file.wix', begin]);
    assert.deepEqual(scopesOf(src, 'App.exe'), [S, TAG, DQ, 'variable.other.file.wix']);
    assert.deepEqual(scopesOf(src, '[!'), [S, TAG, DQ, 'variable.other.file.wix', begin]);
    assert.deepEqual(scopesOf(src, 'MainComponent'), [S, TAG, DQ, 'variable.other.component.wix']);
    assert.deepEqual(scopesOf(src, 'TEMP'), [S, TAG, DQ, 'variable.other.environment.wix']);
    assert.deepEqual(scopesOf(src, '[\\[]'), [S, TAG, DQ, 'constant.character.escape.wix']);
  });

  it('does not treat brackets in text content as property references', () => {
    assert.deepEqual(scopesOf('<Text>see [NOTE]</Text>', 'see [NOTE]'), [S]);
  });
});

describe('extension manifest', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

  it('contributes the grammar and the language configuration to wxs, wxi and wxl', () => {
    const grammars: { language: string; scopeName: string; path: string }[] = manifest.contributes.grammars;
    const languages: { id: string; configuration?: string }[] = manifest.contributes.languages;
    for (const id of ['wxs', 'wxi', 'wxl']) {
      const g = grammars.find((x) => x.language === id);
      assert.ok(g, `grammar for ${id}`);
      assert.equal(g.scopeName, scopeName);
      assert.equal(path.resolve(root, g.path), grammarPath);
      const lang = languages.find((x) => x.id === id);
      assert.equal(lang?.configuration, './language-configuration.json');
    }
    assert.equal(JSON.parse(readFileSync(grammarPath, 'utf8')).scopeName, scopeName);
  });

  it('has a language configuration whose patterns compile', () => {
    const config = JSON.parse(readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));
    const patterns: string[] = [
      config.wordPattern,
      config.indentationRules.increaseIndentPattern,
      config.indentationRules.decreaseIndentPattern,
      config.folding.markers.start,
      config.folding.markers.end,
      ...config.onEnterRules.flatMap((r: { beforeText: string; afterText?: string }) => (r.afterText ? [r.beforeText, r.afterText] : [r.beforeText])),
    ];
    for (const p of patterns) assert.doesNotThrow(() => new RegExp(p), p);
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    assert.ok(increase.test('  <Component Id="C" Guid="*">'));
    assert.ok(!increase.test('  <File Source="a/b.dll" />'));
    assert.ok(!increase.test('  <Text>x</Text>'));
    assert.ok(increase.test('<?if $(sys.BUILDARCH) = x64 ?>'));
    assert.ok(decrease.test('  </Component>'));
    assert.ok(decrease.test('<?endif?>'));
  });
});
