// What the engine reports: one problem per rule, place and message, with the platforms it holds for.
import type { Location } from '../model/installer';
import type { BuildArch } from '../model/platform';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface RelatedInformation {
  location: Location;
  message: string;
}

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
