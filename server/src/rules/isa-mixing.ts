// isa-mixing: a 32-bit package that carries 64-bit parts, reported once per package with the way out: one package per ISA.
import { createRule } from './rule';
import { buildPhrase, capitalize, nameList, platformPhrase } from './describe';
import { fields, stringList } from './fixData';

/** What the split refactors need: the ids of the package's 64-bit parts. */
export interface IsaMixingFixData {
  components: string[];
  customActions: string[];
  registrySearches: string[];
}

function readIsaMixingFixData(data: unknown): IsaMixingFixData | undefined {
  const d = fields(data);
  if (!d) return undefined;
  // A list the data leaves out is empty.
  const list = (v: unknown): string[] | undefined => (v === undefined ? [] : stringList(v));
  const components = list(d['components']);
  const customActions = list(d['customActions']);
  const registrySearches = list(d['registrySearches']);
  return components && customActions && registrySearches ? { components, customActions, registrySearches } : undefined;
}

export const isaMixing = createRule({
  meta: {
    id: 'isa-mixing',
    description: 'A 32-bit package contains 64-bit components, custom action scripts or registry searches.',
    defaultSeverity: 'error',
    ice: 'ICE80',
    messages: {
      mixed: {
        headline: '{{build}}, but {{summary}}',
        note:
          '{{package}} contains 64-bit {{parts}}. On 32-bit Windows, where a 32-bit package also installs, the 64-bit flag is ' +
          "ignored and there is no registry redirection: they act as 32-bit and share every folder and registry key with the package's 32-bit parts.",
        help: 'Build one package per ISA (x86 and x64), chained by a bundle if needed.',
      },
      module64: {
        headline: "Merge module '{{module}}' is 64-bit but {{build}}",
        note:
          "It is 64-bit ({{how}}), and {{platform}}. WiX: '{{module}}' is a 64-bit merge module but the product consuming it is " +
          '32-bit. 32-bit products can consume only 32-bit merge modules.',
        help: "Merge the module's x86 build here, and this one in the 64-bit package.",
      },
    },
  },
  readFixData: readIsaMixingFixData,
  check({ db, report }) {
    const pkg = db.package;
    if (pkg?.platform?.bitness !== 32) return;
    for (const merge of db.mergedModules) {
      if (merge.platform?.bitness !== 64) continue;
      report({
        messageId: 'module64',
        data: { module: merge.sourceFile, how: merge.platform.source, platform: platformPhrase(pkg), build: buildPhrase(pkg) },
        location: merge.location,
        dependsOn: [pkg.platform.location],
      });
    }
    const components = db.components.filter((c) => c.bitness === 64).map((c) => c.id);
    const scripts = db.customActions.filter((a) => a.script64).map((a) => a.id);
    const searches = db.registrySearches.filter((s) => s.is64).map((s) => s.id);
    const parts: string[] = [];
    if (components.length > 0) parts.push(`${components.length === 1 ? 'component' : 'components'} ${nameList(components)}`);
    if (scripts.length > 0) parts.push(`${scripts.length === 1 ? 'custom action script' : 'custom action scripts'} ${nameList(scripts)}`);
    if (searches.length > 0) parts.push(`${searches.length === 1 ? 'registry search' : 'registry searches'} ${nameList(searches)}`);
    if (parts.length === 0) return;
    report({
      messageId: 'mixed',
      data: {
        build: capitalize(buildPhrase(pkg)),
        summary: partsSummary(components, scripts, searches),
        package: capitalize(pkg.label),
        parts: joinParts(parts),
      },
      location: pkg.location,
      dependsOn: [pkg.platform.location],
      // Mixed as long as one 64-bit part is certain.
      anyOf: () => [
        ...db.components.filter((c) => c.bitness === 64).map((c) => [c.location, c.bitnessLocation]),
        ...db.customActions.filter((a) => a.script64).map((a) => [a.location, a.bitnessLocation]),
        ...db.registrySearches.filter((s) => s.is64).map((s) => [s.location, s.bitnessLocation]),
      ],
      // The split moves authoring it can see: a merged module's components are not in the sources.
      fix: {
        components: db.components.filter((c) => c.bitness === 64 && c.module === undefined).map((c) => c.id),
        customActions: scripts,
        registrySearches: searches,
      },
    });
  },
});

function joinParts(parts: string[]): string {
  if (parts.length === 1) return parts[0]!;
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The 64-bit parts in a few words, for the headline: the one part by name, else how many. */
function partsSummary(components: string[], scripts: string[], searches: string[]): string {
  const count = components.length + scripts.length + searches.length;
  if (count > 1) return `${count} of its parts are 64-bit`;
  if (components.length === 1) return `component '${components[0]}' is 64-bit`;
  if (scripts.length === 1) return `custom action script '${scripts[0]}' is 64-bit`;
  return `registry search '${searches[0]}' is 64-bit`;
}
