// The installer database in memory: what the rules see, whether it came from WiX sources or from a built package.
import type { AssumptionIndex } from './assumptions';
import type { Bitness, BuildArch } from './platform';

/** A place in a source file: offsets into that file's text. */
export interface SourceLocation {
  kind: 'source';
  file: string;
  start: number;
  end: number;
}

/** A row of a built package's table (`_SummaryInformation` for summary properties). */
export interface RowLocation {
  kind: 'row';
  file: string;
  table: string;
  key: string;
}

export type Location = SourceLocation | RowLocation;

/** Where the package's platform and bitness were decided, in the user's terms. */
export interface PlatformInfo {
  /** The Template platform token: Intel, x64, Arm64, Intel64, Arm, or '' (= Intel). */
  token: string;
  bitness: Bitness;
  /** How it was chosen, for messages: 'the x86 build', 'Platform="x64"', 'the Template summary property'. */
  source: string;
  location: Location;
}

export interface PackageInfo {
  /**
   * What the package is called in the middle of a sentence: `Product 'Contoso Shell'`, `Package 'Contoso'`, and for one
   * without a name `the Package in Package.wxs` or `the package`.
   */
  label: string;
  kind: 'product' | 'module';
  /** Undefined when the platform cannot be decided (a value that stays unknown until bind time). */
  platform: PlatformInfo | undefined;
  /** The Template's language ids, when known. */
  languages: string[] | undefined;
  languagesLocation: Location | undefined;
  /** Summary information values Windows Installer cannot use (ICE80 #3): an empty Template, a PageCount that is no integer. */
  badSummaryValues?: { property: string; problem: string; location: Location }[];
  /** The schema (PageCount / InstallerVersion), when authored. */
  schema: { value: number; location: Location } | undefined;
  /**
   * Whether the package installs per machine (ALLUSERS), which decides where HKCR and HKMU writes land;
   * undefined when that is only known at install time.
   */
  perMachine: boolean | undefined;
  /** The ProductLanguage property, when known. */
  productLanguage: { value: string; location: Location } | undefined;
  /** Where package-wide problems are reported. */
  location: Location;
}

export interface Directory {
  id: string;
  parent: string | undefined;
  location: Location;
}

export type BitnessAttribute = 'Win64' | 'Bitness' | 'Attributes' | 'Type';

export interface Component {
  id: string;
  guid: string | undefined;
  bitness: Bitness;
  /** How bitness was set, in the user's terms: 'Win64="yes"', 'Bitness="always64"', or undefined when defaulted. */
  bitnessAuthored: string | undefined;
  /** Where the bitness is set: the attribute, else the component itself. */
  bitnessLocation: Location;
  /** The attribute that sets bitness where this came from: Win64 (v3), Bitness (v4), Attributes (MSI). */
  bitnessAttribute: BitnessAttribute;
  directory: string | undefined;
  /** Where the directory is set: the Directory attribute, else the component itself. */
  directoryLocation: Location;
  condition: string | undefined;
  location: Location;
  /** The merge module it comes from (its SourceFile), for a component merged into a product from sources. */
  module?: string;
  /** A File outside a Component (WiX v4 and later), which is a component of its own, named as the file. */
  ownFile?: true;
  /**
   * The Include patterns of a Files element (WiX v5 and later): this stands for the components WiX makes for the files
   * it harvests, which are not known before the build. Its id is the patterns.
   */
  harvested?: string;
}

export interface CustomAction {
  id: string;
  /** True for script custom actions marked 64-bit (msidbCustomActionType64BitScript, 0x1000). */
  script64: boolean;
  bitnessAuthored: string | undefined;
  bitnessLocation: Location;
  bitnessAttribute: BitnessAttribute;
  location: Location;
}

export interface RegistrySearch {
  id: string;
  /** True for 64-bit registry locators (msidbLocatorType64bit, 0x10). */
  is64: boolean;
  bitnessAuthored: string | undefined;
  bitnessLocation: Location;
  bitnessAttribute: BitnessAttribute;
  location: Location;
}

/** Registry roots as the Registry table stores them. */
export enum RegistryRoot {
  /** HKMU: HKCU or HKLM by ALLUSERS. */
  UserOrMachine = -1,
  ClassesRoot = 0,
  CurrentUser = 1,
  LocalMachine = 2,
  Users = 3,
}

export interface RegistryValue {
  component: string;
  root: RegistryRoot;
  key: string;
  /** undefined for the key's default value. */
  name: string | undefined;
  value: string | undefined;
  location: Location;
  /**
   * The registration the write belongs to, as the author sees it: the outermost RegistryKey, or the COM element
   * (Class, ProgId, ...) that implies it. Problems about writes are reported once per registration.
   */
  registration: Location;
}

export interface File {
  id: string;
  component: string;
  /** The installed long name (a package's `short|long` FileName gives its long part). */
  name: string | undefined;
  /**
   * The path the binder reads the file from, as WiX composes it: Source, or the parent directories' FileSource chain
   * and Name; undefined for a built package.
   */
  source: string | undefined;
  location: Location;
  /** Where Name is written (sources), else the element. */
  nameLocation: Location;
  /** Where the path the binder reads comes from: the Source attribute, else Name, else the element. */
  sourceLocation: Location;
  /** What the file is, when the payload was looked at (set before the rules run; see payload/). */
  payload?: Payload;
}

/** What a file's bytes say about the ISA that can load it. */
export interface BinaryPayload {
  kind: 'binary';
  /** The machine in the user's terms: 'x86', 'x64', 'arm64'. */
  machine: string;
  /** 32 or 64; 'any' for an AnyCPU .NET assembly. */
  bitness: Bitness | 'any';
  /** A kernel-mode driver (subsystem NATIVE). */
  driver: boolean;
  /** A .NET assembly: 'AnyCPU', 'x86-only', '64-bit', 'mixed-mode'; undefined for native code. */
  managed: string | undefined;
  /** Where it was read, for messages: a path, or `cab1.cab` inside the package. */
  readFrom: string;
}

export type Payload =
  | BinaryPayload
  /** Not a binary wixlint judges: not a PE, a resource, a PE for a machine it does not check. */
  | { kind: 'other'; readFrom: string }
  /** Not found where the binder would look. */
  | { kind: 'missing'; tried: string[] }
  /** Found, but not read: why (compressed with LZX, a damaged cabinet block, malformed headers). */
  | { kind: 'unchecked'; readFrom: string; reason: string };

export interface Property {
  id: string;
  value: string | undefined;
  location: Location;
}

/** A problem found while reading the input (malformed XML, preprocessor errors), reported by `parse-error`. */
export interface InputDiagnostic {
  /** The headline: what is wrong, and where in a few words. */
  message: string;
  /** Why, or what was tried (the folders looked in). */
  note?: string;
  /** What to change. */
  help?: string;
  location: Location;
  severity: 'error' | 'warning' | 'info';
}

/** A preprocessor variable the sources use but nothing here defines: reported once per unit, at its first use. */
export interface UndefinedVariable {
  /** `var.X`, `env.X` or `sys.X`. */
  variable: string;
  /** As written at the first use: `$(var.X)`, `$(X)`. */
  written: string;
  /** Places it is used, over every platform linted. */
  uses: number;
  location: SourceLocation;
}

/** A merge module a product merges (`<Merge SourceFile>`): its parts join the package's, placed at the Merge element. */
export interface MergedModule {
  id: string;
  /** SourceFile as written, variables expanded. */
  sourceFile: string;
  /** The directory its TARGETDIR content goes under. */
  directory: string | undefined;
  location: Location;
  /** Where the module was read from (for messages); undefined when it was not read. */
  readFrom: string | undefined;
  /** The module's Template platform; undefined when the module was not read or its Template says none. */
  platform: PlatformInfo | undefined;
}

/** A package a Burn bundle chains (`<MsiPackage>`), with what its MSI says once read. */
export interface ChainedPackage {
  /** The MsiPackage's Id, else its file name. */
  id: string;
  /** SourceFile as written, variables expanded. */
  sourceFile: string;
  location: Location;
  /** The InstallCondition as written; undefined when there is none (the package installs everywhere). */
  installCondition: string | undefined;
  /** Where to add or change it: the attribute, else the element. */
  conditionLocation: Location;
  /** What the MSI says, once read. */
  msi?: { platform: PlatformInfo | undefined; upgradeCode: string | undefined; readFrom: string };
}

/** A Burn bundle and the MSI packages its chain installs. */
export interface BundleInfo {
  /** `Bundle 'Name'`, or `the Bundle in Bundle.wxs`. */
  label: string;
  location: Location;
  packages: ChainedPackage[];
}

/** Payloads that could not be checked, said once per place (a cabinet compressed with LZX, a damaged one). */
export interface PayloadNotice {
  /** What was not checked, starting a sentence: "Payloads in cabinet 'cab1.cab'". */
  what: string;
  reason: string;
  location: Location;
}

/** One package, as built for one platform (sources) or as read from a file (MSI). */
export interface InstallerDb {
  /** The build platform the sources were lowered for; undefined for a built package. */
  arch: BuildArch | undefined;
  /** undefined for fragments that no package references (checked for what they can decide alone). */
  package: PackageInfo | undefined;
  directories: Map<string, Directory>;
  components: Component[];
  files: File[];
  registry: RegistryValue[];
  customActions: CustomAction[];
  registrySearches: RegistrySearch[];
  properties: Map<string, Property>;
  /** What stopped payloads from being checked (see payload/). */
  payloadNotices: PayloadNotice[];
  /** Merge modules the package merges (sources). */
  mergedModules: MergedModule[];
  /** For a Burn bundle (sources): its chain. */
  bundle?: BundleInfo;
  inputDiagnostics: InputDiagnostic[];
  /** Variables the sources use that nothing defines (sources only). */
  undefinedVariables: UndefinedVariable[];
  /** Source ranges whose content rests on values this lint does not have (sources only). */
  assumptions: AssumptionIndex | undefined;
}

export function emptyDb(arch: BuildArch | undefined): InstallerDb {
  return {
    arch,
    package: undefined,
    directories: new Map(),
    components: [],
    files: [],
    registry: [],
    customActions: [],
    registrySearches: [],
    properties: new Map(),
    payloadNotices: [],
    mergedModules: [],
    inputDiagnostics: [],
    undefinedVariables: [],
    assumptions: undefined,
  };
}
