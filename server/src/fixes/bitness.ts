// Sets a component's bitness: Win64="yes|no" in WiX v3, Bitness="always64|always32" in v4, replacing or adding the attribute.
import { attribute, attributeInsertionPoint, type FixDocuments, type FoundComponent } from './component';
import type { Bitness } from '../model/platform';
import { bitnessAttribute } from '../wix/vocabulary';
import type { Fix, FixEdit } from './fix';

/**
 * The edit setting the component's bitness; undefined when it already has it, or when the value is preprocessor-driven
 * (`$(var.Win64)`): rewriting that would break the other platforms' builds.
 */
export function setBitnessEdit(c: FoundComponent, bitness: Bitness): FixEdit | undefined {
  const { name, value } = bitnessAttribute(c.version, bitness);
  const existing = attribute(c.element, name);
  if (!existing) {
    const at = attributeInsertionPoint(c.element);
    return { file: c.file, start: at, end: at, newText: ` ${name}="${value}"` };
  }
  const raw = c.text.slice(existing.valueStart, existing.valueEnd);
  if (raw.includes('$(') || raw === value) return undefined;
  return { file: c.file, start: existing.valueStart, end: existing.valueEnd, newText: value };
}

/** ice80, component vs. directory: make the component's bitness match its Program Files folder. */
export function matchDirectoryBitness(documents: FixDocuments, data: { component: string; folder: string; bitness: Bitness }): Fix | undefined {
  const c = documents.component(data.component);
  if (!c) return undefined;
  const edit = setBitnessEdit(c, data.bitness);
  if (!edit) return undefined;
  const { name, value } = bitnessAttribute(c.version, data.bitness);
  return { title: `Set ${name}="${value}" to match the ${data.bitness}-bit ${data.folder}`, edits: [edit] };
}

/** ice80, 64-bit component in a 32-bit package: make the component 32-bit. */
export function makeComponent32Bit(documents: FixDocuments, data: { component: string }): Fix | undefined {
  const c = documents.component(data.component);
  if (!c) return undefined;
  const edit = setBitnessEdit(c, 32);
  if (!edit) return undefined;
  const { name, value } = bitnessAttribute(c.version, 32);
  return { title: `Make '${data.component}' 32-bit (${name}="${value}")`, edits: [edit] };
}
