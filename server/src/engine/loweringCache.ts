// A document's lowering, kept with its tree for a caller that lints again and again (the editor): an edit in one file
// of a unit lowers that file again and takes the other files' sections as they were — the 10 KB product being typed in
// is lowered, the 5 MB fragment heat harvested beside it is not.
import type { AssumptionIndex } from '../model/assumptions';
import type { InputDiagnostic } from '../model/installer';
import type { BuildArch } from '../model/platform';
import type { Section } from '../wix/link';
import type { UndefinedUse } from '../wix/preprocess';
import type { XmlDocument } from '../wix/xml';

/** What preprocessing and lowering one document for one platform gave. Kept as made: never handed to the linker itself. */
export interface LoweredDocument {
  sections: readonly Section[];
  diagnostics: readonly InputDiagnostic[];
  uses: readonly UndefinedUse[];
  assumptions: AssumptionIndex;
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

export class LoweringCache {
  /** By tree: a document whose text changed is another tree (see ParseCache), so its old entries are simply never asked for. */
  private readonly byDocument = new WeakMap<XmlDocument, Map<string, LoweredDocument>>();
  /** How many times each file was lowered rather than taken from here: what the tests count. */
  readonly lowered = new Map<string, number>();

  /**
   * The document's lowering in the context `key` (loweringContextKey): the kept one, or `lower()`'s, kept when it read nothing but the document
   * (`selfContained`: a document with includes is lowered each time, as what it includes may have changed).
   */
  lower(doc: XmlDocument, key: string, lower: () => { lowered: LoweredDocument; selfContained: boolean }): LoweredDocument {
    const known = this.byDocument.get(doc)?.get(key);
    if (known) return known;
    this.lowered.set(doc.file, (this.lowered.get(doc.file) ?? 0) + 1);
    const { lowered, selfContained } = lower();
    if (selfContained) {
      let byContext = this.byDocument.get(doc);
      if (!byContext) this.byDocument.set(doc, (byContext = new Map()));
      byContext.set(key, lowered);
    }
    return lowered;
  }
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
