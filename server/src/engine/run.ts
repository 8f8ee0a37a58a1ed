// Runs the rules over installer databases and merges what holds on several platforms into one problem.
import type { BuildArch, InstallerDb, Location } from '../model/installer';
import { BUILD_ARCHES } from '../model/installer';
import { formatMessage, type Rule } from '../rules/rule';
import type { Problem, Severity, SeveritySetting } from './problem';

export class ProblemCollector {
  private readonly byKey = new Map<string, Problem>();

  /** Runs every enabled rule over one database; problems found for a platform already seen are merged. */
  run(db: InstallerDb, rules: readonly Rule[], severities: Record<string, SeveritySetting>): void {
    for (const rule of rules) {
      const configured = severities[rule.meta.id];
      if (configured === 'off') continue;
      rule.check({
        db,
        report: (r) => {
          const severity: Severity = configured ?? r.severity ?? rule.meta.defaultSeverity;
          const message = formatMessage(rule.meta.messages[r.messageId] ?? r.messageId, r.data);
          this.add({
            ruleId: rule.meta.id,
            severity,
            message,
            platforms: db.arch ? [db.arch] : [],
            location: r.location,
            related: r.related ?? [],
            ...(r.fix ? { data: r.fix } : {}),
          });
        },
      });
    }
  }

  private add(p: Problem): void {
    const key = `${p.ruleId}\u0000${locationKey(p.location)}\u0000${p.message}`;
    const seen = this.byKey.get(key);
    if (!seen) {
      this.byKey.set(key, p);
      return;
    }
    for (const a of p.platforms) if (!seen.platforms.includes(a)) seen.platforms.push(a);
    seen.platforms.sort((x, y) => archOrder(x) - archOrder(y));
  }

  /** Problems sorted by file, then position (rows by table and key), then rule. */
  problems(): Problem[] {
    return [...this.byKey.values()].sort(compareProblems);
  }
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
