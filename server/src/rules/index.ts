// Every rule, alphabetically by id.
import { bundleIsa } from './bundle-isa';
import { comOverwrite } from './com-overwrite';
import { ice80 } from './ice80';
import { isaMixing } from './isa-mixing';
import { parseError } from './parse-error';
import { payloadIsa } from './payload-isa';
import type { Rule } from './rule';
import { undefinedVariable } from './undefined-variable';

export const rules: readonly Rule[] = [bundleIsa, comOverwrite, ice80, isaMixing, parseError, payloadIsa, undefinedVariable];

export function getRule(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
