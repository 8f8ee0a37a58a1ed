// What a quick fix is: a title and minimal text edits, in offsets of each file's LF-normalized text.
import { parseXml, type XmlDocument } from '../wix/xml';

/** Replaces [start, end) of `file`'s LF-normalized text with `newText` (which uses LF line ends). */
export interface FixEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  /** Non-overlapping edits, possibly in several files. */
  edits: FixEdit[];
}

/** A file a refactor creates; `file` is named like the documents' (a path or URI), `text` uses LF line ends. */
export interface FileCreation {
  file: string;
  text: string;
}

/** A refactor: edits of existing documents, and new files (never one that exists: the creator must not overwrite). */
export interface Refactor extends Fix {
  creates: FileCreation[];
}

/** A document a fix may read and edit; `file` is opaque to fixes and comes back on their edits. */
export interface FixDocument {
  file: string;
  text: string;
}

/**
 * How fixes parse their documents; a caller that asks again and again (the language server, on each cursor move) passes
 * one that keeps unchanged trees. Fixes only read the trees.
 */
export type Parse = (file: string, text: string) => XmlDocument;

/** What the refactors that create files look at beyond the documents. */
export interface SplitFiles {
  /** Whether a file not among the documents exists (on disk): a created file never takes an existing name. */
  fileExists: (file: string) => boolean;
  /** The text of a file not among the documents (an include that is not open). */
  readFile?: (file: string) => string | undefined;
  /** The .wixproj that compiles a source, with its text; the split then makes it build per ISA. Default: none. */
  projectOf?: (source: string) => { file: string; text: string } | undefined;
  parse?: Parse;
}

/** The trees of the documents, in order. */
export function parseAll(documents: readonly FixDocument[], parse: Parse = parseXml): XmlDocument[] {
  return documents.map((d) => parse(d.file, d.text));
}

/** The text with the edits of one file applied; they must not overlap. */
export function applyEdits(text: string, edits: readonly Pick<FixEdit, 'start' | 'end' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > text.length) throw new RangeError(`overlapping or invalid edit [${e.start}, ${e.end})`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}
