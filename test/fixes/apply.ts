// Test helper: a rule's fix data turned into quick fixes or refactors as the editor asks for them, and a problem's fixes
// run over in-memory files, returning each fix's title and the files it changed, edited.
import assert from 'node:assert/strict';
import { applyEdits, fixesFor, readProblemFix, type Fix, type FixDocument, type FixOptions, type Parse, type Refactor } from '../../server/src/fixes';

/** The quick fixes for a problem of `ruleId` with this fix data (read back as the editor's would be). */
export function quickFixesFor(ruleId: string, data: unknown, documents: readonly FixDocument[], parse?: Parse): Fix[] {
  const problem = readProblemFix(ruleId, data);
  if (!problem) return [];
  return fixesFor(problem, documents, { kinds: ['quickfix'], ...(parse ? { parse } : {}) }).map(({ title, edits }) => ({ title, edits }));
}

/** The refactors for a problem of `ruleId` with this fix data. */
export function refactorsFor(ruleId: string, data: unknown, documents: readonly FixDocument[], options: Omit<FixOptions, 'kinds'> = {}): Refactor[] {
  const problem = readProblemFix(ruleId, data);
  if (!problem) return [];
  return fixesFor(problem, documents, { ...options, kinds: ['refactor'] }).map(({ title, edits, creates }) => ({ title, edits, creates }));
}

export interface Applied {
  title: string;
  /** Only the files the fix edits, with LF line ends and the edits applied. */
  files: Record<string, string>;
}

export function applyFix(fix: Fix, files: Record<string, string>): Applied {
  const out: Record<string, string> = {};
  for (const file of new Set(fix.edits.map((e) => e.file))) {
    const text = files[file];
    assert.ok(text !== undefined, `the fix edits an unknown file ${file}`);
    // Fix offsets refer to the LF-normalized text, as every offset of the core does.
    out[file] = applyEdits(
      text.replace(/\r\n?/g, '\n'),
      fix.edits.filter((e) => e.file === file),
    );
  }
  return { title: fix.title, files: out };
}

/** Every fix for the problem, applied; the first file is the problem's own. */
export function fixAll(ruleId: string, data: unknown, files: Record<string, string>): Applied[] {
  const documents = Object.entries(files).map(([file, text]) => ({ file, text }));
  return quickFixesFor(ruleId, data, documents).map((f) => applyFix(f, files));
}

/** The single fix for the problem, applied. */
export function fixOne(ruleId: string, data: unknown, files: Record<string, string>): Applied {
  const all = fixAll(ruleId, data, files);
  assert.equal(all.length, 1, `expected one fix, got ${all.map((a) => a.title).join(' | ') || 'none'}`);
  return all[0]!;
}
