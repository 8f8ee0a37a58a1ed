// Navigation across the project's WiX sources: outline, go to definition, find references, hover and completion of
// the ids the linker resolves (components, directories, features, properties...), from the sources as written.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionItemKind,
  DocumentHighlightKind,
  MarkupKind,
  SymbolKind as LspSymbolKind,
  type CompletionItem,
  type DocumentHighlight,
  type DocumentLink,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type Range,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../wix/lineIndex';
import { directoryBitness } from '../model/directories';
import type { InstallerDb } from '../model/installer';
import {
  attributeContextAt,
  attributeSymbolKind,
  documentSymbols,
  MAX_TAG_LOOKBACK,
  occurrenceAt,
  type DocumentSymbols,
  type OutlineNode,
  type SymbolOccurrence,
} from '../wix/symbols';
import { STANDARD_FOLDERS, standardFolder, type SymbolKind } from '../wix/vocabulary';
import { parseXml, type XmlDocument } from '../wix/xml';
import { LfDocument } from './documents';

export interface NavigationFile {
  file: string;
  uri: string;
  text: string;
}

interface Indexed {
  text: string;
  uri: string;
  symbols: DocumentSymbols;
  /** The symbols of the last well-formed text: completion still offers this file's ids while it is being typed. */
  lastGood: DocumentSymbols;
  /** Over the tree's text (LF line ends), which symbol offsets refer to. */
  lines: LineIndex;
}

const OUTLINE_KINDS: Readonly<Record<string, LspSymbolKind>> = {
  Product: LspSymbolKind.Package,
  Package: LspSymbolKind.Package,
  Module: LspSymbolKind.Package,
  Bundle: LspSymbolKind.Package,
  Fragment: LspSymbolKind.Module,
  Include: LspSymbolKind.Module,
  Directory: LspSymbolKind.Namespace,
  StandardDirectory: LspSymbolKind.Namespace,
  DirectoryRef: LspSymbolKind.Namespace,
  Component: LspSymbolKind.Class,
  ComponentGroup: LspSymbolKind.Module,
  Feature: LspSymbolKind.Interface,
  FeatureGroup: LspSymbolKind.Interface,
  Property: LspSymbolKind.Property,
  CustomAction: LspSymbolKind.Function,
  File: LspSymbolKind.File,
  RegistryKey: LspSymbolKind.Key,
  RegistryValue: LspSymbolKind.Key,
  Class: LspSymbolKind.Object,
  ProgId: LspSymbolKind.Object,
  TypeLib: LspSymbolKind.Object,
};

const COMPLETION_KINDS: Readonly<Record<SymbolKind, CompletionItemKind>> = {
  Binary: CompletionItemKind.File,
  Component: CompletionItemKind.Class,
  ComponentGroup: CompletionItemKind.Module,
  CustomAction: CompletionItemKind.Function,
  Directory: CompletionItemKind.Folder,
  Feature: CompletionItemKind.Interface,
  FeatureGroup: CompletionItemKind.Interface,
  File: CompletionItemKind.File,
  Icon: CompletionItemKind.File,
  Property: CompletionItemKind.Property,
};

/** An id as the WiX compiler accepts it. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.]{0,71}$/;
/** Most workspace symbols one query returns: a longer query narrows it. */
const MAX_WORKSPACE_SYMBOLS = 500;

/** Most completion items one request returns: ids beyond it are found by typing more. */
const MAX_COMPLETIONS = 1000;

/** What the lint learned about components, by where each is defined (the model's location: the element's name), a line per platform. */
export type ComponentFacts = Map<string, string[]>;

export function factKey(file: string, elementNameStart: number): string {
  return `${file}\u0000${elementNameStart}`;
}

/** The key of a directory's facts: directories are known by Id, which is unique in a file. */
export function directoryFactKey(file: string, id: string): string {
  return `${file}\u0000dir\u0000${id}`;
}

/** Folder chains longer than this are cut (a hostile tree, or a cycle in a broken one). */
const MAX_CHAIN = 32;

/**
 * Adds a line per component of a linted package (its bitness, how it is set, its folder and the package's platform)
 * and per directory (its bitness, from the standard folder it sits under, and the chain of folders up to it).
 */
export function collectComponentFacts(db: InstallerDb, facts: ComponentFacts): void {
  if (!db.arch || !db.package) return;
  const folders = directoryBitness(db);
  for (const d of db.directories.values()) {
    if (d.location.kind !== 'source' || d.id.startsWith('__')) continue;
    const chain = [d.id];
    for (
      let parent = d.parent;
      parent !== undefined && parent !== 'TARGETDIR' && chain.length < MAX_CHAIN;
      parent = db.directories.get(parent)?.parent
    ) {
      if (chain.includes(parent)) break;
      chain.push(parent);
    }
    const known = folders.get(d.id);
    const what = known ? `${known.bitness}-bit, under ${known.folder}` : 'no bitness (under no Program Files, Common Files or System folder)';
    const key = directoryFactKey(d.location.file, d.id);
    const lines = facts.get(key) ?? [];
    lines.push(`${db.arch}: ${what}${chain.length > 1 ? ` (${chain.join(' ← ')})` : ''}.`);
    facts.set(key, lines);
  }
  const platform = db.package.platform;
  const packageText = platform ? `${db.package.label} is ${platform.bitness}-bit` : `${db.package.label}'s platform is decided at build time`;
  for (const c of db.components) {
    if (c.location.kind !== 'source') continue;
    const how = c.bitnessAuthored ? ` (${c.bitnessAuthored})` : ' (the default)';
    const folder =
      c.directory === undefined ? '' : `, in ${c.directory}${folders.get(c.directory) ? ` under ${folders.get(c.directory)!.folder}` : ''}`;
    const key = factKey(c.location.file, c.location.start);
    const lines = facts.get(key) ?? [];
    lines.push(`${db.arch}: ${c.bitness}-bit${how}${folder}; ${packageText}.`);
    facts.set(key, lines);
  }
}

/**
 * Whether two occurrences name the same symbol: same id and WiX version, and same kind. A property and a directory
 * share a name space where formatted text or a condition names them (`[INSTALLFOLDER]` is the folder's path): such a
 * reference finds either, and either finds it.
 */
function sameSymbol(x: SymbolOccurrence, o: SymbolOccurrence): boolean {
  const propertyLike = (k: SymbolKind): boolean => k === 'Property' || k === 'Directory';
  return (
    x.id === o.id &&
    x.version === o.version &&
    (x.kind === o.kind || ((o.formatted === true || x.formatted === true) && propertyLike(x.kind) && propertyLike(o.kind)))
  );
}

/** The project's symbols, parsed again only for files whose text changed. */
export class SymbolIndex {
  private readonly files = new Map<string, Indexed>();

  /** `parse` may hand out trees it keeps (the lints' cache): the index only reads them; `facts` are the last lint's. */
  constructor(
    private readonly parse: (file: string, text: string) => XmlDocument = parseXml,
    private readonly facts: () => ComponentFacts = () => new Map(),
  ) {}

  /**
   * Brings the index to these files and texts; files no longer among them are dropped. A `deferred` file the index
   * already holds keeps its entry as it is (completion does not need it current); returns whether one was kept so.
   */
  update(files: readonly NavigationFile[], deferred?: string): boolean {
    const seen = new Set<string>();
    let kept = false;
    for (const f of files) {
      seen.add(f.file);
      const known = this.files.get(f.file);
      // The deferred file's text is not read: it may be a large document that an edit has just changed.
      if (known && f.file === deferred) {
        known.uri = f.uri;
        kept = true;
        continue;
      }
      if (known && known.text === f.text) {
        known.uri = f.uri;
        continue;
      }
      const parsed = this.parse(f.file, f.text);
      const symbols = documentSymbols(parsed);
      const wellFormed = parsed.errors.length === 0;
      this.files.set(f.file, {
        text: f.text,
        uri: f.uri,
        symbols,
        lastGood: wellFormed || !known ? symbols : known.lastGood,
        lines: new LineIndex(parsed.text),
      });
    }
    for (const file of [...this.files.keys()]) if (!seen.has(file)) this.files.delete(file);
    return kept;
  }

  private entry(file: string): Indexed | undefined {
    return this.files.get(file);
  }

  private location(o: SymbolOccurrence): Location | undefined {
    const entry = this.entry(o.file);
    if (!entry) return undefined;
    return { uri: entry.uri, range: { start: entry.lines.positionAt(o.start), end: entry.lines.positionAt(o.end) } };
  }

  private occurrenceAt(file: string, position: Position): { entry: Indexed; occurrence: SymbolOccurrence } | undefined {
    const entry = this.entry(file);
    if (!entry) return undefined;
    const occurrence = occurrenceAt(entry.symbols, entry.lines.offsetAt(position));
    return occurrence ? { entry, occurrence } : undefined;
  }

  /** Every definition (or reference) of a symbol (see sameSymbol), across the files or in the entries given. */
  private all(which: 'defs' | 'refs', o: SymbolOccurrence, entries: Iterable<Indexed> = this.files.values()): SymbolOccurrence[] {
    const out: SymbolOccurrence[] = [];
    for (const entry of entries) for (const x of entry.symbols[which]) if (sameSymbol(x, o)) out.push(x);
    return out;
  }

  outline(file: string): DocumentSymbol[] {
    const entry = this.entry(file);
    if (!entry) return [];
    const convert = (node: OutlineNode): DocumentSymbol => ({
      name: node.name,
      detail: node.name === node.element ? '' : node.element,
      kind: OUTLINE_KINDS[node.element] ?? LspSymbolKind.Object,
      range: { start: entry.lines.positionAt(node.start), end: entry.lines.positionAt(node.end) },
      selectionRange: { start: entry.lines.positionAt(node.selectionStart), end: entry.lines.positionAt(node.selectionEnd) },
      children: node.children.map(convert),
    });
    return entry.symbols.outline.map(convert);
  }

  definition(file: string, position: Position): Location[] {
    const at = this.occurrenceAt(file, position);
    if (!at) return [];
    return this.all('defs', at.occurrence).flatMap((d) => this.location(d) ?? []);
  }

  references(file: string, position: Position, includeDeclaration: boolean): Location[] {
    const at = this.occurrenceAt(file, position);
    if (!at) return [];
    const found = [...(includeDeclaration ? this.all('defs', at.occurrence) : []), ...this.all('refs', at.occurrence)];
    return found.flatMap((o) => this.location(o) ?? []);
  }

  /** The id under the cursor and its range, when it can be renamed: one the project defines, not a standard folder. */
  prepareRename(file: string, position: Position): { range: Range; placeholder: string } | undefined {
    const at = this.occurrenceAt(file, position);
    if (!at || this.renameRefusal(at.occurrence) !== undefined) return undefined;
    const range = this.location(at.occurrence)?.range;
    return range ? { range, placeholder: at.occurrence.id } : undefined;
  }

  /** Why an id cannot be renamed, or undefined when it can. */
  private renameRefusal(o: SymbolOccurrence): string | undefined {
    if (/[$!]\(/.test(o.id)) return `'${o.id}' is made by the preprocessor or the binder; rename what it is made of instead.`;
    if (o.kind === 'Directory' && standardFolder(o.id) !== undefined) return `'${o.id}' is a Windows Installer standard folder: its name is fixed.`;
    if (this.all('defs', o).length === 0) return `'${o.id}' is not defined in the project, so it cannot be renamed here.`;
    return undefined;
  }

  /**
   * Renames an id everywhere the project defines or references it; a string says why it cannot be (the cursor on no id,
   * an id the project does not define, a standard folder, a new name the WiX compiler would refuse — a letter or
   * underscore, then letters, digits, underscores and periods, at most 72 characters — or a directory's new name that
   * is a standard folder's).
   */
  rename(file: string, position: Position, newName: string): WorkspaceEdit | string {
    const at = this.occurrenceAt(file, position);
    if (!at) return 'There is no WiX id to rename here.';
    const refusal = this.renameRefusal(at.occurrence);
    if (refusal !== undefined) return refusal;
    if (!IDENTIFIER.test(newName)) {
      return `'${newName}' is not a valid WiX id: it must start with a letter or underscore and hold only letters, digits, underscores and periods (at most 72).`;
    }
    if (at.occurrence.kind === 'Directory' && standardFolder(newName) !== undefined) {
      return `'${newName}' is a Windows Installer standard folder: a directory of the project cannot take its name. Pick a name of its own.`;
    }
    const changes: Record<string, TextEdit[]> = {};
    for (const o of [...this.all('defs', at.occurrence), ...this.all('refs', at.occurrence)]) {
      const location = this.location(o);
      if (location) (changes[location.uri] ??= []).push({ range: location.range, newText: newName });
    }
    return { changes };
  }

  /** Every place this file names the symbol under the cursor: definitions written, references read. */
  highlights(file: string, position: Position): DocumentHighlight[] {
    const at = this.occurrenceAt(file, position);
    if (!at) return [];
    // Only this file's symbols: every occurrence in an entry is from its file.
    return [
      ...this.all('defs', at.occurrence, [at.entry]).map((o) => ({ o, kind: DocumentHighlightKind.Write })),
      ...this.all('refs', at.occurrence, [at.entry]).map((o) => ({ o, kind: DocumentHighlightKind.Read })),
    ].flatMap(({ o, kind }) => {
      const location = this.location(o);
      return location ? [{ range: location.range, kind }] : [];
    });
  }

  /** Links on `<?include?>` file names to the files they resolve to: beside the document, then on the include paths. */
  includeLinks(file: string, includePaths: readonly string[], exists: (path: string) => boolean): DocumentLink[] {
    const entry = this.entry(file);
    if (!entry || !path.isAbsolute(file)) return [];
    const links: DocumentLink[] = [];
    for (const inc of entry.symbols.includes) {
      // A name made by the preprocessor is known only per platform.
      if (/\$\(/.test(inc.target)) continue;
      const candidates = path.isAbsolute(inc.target) ? [inc.target] : [path.dirname(file), ...includePaths].map((d) => path.join(d, inc.target));
      const found = candidates.find(exists);
      if (!found) continue;
      links.push({
        range: { start: entry.lines.positionAt(inc.start), end: entry.lines.positionAt(inc.end) },
        target: pathToFileURL(found).href,
        tooltip: found,
      });
    }
    return links;
  }

  /** Ids the project defines whose name contains the query (ignoring case), for "go to symbol in workspace". */
  workspaceSymbols(query: string): SymbolInformation[] {
    const q = query.toLowerCase();
    const out: SymbolInformation[] = [];
    for (const entry of this.files.values()) {
      for (const d of entry.symbols.defs) {
        if (d.id === '' || !d.id.toLowerCase().includes(q)) continue;
        const location = this.location(d);
        if (location) out.push({ name: d.id, kind: OUTLINE_KINDS[d.element] ?? LspSymbolKind.Object, location, containerName: d.element });
        if (out.length >= MAX_WORKSPACE_SYMBOLS) return out;
      }
    }
    return out;
  }

  hover(file: string, position: Position): Hover | undefined {
    const at = this.occurrenceAt(file, position);
    if (!at) return this.anonymousComponentHover(file, position);
    const o = at.occurrence;
    const defs = this.all('defs', o);
    const refs = this.all('refs', o);
    // What a formatted reference names is what defines it: a directory's path or a property.
    const kind = o.formatted && defs.length > 0 ? defs[0]!.kind : o.kind;
    const lines = [`**${kind}** \`${o.id}\``];
    const standard = o.kind === 'Directory' || (o.formatted && o.kind === 'Property') ? standardFolder(o.id)?.description : undefined;
    if (standard) lines.push('', `Windows Installer standard folder. ${standard}`);
    const where = (d: SymbolOccurrence): string => {
      const entry = this.entry(d.file);
      const line = entry ? entry.lines.positionAt(d.start).line + 1 : 0;
      return `\`${path.basename(d.file)}\` line ${line} (${d.element})`;
    };
    if (defs.length === 1) lines.push('', `Defined in ${where(defs[0]!)}.`);
    else if (defs.length > 1) lines.push('', `Defined ${defs.length} times: ${defs.map(where).join(', ')}.`);
    else if (!standard)
      lines.push(
        '',
        o.formatted && o.kind === 'Property'
          ? 'Not defined in the project: Windows Installer or the package sets it (ProductName, INSTALLLEVEL...), or it comes from the command line.'
          : 'Not defined in the project.',
      );
    if (o.kind === 'Component' || kind === 'Directory') {
      const built = defs.flatMap(
        (d) => this.facts().get(d.kind === 'Directory' ? directoryFactKey(d.file, d.id) : factKey(d.file, d.elementName.start)) ?? [],
      );
      if (built.length > 0) lines.push('', ...built.map((b) => `- ${b}`));
    }
    lines.push('', `${refs.length} reference${refs.length === 1 ? '' : 's'}.`);
    const range = this.location(o)?.range;
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, ...(range ? { range } : {}) };
  }

  /** A component without an Id (WiX v4 generates one), hovered on its element name: what the last lint found. */
  private anonymousComponentHover(file: string, position: Position): Hover | undefined {
    const entry = this.entry(file);
    if (!entry) return undefined;
    const offset = entry.lines.offsetAt(position);
    const find = (nodes: readonly OutlineNode[]): OutlineNode | undefined => {
      for (const n of nodes) {
        if (offset < n.start || offset > n.end) continue;
        if (n.element === 'Component' && n.selectionStart === n.start + 1 && offset >= n.selectionStart && offset <= n.selectionEnd) return n;
        return find(n.children);
      }
      return undefined;
    };
    const node = find(entry.symbols.outline);
    if (!node) return undefined;
    const built = this.facts().get(factKey(file, node.selectionStart)) ?? [];
    const lines = ['**Component** (no Id: the compiler generates one)', ...(built.length > 0 ? ['', ...built.map((b) => `- ${b}`)] : [])];
    return {
      contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
      range: { start: entry.lines.positionAt(node.selectionStart), end: entry.lines.positionAt(node.selectionEnd) },
    };
  }

  /**
   * Ids for the attribute value at the position: those the project defines of the kind the attribute wants. Answered
   * from the document's text around the cursor and the index as it is: the document being typed in is not parsed again
   * (its own ids are those of its last well-formed text).
   */
  completion(file: string, document: TextDocument, position: Position): CompletionItem[] {
    const entry = this.entry(file);
    const offset = document.offsetAt(position);
    // Only the tag being typed matters: read without joining a large document's text after an edit.
    const before =
      document instanceof LfDocument ? document.textBefore(offset, MAX_TAG_LOOKBACK + 1) : { text: document.getText().slice(0, offset), start: 0 };
    const found = attributeContextAt(before.text, offset - before.start);
    if (!found) return [];
    const context = { ...found, valueStart: found.valueStart + before.start };
    const wanted = attributeSymbolKind(context.element, context.attribute);
    if (!wanted) return [];
    const version = entry?.lastGood.version;
    const replace = { start: document.positionAt(context.valueStart), end: position };
    const items = new Map<string, CompletionItem>();
    for (const [f, indexed] of this.files) {
      const symbols = f === file ? indexed.lastGood : indexed.symbols;
      if (version !== undefined && symbols.version !== undefined && symbols.version !== version) continue;
      for (const d of symbols.defs) {
        if (d.kind !== wanted || d.id === '' || items.has(d.id)) continue;
        items.set(d.id, {
          label: d.id,
          kind: COMPLETION_KINDS[d.kind],
          detail: `${d.element} in ${path.basename(d.file)}`,
          textEdit: { range: replace, newText: d.id },
        });
      }
    }
    if (wanted === 'Directory') {
      for (const [id, { description, wix4 }] of Object.entries(STANDARD_FOLDERS)) {
        if (items.has(id) || (version === 3 && wix4)) continue;
        items.set(id, {
          label: id,
          kind: CompletionItemKind.Folder,
          detail: 'standard folder',
          documentation: { kind: MarkupKind.Markdown, value: description },
          // After the project's own directories.
          sortText: `~${id}`,
          textEdit: { range: replace, newText: id },
        });
      }
    }
    return [...items.values()].slice(0, MAX_COMPLETIONS);
  }
}
