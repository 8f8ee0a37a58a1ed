// The next occurrence of a character in a text, for scans that only move forward: linear however often it is asked.

/**
 * Asking `text.indexOf(char, from)` at every step of a scan is quadratic when the character is rare or absent: each
 * call searches to the end. A cursor remembers the occurrence it found and searches again only once the scan has
 * passed it. Calls must not move backwards.
 */
export class Cursor {
  private at = -1;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {}

  /** The first occurrence at or after `from`; Infinity when there is none. */
  next(from: number): number {
    if (this.at < from) {
      const i = this.text.indexOf(this.char, from);
      this.at = i < 0 ? Infinity : i;
    }
    return this.at;
  }
}
