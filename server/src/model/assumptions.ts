// Where a lint had to assume something the build would know: source ranges whose content or value the preprocessor
// chose without a variable's value (an <?if?> on an undefined variable, an attribute built from one). Findings that
// rest on such a range say so and are never errors.

export interface Assumption {
  file: string;
  start: number;
  end: number;
  /** The variables it rests on, as written: `var.Platform`, `env.WIX_ROOT`. */
  variables: readonly string[];
}

/** Source ranges that rest on missing values, by file; a location inside one rests on its variables. */
export class AssumptionIndex {
  private readonly byFile = new Map<string, Assumption[]>();
  private count = 0;

  add(a: Assumption): void {
    const list = this.byFile.get(a.file);
    if (list) list.push(a);
    else this.byFile.set(a.file, [a]);
    this.count++;
  }

  /** Adds every range of `other`. */
  addAll(other: AssumptionIndex): void {
    for (const list of other.byFile.values()) for (const a of list) this.add(a);
  }

  get size(): number {
    return this.count;
  }

  /** The variables the range [start, end) of `file` rests on, in first-seen order; empty when none. */
  variablesAt(file: string, start: number, end: number): string[] {
    const list = this.byFile.get(file);
    if (!list) return [];
    const out: string[] = [];
    for (const a of list) {
      if (a.start <= start && end <= a.end) for (const v of a.variables) if (!out.includes(v)) out.push(v);
    }
    return out;
  }
}
