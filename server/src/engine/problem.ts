// What the engine reports: one problem per rule, place and message, with the platforms it holds for.
import type { Location } from '../model/installer';
import type { BuildArch } from '../model/platform';
import type { RelatedInformation, Severity } from '../rules/rule';

export interface Problem {
  ruleId: string;
  severity: Severity;
  message: string;
  /** The build platforms the problem holds for, in x86, x64, arm64 order; empty for built packages. */
  platforms: BuildArch[];
  location: Location;
  related: RelatedInformation[];
  /** The rule's fix data (its type is declared next to the rule; fixes/index.ts reads it back and offers the fixes). */
  fix?: unknown;
}
