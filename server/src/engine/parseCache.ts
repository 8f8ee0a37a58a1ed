// Parsed documents kept between lints and navigation requests: a pause in typing re-parses only what changed.
import { parseXml, reparseXml, type XmlDocument } from '../wix/xml';

/** Source text kept parsed, in UTF-16 code units: enough for large projects, bounded for huge ones. */
const DEFAULT_MAX_CHARS = 64 * 1024 * 1024;

export class ParseCache {
  /**
   * By file, least recently used first. A tree serves every reader of its version; when the file's text changes, the
   * tree is patched into the new version's (reparseXml: only the element around the change is read again) and the
   * old version's document is not handed out again.
   */
  private readonly entries = new Map<string, { text: string; doc: XmlDocument }>();
  private chars = 0;
  /**
   * The text of the versions read (not found here) since the cache was made, in UTF-16 code units, patched or parsed
   * whole: what a lint of them leaves behind grows with it.
   */
  parsedChars = 0;

  /** The files whose trees were asked for since the last dropWhere. */
  private readonly touched = new Set<string>();

  constructor(private readonly maxChars = DEFAULT_MAX_CHARS) {}

  /** The tree of `text`, parsed again only when the file's text changed since the last call. */
  readonly parse = (file: string, text: string): XmlDocument => {
    this.touched.add(file);
    const known = this.entries.get(file);
    if (known) {
      this.entries.delete(file);
      this.chars -= known.text.length;
      if (known.text === text) {
        this.entries.set(file, known);
        this.chars += text.length;
        return known.doc;
      }
    }
    const doc = known ? reparseXml(known.doc, text, known.text) : parseXml(file, text);
    this.parsedChars += text.length;
    if (text.length <= this.maxChars) {
      this.entries.set(file, { text, doc });
      this.chars += text.length;
      for (const [oldest, entry] of this.entries) {
        if (this.chars <= this.maxChars) break;
        this.entries.delete(oldest);
        this.chars -= entry.text.length;
      }
    }
    return doc;
  };

  /**
   * Drops the trees `drop` names, told whether each was asked for since the last call (see IncrementalLint.retain),
   * and starts counting afresh.
   */
  dropWhere(drop: (file: string, text: string, asked: boolean) => boolean): void {
    for (const [file, entry] of this.entries) {
      if (!drop(file, entry.text, this.touched.has(file))) continue;
      this.entries.delete(file);
      this.chars -= entry.text.length;
    }
    this.touched.clear();
  }

  /** Forgets a file (closed, deleted). */
  forget(file: string): void {
    const known = this.entries.get(file);
    if (!known) return;
    this.entries.delete(file);
    this.chars -= known.text.length;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether a tree of the file is kept. */
  has(file: string): boolean {
    return this.entries.has(file);
  }
}
