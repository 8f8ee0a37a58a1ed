// com-overwrite: a 32-bit and a 64-bit component write the same COM/registry location where one view serves both.
import type { Component, Location, RegistryValue } from '../model/installer';
import { canHoldTogether } from '../model/conditions';
import { displayLocation, locationHash, locationId, resolveLocation, sharedOn64BitWindows } from '../model/registry';
import { fields, stringList } from './fixData';
import { createRule } from './rule';

/** What the guard fix needs: the two components that collide (the reporting one first), and where, for its title. */
export interface ComOverwriteFixData {
  components: [string, string];
  key: string;
}

function readComOverwriteFixData(data: unknown): ComOverwriteFixData | undefined {
  const d = fields(data);
  const components = stringList(d?.['components']);
  const key = d?.['key'];
  return components?.length === 2 && typeof key === 'string' ? { components: [components[0]!, components[1]!], key } : undefined;
}

export const comOverwrite = createRule({
  meta: {
    id: 'com-overwrite',
    description: 'A 32-bit and a 64-bit component write the same COM or registry location where one view serves both.',
    defaultSeverity: 'error',
    ice: undefined,
    messages: {
      overwrite: {
        headline: "{{bits}}-bit '{{component}}' and {{otherBits}}-bit '{{other}}' both write {{key}}",
        note: '{{shared}}{{values}}: {{where}}, so the last one installed wins and uninstalling either removes the registration of both.',
        help: 'Build one package per ISA, or give the two components mutually exclusive conditions (VersionNT64 / NOT VersionNT64).',
      },
    },
  },
  readFixData: readComOverwriteFixData,
  check({ db, report }) {
    const pkg = db.package;
    // Without a package (unreferenced fragments) nothing says on which Windows the writes meet.
    if (!pkg?.platform) return;
    const on32BitWindows = pkg.platform.bitness === 32;
    // Only writes of different bitness can overwrite each other: a package of one bitness has nothing to index.
    const first = db.components[0];
    if (first === undefined || db.components.every((c) => c.bitness === first.bitness)) return;
    const components = new Map<string, Component>();
    for (const c of db.components) if (!components.has(c.id)) components.set(c.id, c);

    // Only the writes of the less common bitness can meet the others: index theirs, then look the others up.
    // Linear in the number of writes, and nothing at all to do in a package of one bitness.
    const writes32: RegistryValue[] = [];
    const writes64: RegistryValue[] = [];
    for (const w of db.registry) {
      const c = components.get(w.component);
      if (c) (c.bitness === 32 ? writes32 : writes64).push(w);
    }
    const [few, many] = writes32.length <= writes64.length ? [writes32, writes64] : [writes64, writes32];
    if (few.length === 0) return;
    // Grouped by a hash of the location; writes whose hashes meet are compared by their resolved location.
    const buckets = new Map<number, RegistryValue[]>();
    for (const w of few) {
      const h = locationHash(w, pkg.perMachine);
      const bucket = buckets.get(h);
      if (bucket) bucket.push(w);
      else buckets.set(h, [w]);
    }
    const groups = new Map<string, RegistryValue[]>();
    for (const w of many) {
      const bucket = buckets.get(locationHash(w, pkg.perMachine));
      if (!bucket) continue;
      const id = locationId(resolveLocation(w, pkg.perMachine));
      let group = groups.get(id);
      if (!group) {
        group = bucket.filter((f) => locationId(resolveLocation(f, pkg.perMachine)) === id);
        if (group.length === 0) continue;
        groups.set(id, group);
      }
      group.push(w);
    }

    // One problem per registration (element) and other component, naming one colliding key and where they meet.
    interface Collision {
      write: RegistryValue;
      other: RegistryValue;
      count: number;
      on32BitWindows: boolean;
      on64BitWindows: boolean;
    }
    const found = new Map<string, Collision>();
    // Whether two components can be installed together on 32-bit and on 64-bit Windows, by their conditions: one that
    // needs 64-bit Windows (VersionNT64, Msix64) never installs on 32-bit Windows, whatever the other one's condition.
    const together = new Map<string, { on32: boolean; on64: boolean }>();
    const installTogether = (a: Component, b: Component): { on32: boolean; on64: boolean } => {
      const key = `${a.condition ?? ''}\u0000${b.condition ?? ''}`;
      let v = together.get(key);
      if (v === undefined) {
        const both = [a.condition, b.condition];
        v = { on32: canHoldTogether(both, '32-bit Windows'), on64: canHoldTogether(both, '64-bit Windows') };
        together.set(key, v);
      }
      return v;
    };
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const side32 = group.filter((w) => components.get(w.component)!.bitness === 32);
      const side64 = group.filter((w) => components.get(w.component)!.bitness === 64);
      if (side32.length === 0 || side64.length === 0) continue;
      const shared = sharedOn64BitWindows(resolveLocation(group[0]!, pkg.perMachine));
      for (const write of group) {
        const mine = components.get(write.component)!;
        for (const other of mine.bitness === 32 ? side64 : side32) {
          const can = installTogether(mine, components.get(other.component)!);
          const meetOn32 = on32BitWindows && can.on32;
          const on64BitWindows = shared && can.on64 && (write.value ?? '') !== (other.value ?? '');
          if (!meetOn32 && !on64BitWindows) continue;
          const key = `${locationKey(write.registration)}\u0000${other.component}`;
          const seen = found.get(key);
          if (!seen) {
            found.set(key, { write, other, count: 1, on32BitWindows: meetOn32, on64BitWindows });
          } else {
            seen.count++;
            seen.on32BitWindows ||= meetOn32;
            seen.on64BitWindows ||= on64BitWindows;
            // Name the registration's own key (the CLSID of a Class) rather than one a nested element implies.
            if (!sameLocation(seen.write.location, seen.write.registration) && sameLocation(write.location, write.registration)) {
              seen.write = write;
              seen.other = other;
            }
          }
          break;
        }
      }
    }

    for (const { write, other, count, on32BitWindows: meetOn32, on64BitWindows } of found.values()) {
      const mine = components.get(write.component)!;
      const theirs = components.get(other.component)!;
      const differ = write.value !== undefined && other.value !== undefined && write.value !== other.value;
      report({
        messageId: 'overwrite',
        data: {
          key: displayLocation(write),
          shared: count > 1 ? `They share this key and ${count - 1} more` : 'They share this key',
          bits: mine.bitness,
          component: mine.id,
          otherBits: theirs.bitness,
          other: theirs.id,
          values: differ ? `, '${mine.id}' with the value '${write.value}' and '${theirs.id}' with '${other.value}'` : '',
          where: describeWhere(meetOn32, on64BitWindows),
        },
        location: write.registration,
        related: [
          { location: other.registration, message: `The ${theirs.bitness}-bit component '${theirs.id}' writes ${displayLocation(other)} here.` },
        ],
        dependsOn: [mine.bitnessLocation, theirs.bitnessLocation, mine.location, theirs.location, pkg.platform!.location],
        fix: { components: [mine.id, theirs.id], key: displayLocation(write) },
      });
    }
  },
});

function describeWhere(on32BitWindows: boolean, on64BitWindows: boolean): string {
  const on32 = 'on 32-bit Windows, which ignores the 64-bit flag and has no registry redirection, they write the same key';
  const on64 = 'on 64-bit Windows this key is shared by the 32- and 64-bit registry views';
  if (on32BitWindows && on64BitWindows) return `${on32}, and ${on64}`;
  return on32BitWindows ? on32 : on64;
}

function sameLocation(a: Location, b: Location): boolean {
  return locationKey(a) === locationKey(b);
}

function locationKey(l: Location): string {
  return l.kind === 'source' ? `${l.file}:${l.start}` : `${l.table}/${l.key}`;
}
