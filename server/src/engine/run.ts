// Runs the rules over installer databases and merges what holds on several platforms into one problem.
import type { InstallerDb, Location } from '../model/installer';
import { BUILD_ARCHES, type BuildArch } from '../model/platform';
import type { RelatedInformation, Report, Rule, Severity, SeveritySetting } from '../rules/rule';
import { problemWith, ReportedProblem, type Problem } from './problem';

/** The related places of a problem that has none: one shared list (nothing adds to a problem's list). */
const NO_RELATED: RelatedInformation[] = [];
/** The platforms of a problem found on one, shared by all of them: a merge makes a new list (see withPlatformsOf). */
const ONE_PLATFORM = Object.fromEntries(BUILD_ARCHES.map((a) => [a, [a]])) as Record<BuildArch, BuildArch[]>;
const NO_PLATFORMS: BuildArch[] = [];
/** What a finding that rests on no missing value rests on. */
const NO_VARIABLES: readonly string[] = [];

export class ProblemCollector {
  /** In the order found: sorted, and the same problem found again merged, once, by `problems`. */
  private found: Problem[] = [];

  /** Runs every enabled rule over one database; problems found for a platform already seen are merged. */
  run(db: InstallerDb, rules: readonly Rule[], severities: Record<string, SeveritySetting>): void {
    for (const rule of rules) {
      const configured = severities[rule.meta.id];
      if (configured === 'off') continue;
      rule.check({
        db,
        report: (r) => {
          let severity: Severity = configured ?? r.severity ?? rule.meta.defaultSeverity;
          // A package finding that rests on a value this lint does not have is no more than info, and says why.
          const assumed = rule.meta.aboutInput ? NO_VARIABLES : restsOn(db, r);
          if (assumed.length > 0) severity = 'info';
          this.found.push(
            new ReportedProblem(
              rule.meta.id,
              severity,
              rule.meta.messages[r.messageId] ?? r.messageId,
              r.data,
              assumed.length > 0 ? assumptionNote(assumed) : undefined,
              db.arch ? ONE_PLATFORM[db.arch] : NO_PLATFORMS,
              r.location,
              r.related ?? NO_RELATED,
              r.fix,
            ),
          );
        },
      });
    }
  }

  /**
   * Adds problems found elsewhere (another unit that links the same file): the same problem is merged. They are kept as
   * they are, not copied (a package with a problem per component has a hundred thousand of them): a merge replaces the
   * problem with a copy, so the lists they came from never change.
   */
  addAll(problems: readonly Problem[]): void {
    for (const p of problems) this.found.push(p);
  }

  /**
   * Problems sorted by file, then position (rows by table and key), then rule and headline; one problem of a rule at a
   * place with the same texts, found on several platforms or in several units, is the first found, holding for all
   * their platforms.
   */
  problems(): Problem[] {
    // Sorted, the problems of one rule at one place with one headline are neighbours, in the order found (the sort is
    // stable): merging needs no index of them, and a run on one platform merges nothing.
    const sorted = this.found.sort(compareProblems);
    const out: Problem[] = [];
    let same = 0;
    for (const p of sorted) {
      const last = out[out.length - 1];
      if (last === undefined || compareProblems(last, p) !== 0) {
        same = out.length;
        out.push(p);
        continue;
      }
      // The same rule, place and headline: the same problem when its note is the same too.
      const note = p.note;
      let i = same;
      while (i < out.length && out[i]!.note !== note) i++;
      out[i] = i === out.length ? p : withPlatformsOf(out[i]!, p);
    }
    this.found = out;
    return [...out];
  }
}

/** `seen` holding for the platforms of `again` as well. */
function withPlatformsOf(seen: Problem, again: Problem): Problem {
  const platforms = [...seen.platforms];
  for (const a of again.platforms) if (!platforms.includes(a)) platforms.push(a);
  platforms.sort((x, y) => archOrder(x) - archOrder(y));
  return problemWith(seen, { platforms });
}

/**
 * The variables a finding rests on (see AssumptionIndex), in first-seen order: those of the places it needs, and when
 * it holds by any of several alternatives and every one rests on some, theirs.
 */
function restsOn(db: InstallerDb, r: Pick<Report, 'location' | 'related' | 'dependsOn' | 'anyOf'>): readonly string[] {
  const index = db.assumptions;
  if (!index || index.size === 0) return NO_VARIABLES;
  const places = [r.location, ...(r.related ?? []).map((x) => x.location), ...(placesOf(r.dependsOn) ?? [])];
  const anyOf = placesOf(r.anyOf);
  const out: string[] = [];
  const add = (found: readonly string[]): void => {
    for (const v of found) if (!out.includes(v)) out.push(v);
  };
  const of = (ls: readonly Location[]): string[] => ls.flatMap((l) => (l.kind === 'source' ? index.variablesAt(l.file, l.start, l.end) : []));
  add(of(places));
  if (anyOf && anyOf.length > 0) {
    const each = anyOf.map(of);
    if (each.every((vs) => vs.length > 0)) for (const vs of each) add(vs);
  }
  return out;
}

/** A report's list of places, made now when the rule gave a function for it. */
function placesOf<T>(list: T[] | (() => T[]) | undefined): T[] | undefined {
  return typeof list === 'function' ? list() : list;
}

/** Says which missing values a finding rests on and how to provide them. */
export function assumptionNote(variables: readonly string[]): string {
  const names = variables.map((v) => `$(${v})`);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const first = variables[0]!;
  const how = first.startsWith('env.')
    ? `set ${first.slice(4)} in the environment, or in "env" of wixlint.config.json`
    : first.startsWith('var.')
      ? `-d ${first.slice(4)}=…, or "defines" in wixlint.config.json`
      : 'only the build knows its value';
  return `This rests on ${list}, which this lint has no value for, so it is reported as info: give ${names.length === 1 ? 'it' : 'them'} the build's value (${how}) to check it.`;
}

function archOrder(a: BuildArch): number {
  return BUILD_ARCHES.indexOf(a);
}

export function compareProblems(a: Problem, b: Problem): number {
  const la = a.location;
  const lb = b.location;
  if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
  if (la.kind === 'source' && lb.kind === 'source') {
    if (la.start !== lb.start) return la.start - lb.start;
    if (la.end !== lb.end) return la.end - lb.end;
  } else if (la.kind === 'row' && lb.kind === 'row') {
    if (la.table !== lb.table) return la.table < lb.table ? -1 : 1;
    if (la.key !== lb.key) return la.key < lb.key ? -1 : 1;
  } else if (la.kind !== lb.kind) {
    return la.kind === 'row' ? -1 : 1;
  }
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
