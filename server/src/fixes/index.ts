// The one entry point for what wixlint offers to change: a problem's fix data is read back once (it may have crossed
// the editor), then turned into quick fixes and refactors against the current texts of the documents involved.
import { comOverwrite, type ComOverwriteFixData } from '../rules/com-overwrite';
import { ice80, type Ice80FixData } from '../rules/ice80';
import { isaMixing, type IsaMixingFixData } from '../rules/isa-mixing';
import { makeComponent32Bit, matchDirectoryBitness } from './bitness';
import { FixDocuments } from './component';
import type { Fix, FixDocument, Parse, Refactor } from './fix';
import { guardWithVersionNT64 } from './guard';
import { moveToMatchingFolder } from './moveFolder';
import { SPLIT_SINGLE_SOURCE_TITLE, SPLIT_WITH_BUNDLE_TITLE, splitInPlace } from './split';
import { SPLIT_PER_FILE_TITLE, SPLIT_PER_FILE_WITH_BUNDLE_TITLE, splitPerFile } from './splitPerFile';

export { applyEdits, type FileCreation, type Fix, type FixDocument, type FixEdit, type Parse, type Refactor } from './fix';

/** A problem's fix data, typed by its rule. */
export type ProblemFix =
  | { ruleId: 'ice80'; data: Ice80FixData }
  | { ruleId: 'com-overwrite'; data: ComOverwriteFixData }
  | { ruleId: 'isa-mixing'; data: IsaMixingFixData };

/** The fix data of a problem of `ruleId`, checked by its rule; undefined when the rule has no fixes or the data is not its. */
export function readProblemFix(ruleId: string, data: unknown): ProblemFix | undefined {
  switch (ruleId) {
    case ice80.meta.id: {
      const d = ice80.readFixData?.(data);
      return d && { ruleId: 'ice80', data: d };
    }
    case comOverwrite.meta.id: {
      const d = comOverwrite.readFixData?.(data);
      return d && { ruleId: 'com-overwrite', data: d };
    }
    case isaMixing.meta.id: {
      const d = isaMixing.readFixData?.(data);
      return d && { ruleId: 'isa-mixing', data: d };
    }
    default:
      return undefined;
  }
}

/** A quick fix edits the authoring where the problem is; a refactor reshapes the project (and may create files). */
export type FixKind = 'quickfix' | 'refactor';

export interface OfferedFix extends Refactor {
  kind: FixKind;
  /** Which fix this is, whatever its title says of the problem at hand (rule tests check that each one is tested). */
  id: FixId;
}

export type FixId =
  | 'match-directory-bitness'
  | 'move-to-matching-folder'
  | 'make-32-bit'
  | 'guard-with-versionnt64'
  | 'split-in-place'
  | 'split-in-place-with-bundle'
  | 'split-per-file'
  | 'split-per-file-with-bundle';

const REFACTOR_IDS: Readonly<Record<string, FixId>> = {
  [SPLIT_SINGLE_SOURCE_TITLE]: 'split-in-place',
  [SPLIT_WITH_BUNDLE_TITLE]: 'split-in-place-with-bundle',
  [SPLIT_PER_FILE_TITLE]: 'split-per-file',
  [SPLIT_PER_FILE_WITH_BUNDLE_TITLE]: 'split-per-file-with-bundle',
};

export interface FixOptions {
  /** The kinds wanted (default: both). */
  kinds?: readonly FixKind[];
  /** Whether a file not among the documents exists (on disk): a created file never takes an existing name. */
  fileExists?: (file: string) => boolean;
  /** How the documents are parsed (default: parseXml); the language server passes one that keeps unchanged trees. */
  parse?: Parse;
  /** The text of a file not among the documents (an include that is not open); default: none. */
  readFile?: (file: string) => string | undefined;
  /** The .wixproj that compiles a source, with its text (the split then edits it and gives the bundle a project); default: none. */
  projectOf?: (source: string) => { file: string; text: string } | undefined;
}

/**
 * What is offered for one problem: `documents` are those the fixes may edit, the problem's own first (a fix edits the
 * first component it finds by id). A fix that no longer applies to the current texts is left out.
 */
export function fixesFor(problem: ProblemFix, documents: readonly FixDocument[], options: FixOptions = {}): OfferedFix[] {
  const wants = (kind: FixKind): boolean => options.kinds === undefined || options.kinds.includes(kind);
  const fileExists = options.fileExists ?? (() => false);
  const out: OfferedFix[] = [];
  if (wants('quickfix')) {
    for (const [id, fix] of quickFixes(problem, new FixDocuments(documents, options.parse))) out.push({ ...fix, creates: [], kind: 'quickfix', id });
  }
  if (wants('refactor') && problem.ruleId === 'isa-mixing') {
    const refactors = [
      ...splitInPlace(problem.data, documents, { ...options, fileExists }),
      ...splitPerFile(problem.data, documents, { ...options, fileExists }),
    ];
    for (const refactor of refactors) out.push({ ...refactor, kind: 'refactor', id: REFACTOR_IDS[refactor.title]! });
  }
  return out;
}

function quickFixes(problem: ProblemFix, docs: FixDocuments): [FixId, Fix][] {
  const fixes: [FixId, Fix | undefined][] = [];
  switch (problem.ruleId) {
    case 'ice80': {
      const d = problem.data;
      if ('directory' in d) {
        const move = { component: d.component, folder: d.folder, bitness: d.bitness };
        fixes.push(['match-directory-bitness', matchDirectoryBitness(docs, move)]);
        // Keeping a 64-bit component and moving it to a 64-bit folder only helps a 64-bit package (ICE80 #7 otherwise).
        if (!(d.packageBitness === 32 && d.bitness === 32)) fixes.push(['move-to-matching-folder', moveToMatchingFolder(docs, move)]);
      } else {
        fixes.push(['make-32-bit', makeComponent32Bit(docs, { component: d.component })]);
      }
      break;
    }
    case 'com-overwrite':
      fixes.push(['guard-with-versionnt64', guardWithVersionNT64(docs, { components: problem.data.components })]);
      break;
    case 'isa-mixing':
      break;
  }
  return fixes.filter((f): f is [FixId, Fix] => f[1] !== undefined);
}
