// A document's lowering, kept by its file and text for a caller that lints again and again (the editor): an edit in one
// file of a unit lowers that file again and takes the other files' sections as they were — the 10 KB product being typed
// in is lowered, the 5 MB fragment heat harvested beside it is not. What else a lint reads of a source (its errors, its
// root, its platform hints, the sections discovery scans) is kept with it, so that a closed file's tree need not be: it
// is parsed again only when its text changes or its lowering is wanted in a context not kept.
import type { AssumptionIndex } from '../model/assumptions';
import type { InputDiagnostic } from '../model/installer';
import type { BuildArch } from '../model/platform';
import type { Section } from '../wix/link';
import type { PlatformHints } from '../wix/platformHints';
import type { SourceSections } from '../wix/sections';
import type { UndefinedUse } from '../wix/preprocess';
import { lfText, type XmlSyntaxError } from '../wix/xml';

/** What preprocessing and lowering one document for one platform gave. Kept as made: never handed to the linker itself. */
export interface LoweredDocument {
  sections: readonly Section[];
  diagnostics: readonly InputDiagnostic[];
  uses: readonly UndefinedUse[];
  assumptions: AssumptionIndex;
}

/** What a lint reads of a source besides its lowering, the same whatever the platform. */
export interface SourceFacts {
  errors: readonly XmlSyntaxError[];
  /** The root element: its names and where its start tag's name lies. */
  root: { local: string; name: string; ns: string; start: number; nameEnd: number } | undefined;
  hints: PlatformHints;
}

/** Everything outside the document that its preprocessing and lowering read, as one comparable string. */
export interface LoweringContext {
  arch: BuildArch;
  defines: Record<string, string>;
  unknownDefines: readonly string[];
  includePaths: readonly string[];
  env: Record<string, string | undefined>;
  currentDir: string | undefined;
}

/** Source text whose lowerings are kept, in UTF-16 code units: the sizes ParseCache keeps trees for. */
const DEFAULT_MAX_CHARS = 64 * 1024 * 1024;

interface Kept {
  text: string;
  /** The text with its line ends normalized (lfText): the text itself when it has no CR. */
  lf: string | undefined;
  facts: SourceFacts | undefined;
  sections: SourceSections | undefined;
  byContext: Map<string, LoweredDocument>;
  /** A lowering of this text read more than the document (its includes): it is lowered from its tree each time. */
  readsIncludes: boolean;
}

export class LoweringCache {
  /** By file, least recently used first; an entry holds one text, and a new text replaces it. */
  private readonly byFile = new Map<string, Kept>();
  private chars = 0;
  /** How many times each file was lowered rather than taken from here: what the tests count. */
  readonly lowered = new Map<string, number>();

  constructor(private readonly maxChars = DEFAULT_MAX_CHARS) {}

  /** The source's facts: the kept ones while its text is the same, else `make()`'s. */
  facts(file: string, text: string, make: () => SourceFacts): SourceFacts {
    const kept = this.entry(file, text);
    kept.facts ??= make();
    return kept.facts;
  }

  /**
   * The source's text with its line ends normalized, as its offsets count them: kept while its text is the same, since a
   * closed file's tree, which has it too, is not (a 5 MB fragment saved with CRLF is not normalized again at every edit).
   */
  lfText(file: string, text: string): string {
    const kept = this.entry(file, text);
    if (kept.lf === undefined) {
      kept.lf = lfText(text);
      this.chars += charsOf(kept) - text.length;
    }
    return kept.lf;
  }

  /** The source's sections as discovery reads them (scanSections): the kept ones while its text is the same, else `make()`'s. */
  sections(file: string, text: string, make: () => SourceSections): SourceSections {
    const kept = this.entry(file, text);
    kept.sections ??= make();
    return kept.sections;
  }

  /**
   * The document's lowering in the context `key` (loweringContextKey): the kept one, or `lower()`'s, kept when it read
   * nothing but the document (`selfContained`: a document with includes is lowered each time, as what it includes may
   * have changed).
   */
  lower(file: string, text: string, key: string, lower: () => { lowered: LoweredDocument; selfContained: boolean }): LoweredDocument {
    const kept = this.entry(file, text);
    const known = kept.byContext.get(key);
    if (known) return known;
    this.lowered.set(file, (this.lowered.get(file) ?? 0) + 1);
    const { lowered, selfContained } = lower();
    if (selfContained) kept.byContext.set(key, lowered);
    else kept.readsIncludes = true;
    return lowered;
  }

  /** Whether a lint of this text of the file needs no tree: its facts are kept, and every lowering of it was kept. */
  keptWhole(file: string, text: string): boolean {
    const kept = this.byFile.get(file);
    return kept !== undefined && kept.text === text && kept.facts !== undefined && kept.byContext.size > 0 && !kept.readsIncludes;
  }

  /** The entry for this text of the file, made anew when its text changed; the least recently used go past the bound. */
  private entry(file: string, text: string): Kept {
    let kept = this.byFile.get(file);
    if (kept) {
      this.byFile.delete(file);
      this.chars -= charsOf(kept);
      if (kept.text !== text) kept = undefined;
    }
    kept ??= { text, lf: undefined, facts: undefined, sections: undefined, byContext: new Map(), readsIncludes: false };
    this.byFile.set(file, kept);
    this.chars += charsOf(kept);
    for (const [oldest, entry] of this.byFile) {
      if (this.chars <= this.maxChars || oldest === file) break;
      this.byFile.delete(oldest);
      this.chars -= charsOf(entry);
    }
    return kept;
  }

  /** The text kept, in UTF-16 code units (what the bound counts). */
  get size(): number {
    return this.chars;
  }
}

/** What an entry keeps of text: its text, and its normalized copy when that is another string. */
function charsOf(kept: Kept): number {
  return kept.text.length + (kept.lf !== undefined && kept.lf !== kept.text ? kept.lf.length : 0);
}

/** A lowering context as one string, made once per platform of a lint and shared by its documents. */
export function loweringContextKey(c: LoweringContext): string {
  return JSON.stringify([c.arch, c.defines, c.unknownDefines, c.includePaths, c.env, c.currentDir ?? null]);
}

/**
 * A kept section as the linker and the payload reader may use it: its lists are its own, and so are the objects they
 * change afterwards (a File's payload, a Merge's module, a chained package's MSI), so the kept one stays as lowered.
 */
export function handOut(s: Section): Section {
  return {
    ...s,
    directories: s.directories.slice(),
    components: s.components.slice(),
    files: s.files.map((f) => ({ ...f })),
    registry: s.registry.slice(),
    customActions: s.customActions.slice(),
    registrySearches: s.registrySearches.slice(),
    properties: s.properties.slice(),
    merges: s.merges.map((m) => ({ ...m })),
    chained: s.chained.map((c) => ({ ...c })),
  };
}
