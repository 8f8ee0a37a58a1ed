// Linting the same workspace again and again as its files change (the editor): what did not change is not done again.
// - A unit none of whose files changed is reused whole, problems and all (UnitLintCache).
// - In a unit linted again, a document whose text is unchanged keeps its tree (ParseCache) and its lowering
//   (LoweringCache): an edit in the 10 KB product parses and lowers that file, not the 5 MB fragment heat harvested
//   beside it. Linking and the rules run on the whole package again, as they must.
import { LoweringCache } from '../engine/loweringCache';
import { ParseCache } from '../engine/parseCache';
import type { UnitLintResult, UnitsLintRequest } from './lint';
import { UnitLintCache } from './unitCache';
import type { LintUnit } from './units';
import { scanSections, type SourceSections } from '../wix/sections';

export class IncrementalLint {
  /** The trees of the texts last linted; navigation reads them too. */
  readonly parses: ParseCache;
  private readonly units = new UnitLintCache();
  private readonly lowering = new LoweringCache();

  constructor(parses = new ParseCache()) {
    this.parses = parses;
  }

  /** A request that parses and lowers through the caches (its own `parse` and `lowering` are replaced). */
  request(base: Omit<UnitsLintRequest, 'parse' | 'lowering'>): UnitsLintRequest {
    return { ...base, parse: this.parses.parse, lowering: this.lowering };
  }

  /** The unit's lint: the last one while nothing it read changed (`reused`), else a new one. */
  lint(unit: LintUnit, request: UnitsLintRequest): { lint: UnitLintResult; reused: boolean } {
    return this.units.lint(unit, request);
  }

  /** The files the unit's last lint read; undefined when it was not linted yet. */
  filesRead(unit: LintUnit): Iterable<string> | undefined {
    return this.units.filesRead(unit);
  }

  /** A source's sections for discovery, kept by its text (its tree need not be). */
  readonly scan = (file: string, text: string): SourceSections =>
    this.lowering.sections(file, text, () => scanSections(this.parses.parse(file, text)));

  /**
   * Forgets the units not linted since the last call (gone from the workspace), and the trees of files `keepTree` does
   * not want (the closed ones) that the next lint will not ask for: those nothing asked for since the last call, and
   * those whose facts and lowerings are kept whole by their text (a document with includes is lowered from its tree
   * each time; an include is read from its tree by what includes it). Their models stay.
   */
  retain(keepTree: (file: string) => boolean = () => true): void {
    this.units.retain();
    this.parses.dropWhere((file, text, asked) => !keepTree(file) && (!asked || this.lowering.keptWhole(file, text)));
  }

  /** Files changed on disk: every unit is linted again (unchanged texts still keep their trees and lowerings). */
  forgetUnits(): void {
    this.units.clear();
  }

  /** How many times each file was lowered rather than reused, since this was made. */
  get lowered(): ReadonlyMap<string, number> {
    return this.lowering.lowered;
  }
}
