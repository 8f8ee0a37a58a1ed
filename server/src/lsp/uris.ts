// Between the editor's URIs and the file system: the path the core sees for a document, and a file's text from disk.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readTextFile } from '../io/fileSystem';

/** The path the core sees for a document: the file system path of a file: URI, else the URI itself (untitled:...). */
export function fileOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** A file: URI's text from disk, for a fix that edits a file the editor has not opened. */
export function readDisk(uri: string): string | undefined {
  const file = fileOf(uri);
  if (file === uri || !path.isAbsolute(file)) return undefined;
  const read = readTextFile(file, file);
  return read.ok ? read.text : undefined;
}

export function isWxs(document: TextDocument): boolean {
  return document.languageId === 'wxs' || /\.wxs$/i.test(document.uri);
}
