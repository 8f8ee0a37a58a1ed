// Runs the rules over installer databases and merges what holds on several platforms into one problem.
import type { InstallerDb, Location } from '../model/installer';
import { BUILD_ARCHES, type BuildArch } from '../model/platform';
import { fillMessage, type Rule, type Severity, type SeveritySetting } from '../rules/rule';
import { sentences, type Problem } from './problem';

export class ProblemCollector {
  /** By rule and place; the few problems of one rule at one place are told apart by their texts. */
  private readonly byPlace = new Map<string, Problem[]>();

  /** Runs every enabled rule over one database; problems found for a platform already seen are merged. */
  run(db: InstallerDb, rules: readonly Rule[], severities: Record<string, SeveritySetting>): void {
    for (const rule of rules) {
      const configured = severities[rule.meta.id];
      if (configured === 'off') continue;
      rule.check({
        db,
        report: (r) => {
          let severity: Severity = configured ?? r.severity ?? rule.meta.defaultSeverity;
          const filled = fillMessage(rule.meta.messages[r.messageId] ?? r.messageId, r.data);
          let note = filled.note;
          // A package finding that rests on a value this lint does not have is no more than info, and says why.
          const assumed = rule.meta.aboutInput
            ? []
            : restsOn(db, [r.location, ...(r.related ?? []).map((x) => x.location), ...(r.dependsOn ?? [])], r.anyOf);
          if (assumed.length > 0) {
            severity = 'info';
            note = sentences(note, assumptionNote(assumed));
          }
          this.add({
            ruleId: rule.meta.id,
            severity,
            message: filled.message,
            ...(note !== undefined ? { note } : {}),
            ...(filled.help !== undefined ? { help: filled.help } : {}),
            platforms: db.arch ? [db.arch] : [],
            location: r.location,
            related: r.related ?? [],
            ...(r.fix !== undefined ? { fix: r.fix } : {}),
          });
        },
      });
    }
  }

  /** Adds problems found elsewhere (another unit that links the same file): the same problem is merged. */
  addAll(problems: readonly Problem[]): void {
    for (const p of problems) this.add({ ...p, platforms: [...p.platforms] });
  }

  private add(p: Problem): void {
    const key = `${p.ruleId}\u0000${locationKey(p.location)}`;
    const here = this.byPlace.get(key);
    const seen = here?.find((q) => q.message === p.message && q.note === p.note);
    if (!seen) {
      if (here) here.push(p);
      else this.byPlace.set(key, [p]);
      return;
    }
    for (const a of p.platforms) if (!seen.platforms.includes(a)) seen.platforms.push(a);
    seen.platforms.sort((x, y) => archOrder(x) - archOrder(y));
  }

  /** Problems sorted by file, then position (rows by table and key), then rule. */
  problems(): Problem[] {
    const all: Problem[] = [];
    for (const list of this.byPlace.values()) for (const p of list) all.push(p);
    return all.sort(compareProblems);
  }
}

/**
 * The variables a finding rests on (see AssumptionIndex), in first-seen order: those of the places it needs, and when
 * it holds by any of several alternatives and every one rests on some, theirs.
 */
function restsOn(db: InstallerDb, places: readonly Location[], anyOf: readonly (readonly Location[])[] | undefined): string[] {
  const index = db.assumptions;
  if (!index || index.size === 0) return [];
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

function locationKey(l: Location): string {
  return l.kind === 'source' ? `${l.file}\u0000${l.start}\u0000${l.end}` : `${l.file}\u0000${l.table}\u0000${l.key}`;
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
