// Text from inputs is untrusted: a message quoting a source's <?error?>, a file name, a package's strings. Written raw to a
// terminal, an escape sequence in it would set the window title, clear the screen or hide the lines before it; bidi
// controls would show the text in another order than it is read. Every character that could is shown as an escape.

/**
 * Control characters (C0, DEL, C1) as `\xNN`, bidirectional overrides and isolates as `\u{NNNN}`; other text unchanged.
 * `keep` lists the controls left as they are (the newline between lines of a multi-line report).
 */
function escapeControls(s: string, keep: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes.
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (keep.includes(c)) return c;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** One line for a column of a report: line breaks and tabs become one space, every other control is escaped. */
export function inertLine(s: string): string {
  return escapeControls(s.replace(/\s*\r?\n\s*/g, ' ').replace(/[\t\r]/g, ' '), '');
}

/** Lines for a terminal: newlines stay, every other control is escaped. */
export function inertLines(s: string): string {
  return escapeControls(s, '\n');
}
