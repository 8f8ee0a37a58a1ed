// ice80: every check of Windows Installer's ICE80 (64-bit components, folders, locators and schema vs. the package platform).
import { directoryBitness, directoryChain, folderTwin, STANDARD_64BIT_FOLDERS } from '../model/directories';
import type { Bitness } from '../model/platform';
import { createRule } from './rule';
import { bitnessHow, bitnessSetting, buildPhrase, capitalize, platformPhrase } from './describe';
import { fields, isBitness, isString } from './fixData';

/**
 * What ice80's fixes need. A 64-bit component in a 32-bit package: the component, to make it 32-bit. A component whose
 * bitness does not match its directory: the component, its directory, the standard folder that decides the directory's
 * bitness, that bitness, and the package's (a 64-bit folder only helps a 64-bit package).
 */
export type Ice80FixData =
  | { component: string; bitness: 32 }
  | { component: string; directory: string; folder: string; bitness: Bitness; packageBitness: Bitness | null };

function readIce80FixData(data: unknown): Ice80FixData | undefined {
  const d = fields(data);
  if (!d || !isString(d['component']) || !isBitness(d['bitness'])) return undefined;
  const component = d['component'];
  if (d['directory'] === undefined) return d['bitness'] === 32 ? { component, bitness: 32 } : undefined;
  // An unknown package bitness (decided at build time) is null, and may be left out.
  const packageBitness = d['packageBitness'] ?? null;
  if (!isString(d['directory']) || !isString(d['folder']) || !(packageBitness === null || isBitness(packageBitness))) return undefined;
  return { component, directory: d['directory'], folder: d['folder'], bitness: d['bitness'], packageBitness };
}

/** Minimum schema (PageCount / InstallerVersion) by Template platform. */
const MIN_SCHEMA: Record<string, number> = { Intel64: 150, x64: 200, Arm64: 500 };

/**
 * The schema WiX's compiler raises a lower InstallerVersion to, with its warning: 200 for every platform but Intel
 * (CNDL1121 / WIX1121), 500 for Arm64 (1143). wix3 src/tools/wix/Compiler.cs ParsePackageElement; wix
 * src/wix/WixToolset.Core/Compiler_Package.cs ValidateAndAddCommonSummaryInformationSymbols.
 */
const RAISED_SCHEMA: Record<string, { schema: number; warning: string }> = {
  Intel64: { schema: 200, warning: '1121' },
  x64: { schema: 200, warning: '1121' },
  Arm64: { schema: 500, warning: '1143' },
};

export const ice80 = createRule({
  meta: {
    id: 'ice80',
    description: 'ICE80: 64-bit components, custom actions, folders and registry searches must match the package platform.',
    defaultSeverity: 'error',
    ice: 'ICE80',
    messages: {
      component64In32BitPackage: {
        headline: "Component '{{component}}' is 64-bit but {{build}}",
        note:
          "It is 64-bit ({{how}}), and {{platform}}: on 32-bit Windows its 64-bit flag is ignored. ICE80: This package contains 64 bit component '{{component}}' " +
          'but the Template Summary Property does not contain Intel64, x64, or Arm64.',
        help: 'Move it to a separate 64-bit package, or make it 32-bit.',
      },
      script64In32BitPackage: {
        headline: "Custom action '{{action}}' is a 64-bit script but {{build}}",
        note:
          "It is 64-bit ({{how}}), and {{platform}}. ICE80: This package contains 64 bit custom action script '{{action}}' but the " +
          'Template Summary Property does not contain Intel64, x64, or Arm64.',
        help: 'Run it as a 32-bit script ({{fix}}), or move it to the 64-bit package.',
      },
      badSummaryValue: {
        headline: 'The summary information property {{property}} is {{value}}',
        note: 'Windows Installer reads the platform and the schema from it. ICE80: Bad value in Summary Information Stream for {{property}}.',
      },
      schemaTooLow: {
        headline: '{{package}} is marked {{token}} but its schema (InstallerVersion) is {{schema}}',
        note: '{{token}} packages need at least {{min}}. ICE80: This package is marked with {{token}} but it has a schema less than {{min}}.',
        help: 'Set InstallerVersion="{{min}}" or higher.',
      },
      schemaRaised: {
        headline: '{{package}} is marked {{token}} but its InstallerVersion is {{schema}}, below {{min}}',
        note:
          'WiX raises it to {{raised}} when it builds the package, with warning {{warning}} ("Package/@InstallerVersion ' +
          'must be {{raised}} or greater"). Without the raise, ICE80: This package is marked with {{token}} but it has a schema less than {{min}}.',
        help: 'Set InstallerVersion="{{raised}}", so that the package says what you wrote.',
      },
      folder64In32BitPackage: {
        headline: "Directory '{{directory}}' is a 64-bit folder but {{build}}",
        note: 'Only 64-bit Windows sets it, and {{platform}}. ICE80: This 32Bit Package is using 64 bit property {{directory}}',
        help: 'Use {{twin}} in the 32-bit package (ProgramFiles6432Folder and its kin in WiX v4 pick the right one per platform).',
      },
      search64In32BitPackage: {
        headline: "RegistrySearch '{{search}}' reads the 64-bit registry but {{build}}",
        note: 'It reads the 64-bit view ({{how}}), and {{platform}}. ICE80: This 32Bit Package is using 64 bit Locator Type in RegLocator table entry {{search}}',
        help: 'Search the 32-bit view ({{fix}}), or move the search to the 64-bit package.',
      },
      component64In32BitDirectory: {
        headline: "Component '{{component}}' is 64-bit but installs under the 32-bit {{folder}}",
        note: "It is 64-bit ({{how}}), and its directory '{{directory}}' is under {{folder}}. ICE80: This 64BitComponent {{component}} uses 32BitDirectory {{directory}}",
        help: 'Make it 32-bit ({{fix}}), or install it under {{twin}} in a 64-bit package.',
      },
      component32In64BitDirectory: {
        headline: "Component '{{component}}' is 32-bit but installs under the 64-bit {{folder}}",
        note: "It is 32-bit ({{how}}), and its directory '{{directory}}' is under {{folder}}. ICE80: This 32BitComponent {{component}} uses 64BitDirectory {{directory}}",
        help: 'Install it under {{twin}}, or make it 64-bit ({{fix}}) in a 64-bit package.',
      },
      harvested64In32BitDirectory: {
        headline: 'The files <Files Include="{{include}}"> harvests are 64-bit but install under the 32-bit {{folder}}',
        note:
          "WiX makes a component of each file it harvests, 64-bit in a 64-bit build, in directory '{{directory}}', which is " +
          'under {{folder}}: each fails ICE80 (This 64BitComponent ... uses 32BitDirectory {{directory}}).',
        help: 'Harvest them under a folder that follows the build (ProgramFiles6432Folder and its kin), or under {{twin}}.',
      },
      harvested32In64BitDirectory: {
        headline: 'The files <Files Include="{{include}}"> harvests are 32-bit but install under the 64-bit {{folder}}',
        note:
          "WiX makes a component of each file it harvests, 32-bit in an x86 build, in directory '{{directory}}', which is " +
          'under {{folder}}: each fails ICE80 (This 32BitComponent ... uses 64BitDirectory {{directory}}).',
        help: 'Harvest them under a folder that follows the build (ProgramFiles6432Folder and its kin), or under {{twin}}.',
      },
      languageNotInTemplate: {
        headline: 'ProductLanguage {{language}} is not among the package languages ({{languages}})',
        note:
          "ICE80: The 'ProductLanguage' property in the Property table has a value of '{{language}}', which is not contained in the " +
          'Template Summary Property stream.',
        help: 'Add {{language}} to the package languages, or change the product language.',
      },
    },
  },
  readFixData: readIce80FixData,
  check({ db, report }) {
    const pkg = db.package;
    const platform = pkg?.platform;
    const is32 = platform?.bitness === 32;

    for (const bad of pkg?.badSummaryValues ?? []) {
      report({ messageId: 'badSummaryValue', data: { property: bad.property, value: bad.problem }, location: bad.location });
    }

    if (pkg && is32) {
      const phrase = platformPhrase(pkg);
      const build = buildPhrase(pkg);
      for (const c of db.components) {
        if (c.bitness !== 64) continue;
        report({
          messageId: 'component64In32BitPackage',
          data: { component: c.id, how: bitnessHow(db, c), platform: phrase, build },
          location: c.bitnessLocation,
          dependsOn: [c.location, platform!.location],
          fix: { component: c.id, bitness: 32 },
        });
      }
      for (const a of db.customActions) {
        if (!a.script64) continue;
        report({
          messageId: 'script64In32BitPackage',
          data: { action: a.id, how: bitnessHow(db, a), platform: phrase, build, fix: bitnessSetting(a.bitnessAttribute, 32) },
          location: a.bitnessLocation,
          dependsOn: [a.location, platform!.location],
        });
      }
      for (const s of db.registrySearches) {
        if (!s.is64) continue;
        report({
          messageId: 'search64In32BitPackage',
          data: { search: s.id, how: bitnessHow(db, s), platform: phrase, build, fix: bitnessSetting(s.bitnessAttribute, 32) },
          location: s.bitnessLocation,
          dependsOn: [s.location, platform!.location],
        });
      }
      for (const d of db.directories.values()) {
        if (!STANDARD_64BIT_FOLDERS.has(d.id)) continue;
        report({
          messageId: 'folder64In32BitPackage',
          data: { directory: d.id, platform: phrase, build, twin: folderTwin(d.id)! },
          location: d.location,
          dependsOn: [platform!.location],
        });
      }
    }

    if (pkg && platform && pkg.schema) {
      const min = MIN_SCHEMA[platform.token];
      if (min !== undefined && pkg.schema.value < min) {
        // Building from sources, WiX raises the schema of a package that is not Intel itself, and warns: the package
        // it writes passes ICE80. A built package's schema is what it is.
        const raised = RAISED_SCHEMA[platform.token];
        const data = { package: capitalize(pkg.label), token: platform.token, schema: pkg.schema.value, min };
        if (db.arch !== undefined && raised !== undefined) {
          report({
            messageId: 'schemaRaised',
            data: { ...data, raised: raised.schema, warning: raised.warning },
            location: pkg.schema.location,
            severity: 'warning',
            dependsOn: [platform.location],
          });
        } else {
          report({ messageId: 'schemaTooLow', data, location: pkg.schema.location, dependsOn: [platform.location] });
        }
      }
    }

    if (pkg?.productLanguage && pkg.languages && !pkg.languages.includes(pkg.productLanguage.value)) {
      report({
        messageId: 'languageNotInTemplate',
        data: { language: pkg.productLanguage.value, languages: pkg.languages.join(',') },
        location: pkg.productLanguage.location,
      });
    }

    const dirs = directoryBitness(db);
    for (const c of db.components) {
      const directory = c.directory;
      if (directory === undefined) continue;
      const d = dirs.get(directory);
      if (!d || d.bitness === c.bitness) continue;
      if (c.harvested !== undefined) {
        // What a Files element harvests follows the build: no bitness to change, only the folder.
        report({
          messageId: c.bitness === 64 ? 'harvested64In32BitDirectory' : 'harvested32In64BitDirectory',
          data: { include: c.harvested, directory, folder: d.folder, twin: folderTwin(d.folder)! },
          location: c.directoryLocation,
          dependsOn: () => [c.location, ...directoryChain(db, directory)],
        });
        continue;
      }
      // The advice holds for 32- and 64-bit packages alike, so the problem reads the same on every platform.
      report({
        messageId: c.bitness === 64 ? 'component64In32BitDirectory' : 'component32In64BitDirectory',
        data: {
          component: c.id,
          how: bitnessHow(db, c),
          directory,
          folder: d.folder,
          twin: folderTwin(d.folder)!,
          fix: bitnessSetting(c.bitnessAttribute, d.bitness),
        },
        location: c.directoryLocation,
        dependsOn: () => [c.location, c.bitnessLocation, ...directoryChain(db, directory)],
        fix: { component: c.id, directory, folder: d.folder, bitness: d.bitness, packageBitness: platform?.bitness ?? null },
      });
    }
  },
});
