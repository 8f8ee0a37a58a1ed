// Merge modules written in memory for the tests: an overlay library's module for one ISA, as WiX modularizes it.
import { cabinetImage, TYPE_MSZIP } from '../payload/cabinetImage';
import { buildMsi } from './builder';
import { schemaTable } from './schema';

const COMPONENT_64BIT = 0x100;
export const OVERLAY_CLSID = '{B09BAAE7-55BB-4D9D-A8F6-49D39B963F21}';
/** WiX's modularization suffixes: each module's GUID, dashes as underscores. */
export const SUFFIX_32 = '.1B3C5D7E_0A1B_4C2D_8E3F_405162738495';
export const SUFFIX_64 = '.2B3C5D7E_0A1B_4C2D_8E3F_405162738495';

/**
 * An overlay module: one component in its own folder under Program Files (32- or 64-bit), registering the CLSID's
 * server; with `server`, the server's file too, in the module's cabinet.
 */
export function overlayModule(bits: 32 | 64, server?: Uint8Array): Uint8Array {
  const suffix = bits === 64 ? SUFFIX_64 : SUFFIX_32;
  const pf = `${bits === 64 ? 'ProgramFiles64Folder' : 'ProgramFilesFolder'}${suffix}`;
  return buildMsi({
    summary: { template: bits === 64 ? 'x64;1033' : 'Intel;1033', pageCount: 200 },
    tables: [
      schemaTable('ModuleSignature', [[`Overlay${bits}${suffix}`, 1033, '1.0.0']]),
      schemaTable('Directory', [
        ['TARGETDIR', null, 'SourceDir'],
        [pf, 'TARGETDIR', '.'],
        [`OverlayDir${suffix}`, pf, 'Overlays'],
      ]),
      schemaTable('Component', [[`Overlay${bits}${suffix}`, null, `OverlayDir${suffix}`, bits === 64 ? COMPONENT_64BIT : 0, null, null]]),
      schemaTable('Registry', [
        [`Srv${suffix}`, 0, `CLSID\\${OVERLAY_CLSID}\\InprocServer32`, null, `[#Overlay${bits}.dll${suffix}]`, `Overlay${bits}${suffix}`],
      ]),
      ...(server
        ? [schemaTable('File', [[`Overlay${bits}.dll${suffix}`, `Overlay${bits}${suffix}`, `Overlay${bits}.dll`, server.length, null, null, 0, 1]])]
        : []),
    ],
    streams: server
      ? { 'MergeModule.CABinet': cabinetImage({ folders: [{ type: TYPE_MSZIP, files: [{ name: `Overlay${bits}.dll${suffix}`, data: server }] }] }) }
      : {},
  });
}
