// Code actions: the quick fixes and refactors for the request's wixlint diagnostics, recomputed from the current texts
// (so never stale edits) and turned into WorkspaceEdits in the documents' own line ends.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type TextDocuments,
  type Position,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixesFor, type FixDocument, type FixKind, type OfferedFix, type Parse } from '../fixes';
import { positionsIn } from './documents';
import { diagnosticFix } from './diagnostics';
import { fileOf, readDisk } from './uris';

/** Run by a code action after its edit: shows the files the edit created (their text is unsaved until the user saves). */
export const SHOW_CREATED_FILES_COMMAND = 'wixlint.showCreatedFiles';
/** A refactor creates two or three files; anything beyond this in the arguments is not ours. */
export const MAX_SHOWN_FILES = 8;

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite];

export interface CodeActionContext {
  documents: TextDocuments<TextDocument>;
  /** How fixes parse the documents: a cache, since an editor asks on every cursor move. */
  parse: Parse;
  /** Whether the client applies CreateFile operations: else no action that creates a file is offered. */
  createFiles: boolean;
  /** Whether the client shows documents on request: then actions that create files end by showing them. */
  showDocuments: boolean;
  /**
   * The workspace folders (paths); when there are some, no action creates a file outside them: a source linked from
   * outside (a .wixproj's `../../outside/Out.wxs`) gets the refactors that only edit, not a Bundle.wxs beside it.
   */
  roots: readonly string[];
  /** The .wixproj that compiles a source (a path), as the last lint found it: the split makes it build per ISA. */
  projectOf?: (file: string) => string | undefined;
  /** Whether an open document's client text uses CR LF (the server keeps it LF; see documents.ts); else its text says. */
  usesCrlf?: (uri: string) => boolean | undefined;
}

export function codeActionsFor(params: CodeActionParams, context: CodeActionContext, token?: CancellationToken): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string): boolean => !only || only.some((k) => k === '' || k === kind || kind.startsWith(`${k}.`));
  const kinds: FixKind[] = [
    ...(wants(CodeActionKind.QuickFix) ? ['quickfix' as const] : []),
    ...(wants(CodeActionKind.RefactorRewrite) ? ['refactor' as const] : []),
  ];
  if (kinds.length === 0) return [];
  const { documents } = context;
  const texts = new Map<string, string | undefined>();
  const textOf = (uri: string): string | undefined => {
    if (!texts.has(uri)) texts.set(uri, documents.get(uri)?.getText() ?? readDisk(uri));
    return texts.get(uri);
  };
  const edits = new EditConverter(textOf, context.parse, context.usesCrlf, (uri) => documents.get(uri));
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (token?.isCancellationRequested) break;
    const problem = diagnosticFix(diagnostic);
    if (!problem) continue;
    // The diagnostic's own document first: a fix edits the first component it finds by id.
    const uris = new Set([params.textDocument.uri, ...(diagnostic.relatedInformation ?? []).map((r) => r.location.uri), ...documents.keys()]);
    // Fixes read the documents by file, as the lint does, so that they read the lint's trees (`context.parse`).
    const candidates: FixDocument[] = [];
    const uriOf = new Map<string, string>();
    for (const uri of uris) {
      const text = textOf(uri);
      if (text === undefined) continue;
      candidates.push({ file: fileOf(uri), text });
      uriOf.set(fileOf(uri), uri);
    }
    // A file that is not open (the Config.wxi a product includes) is read from disk.
    const readFile = (file: string): string | undefined => (path.isAbsolute(file) ? textOf(uriOf.get(file) ?? pathToFileURL(file).href) : undefined);
    // The project that compiles a source, with its text as the editor has it (open) or the disk does.
    const projectOf = (source: string): { file: string; text: string } | undefined => {
      const file = context.projectOf?.(source);
      if (file === undefined || !path.isAbsolute(file)) return undefined;
      const open = [...documents.keys()].find((uri) => fileOf(uri) === file);
      const text = textOf(open ?? pathToFileURL(file).href);
      if (text === undefined) return undefined;
      if (open !== undefined) uriOf.set(file, open);
      return { file, text };
    };
    const offered = fixesFor(problem, candidates, { kinds, fileExists: isFile, parse: context.parse, readFile, projectOf });
    for (const fix of offered.map((f) => inUris(f, uriOf))) {
      if (fix.creates.length > 0 && (!context.createFiles || fix.creates.some((c) => !insideWorkspace(c.file, context.roots)))) continue;
      const show =
        context.showDocuments && fix.creates.length > 0
          ? { command: { title: 'Show the new files', command: SHOW_CREATED_FILES_COMMAND, arguments: fix.creates.map((c) => c.file) } }
          : {};
      const kind = fix.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite;
      actions.push({ title: fix.title, kind, diagnostics: [diagnostic], edit: workspaceEdit(fix, edits, documents), ...show });
    }
  }
  return actions;
}

/**
 * Whether a file to be created lies inside one of the workspace folders (any place when there are none). Links are
 * followed for the part of its path that exists, so a folder linked to the outside is outside.
 */
export function insideWorkspace(uri: string, roots: readonly string[]): boolean {
  if (roots.length === 0) return true;
  const file = fileOf(uri);
  if (!path.isAbsolute(file)) return false;
  const real = realPath(file);
  return roots.some((root) => {
    const relative = path.relative(realPath(root), real);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}

/** The real path of the longest existing prefix of `file`, with the rest appended as given. */
function realPath(file: string): string {
  const rest: string[] = [];
  let current = path.resolve(file);
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(file);
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/** A fix as the client takes it: the files it edits and creates named by URI (an open document's as the client sent it). */
function inUris(fix: OfferedFix, uriOf: ReadonlyMap<string, string>): OfferedFix {
  const uri = (file: string): string => uriOf.get(file) ?? (path.isAbsolute(file) ? pathToFileURL(file).href : file);
  return {
    ...fix,
    edits: fix.edits.map((e) => ({ ...e, file: uri(e.file) })),
    creates: fix.creates.map((c) => ({ ...c, file: uri(c.file) })),
  };
}

/** Whether a file exists on disk (fixes ask before they name a new file). */
function isFile(file: string): boolean {
  return path.isAbsolute(file) && fs.existsSync(file);
}

/** The URIs of files a SHOW_CREATED_FILES_COMMAND names: file: URIs only, a few at most. */
export function createdFilesToShow(args: readonly unknown[] | undefined): string[] {
  return (args ?? []).filter((u): u is string => typeof u === 'string' && u.startsWith('file:')).slice(0, MAX_SHOWN_FILES);
}

function workspaceEdit(fix: OfferedFix, edits: EditConverter, documents: TextDocuments<TextDocument>): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of fix.edits) (changes[edit.file] ??= []).push(edits.textEdit(edit.file, edit.start, edit.end, edit.newText));
  if (fix.creates.length === 0) return { changes };
  return {
    // Never overwrites: the client fails the whole edit if the file appeared since (overwrite and ignoreIfExists false).
    documentChanges: [
      ...Object.entries(changes).map(([uri, list]) => ({ textDocument: { uri, version: documents.get(uri)?.version ?? null }, edits: list })),
      ...fix.creates.flatMap((c) => [
        { kind: 'create' as const, uri: c.file, options: { overwrite: false, ignoreIfExists: false } },
        {
          textDocument: { uri: c.file, version: null },
          edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text }],
        },
      ]),
    ],
  };
}

/**
 * Fix offsets are in the LF-normalized text (the tree's); a TextEdit's lines and characters are the document's, whatever
 * its line ends. One line index per document and request, however many edits land there.
 */
class EditConverter {
  private readonly places = new Map<string, { lines: { positionAt(offset: number): Position }; crlf: boolean }>();

  constructor(
    private readonly textOf: (uri: string) => string | undefined,
    private readonly parse: Parse,
    private readonly usesCrlf: (uri: string) => boolean | undefined = () => undefined,
    /** An open document: the server keeps its text with LF line ends, so its own line index places the edits. */
    private readonly documentOf: (uri: string) => TextDocument | undefined = () => undefined,
  ) {}

  textEdit(uri: string, start: number, end: number, newText: string): TextEdit {
    let place = this.places.get(uri);
    if (!place) {
      const original = this.textOf(uri) ?? '';
      place = {
        lines: positionsIn(this.parse(fileOf(uri), original).text, this.documentOf(uri)),
        crlf: this.usesCrlf(uri) ?? original.includes('\r\n'),
      };
      this.places.set(uri, place);
    }
    return {
      range: { start: place.lines.positionAt(start), end: place.lines.positionAt(end) },
      newText: place.crlf ? newText.replace(/\n/g, '\r\n') : newText,
    };
  }
}
