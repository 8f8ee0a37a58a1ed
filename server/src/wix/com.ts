// The registry writes that COM authoring (Class, ProgId, TypeLib, AppId, Interface, Extension, Verb, MIME) stands for.
//
// Unadvertised elements become Registry rows that candle / `wix build` generate; the keys, names and value formats
// below follow WiX's Compiler (v3 src/tools/wix/Compiler.cs, v4 src/wix/WixToolset.Core/Compiler*.cs: ParseClassElement,
// ParseProgIdElement, ParseTypeLibElement, ParseInterfaceElement, ParseAppIdElement, ParseExtensionElement,
// ParseVerbElement, ParseMIMEElement). Advertised elements (Advertise="yes") become Class / ProgId / TypeLib / AppId /
// Extension / Verb / MIME rows, and Windows Installer writes the keys at install time (RegisterClassInfo,
// RegisterProgIdInfo, RegisterTypeLibraries, RegisterExtensionInfo, RegisterMIMEInfo); those writes follow Microsoft's
// table documentation and the msi.dll re-implementation in Wine/ReactOS (dll/win32/msi/classes.c).
// Writes come in WiX's order: an element's nested elements first, then its own rows.
import { RegistryRoot, type RegistryValue, type SourceLocation } from '../model/installer';
import type { Bitness } from '../model/platform';
import type { XmlElement } from './xml';

export interface ComHost {
  /** Attribute value with preprocessor variables substituted. */
  attr(el: XmlElement, name: string): string | undefined;
  /** The WiX-namespace element children that the preprocessor keeps, in order. */
  children(el: XmlElement): XmlElement[];
  /** Where to report a write that comes from this element: its name in the start tag. */
  location(el: XmlElement): SourceLocation;
}

/**
 * A registry write, as the model keeps it: the write's `location` is the element it comes from, its `registration`
 * the COM element under the component that implies it.
 */
export type ComWrite = RegistryValue;

/** Context of the COM element: the component's bitness and the file that serves it (File parent or Server attribute). */
export interface ComContext {
  bitness: Bitness;
  fileId: string | undefined;
  version: 3 | 4;
  /** The component the writes belong to. */
  component: string;
  /** Where the registration as a whole is reported. */
  registration: SourceLocation;
}

const COM_ELEMENTS = new Set(['Class', 'ProgId', 'TypeLib', 'AppId', 'Interface', 'Extension', 'Verb', 'MIME']);

/** True for the element names this module lowers: Class, ProgId, TypeLib, AppId, Interface, Extension (and nested Verb, MIME). */
export function isComElement(local: string): boolean {
  return COM_ELEMENTS.has(local);
}

/** The writes for one COM element found directly under a Component or File (nested ProgId/Interface/TypeLib/Verb/MIME/AppId included). */
export function comWrites(el: XmlElement, host: ComHost, ctx: ComContext): ComWrite[] {
  const lowering = new ComLowering(host, ctx);
  // Under a Component nothing decides the advertise state yet: each element's own Advertise attribute does ("NotSet").
  switch (el.local) {
    case 'Class':
      lowering.classElement(el, undefined, ctx.fileId, undefined, undefined, undefined);
      break;
    case 'ProgId':
      // WiX passes "NotSet" as firstProgIdForClass here; without a class no CLSID\...\ProgID key is written anyway.
      lowering.progIdElement(el, undefined, undefined, undefined, undefined, undefined, false);
      break;
    case 'TypeLib':
      lowering.typeLibElement(el, ctx.fileId);
      break;
    case 'AppId':
      lowering.appIdElement(el, undefined, ctx.fileId, undefined, undefined);
      break;
    case 'Interface':
      lowering.interfaceElement(el, undefined, undefined, undefined, undefined);
      break;
    case 'Extension':
      lowering.extensionElement(el, undefined, undefined);
      break;
    // A Verb or MIME means nothing without the Extension it belongs to; WiX rejects them anywhere else.
    default:
      break;
  }
  return lowering.writes;
}

/** Implemented-category ids of the SafeForInitializing / SafeForScripting attributes (CATID_SafeForInitializing, CATID_SafeForScripting). */
const CATID_SAFE_FOR_INITIALIZING = '{7DD95802-9882-11CF-9FA9-00AA006C42C4}';
const CATID_SAFE_FOR_SCRIPTING = '{7DD95801-9882-11CF-9FA9-00AA006C42C4}';

/** TypeLib FLAGS bits (LIBFLAGS): LIBFLAG_FRESTRICTED, LIBFLAG_FCONTROL, LIBFLAG_FHIDDEN, LIBFLAG_FHASDISKIMAGE. */
const TYPELIB_FLAGS: [string, number][] = [
  ['Restricted', 0x1],
  ['Control', 0x2],
  ['Hidden', 0x4],
  ['HasDiskImage', 0x8],
];

/** A ProgId as a Class sees it: its id, and the version-independent ProgId nested in it (Class table ProgId_Default). */
interface ProgIdInfo {
  id: string;
  versionIndependent: string | undefined;
}

/** Advertise state: true = yes, false = no, undefined = not set (the element's parent decides, else "no"). */
type Advertise = boolean | undefined;

class ComLowering {
  readonly writes: ComWrite[] = [];

  constructor(
    private readonly host: ComHost,
    private readonly ctx: ComContext,
  ) {}

  private lastElement: XmlElement | undefined;
  private lastLocation: SourceLocation | undefined;

  private write(el: XmlElement, key: string, name: string | undefined, value: string | undefined): void {
    // The writes of one element share its location object: a large package has hundreds of thousands of writes.
    if (el !== this.lastElement) {
      this.lastElement = el;
      this.lastLocation = this.host.location(el);
    }
    this.writes.push({
      component: this.ctx.component,
      root: RegistryRoot.ClassesRoot,
      key,
      name,
      value,
      location: this.lastLocation!,
      registration: this.ctx.registration,
    });
  }

  /** An attribute's value, or undefined when absent or empty (WiX rejects empty values of these attributes). */
  private attr(el: XmlElement, name: string): string | undefined {
    const v = this.host.attr(el, name);
    return v === undefined || v === '' ? undefined : v;
  }

  /** The element's own Advertise attribute if set, else the state it inherits. */
  private advertise(el: XmlElement, inherited: Advertise): Advertise {
    const own = yesNo(this.host.attr(el, 'Advertise'));
    return own ?? inherited;
  }

  classElement(
    el: XmlElement,
    inherited: Advertise,
    fileServer: string | undefined,
    typeLibId: string | undefined,
    typeLibVersion: string | undefined,
    parentAppId: string | undefined,
  ): void {
    const classId = guid(this.host.attr(el, 'Id'));
    if (classId === undefined) return;
    const clsidKey = `CLSID\\${classId}`;
    const advertise = this.advertise(el, inherited) ?? false;
    const contexts = (this.host.attr(el, 'Context') ?? '').split(/[\r\n\t ]+/).filter((c) => c !== '');
    // WiX calls a context ending in "32" 32-bit and any other 16-bit; nested Interfaces take the class as their proxy.
    const class32 = contexts.some((c) => c.endsWith('32'));
    const class16 = contexts.some((c) => !c.endsWith('32'));
    const description = this.attr(el, 'Description');
    const argument = this.attr(el, 'Argument');
    const icon = this.attr(el, 'Icon');
    const iconIndex = integer(this.host.attr(el, 'IconIndex'));
    const handler = this.attr(el, 'Handler');

    let defaultProgId: ProgIdInfo | undefined;
    let firstProgId = true;
    let fileTypeIndex = 0;
    for (const child of this.host.children(el)) {
      switch (child.local) {
        case 'Interface':
          this.interfaceElement(child, class16 ? classId : undefined, class32 ? classId : undefined, typeLibId, typeLibVersion);
          break;
        case 'ProgId': {
          const progId = this.progIdElement(child, advertise, classId, description, undefined, undefined, firstProgId);
          if (defaultProgId === undefined && progId !== undefined) defaultProgId = progId;
          firstProgId = false;
          break;
        }
        case 'FileTypeMask': {
          // WiX writes unadvertised masks itself; advertised ones go to Class.FileTypeMask, which Windows Installer
          // writes to the same FileType\{clsid}\<n> keys.
          const mask = fileTypeMask(this.host, child);
          if (mask !== undefined) this.write(child, `FileType\\${classId}\\${fileTypeIndex++}`, undefined, mask);
          break;
        }
        default:
          break;
      }
    }

    if (advertise) {
      this.advertisedClass(el, clsidKey, contexts, description, argument, defaultProgId, parentAppId, icon, iconIndex, handler);
    } else {
      const localServer = this.attr(el, 'Server');
      const server = fileServer ?? localServer;
      const foreignServer = this.attr(el, 'ForeignServer');
      const shortPath = yesNo(this.host.attr(el, 'ShortPath')) === true;
      // WiX keeps the formatted server across contexts, so a context it does not know repeats the previous value.
      let formatted: string | undefined;
      let iconWritten = false;
      for (const context of contexts) {
        if (context.startsWith('InprocServer')) {
          if (server !== undefined) formatted = `[${shortPath ? '!' : '#'}${server}]`;
          else if (foreignServer !== undefined) formatted = foreignServer;
        } else if (context.startsWith('LocalServer')) {
          // An exe server's long path is quoted so that arguments can follow it.
          if (server !== undefined) formatted = shortPath ? `[!${server}]` : `"[#${server}]"`;
          else if (foreignServer !== undefined) formatted = foreignServer;
          if (argument !== undefined) formatted = `${formatted ?? ''} ${argument}`;
        }
        this.write(el, `${clsidKey}\\${context}`, undefined, formatted);
        if (icon !== undefined) {
          const value = `"[#${icon}]"${iconIndex !== undefined ? `,${iconIndex}` : ''}`;
          // v3 puts DefaultIcon under each context key, v4 under the CLSID key. WiX re-formats its icon variable on each
          // pass, so a second context gets a doubly wrapped value (and v4 a duplicate row); one clean value is kept here.
          if (this.ctx.version === 3) this.write(el, `${clsidKey}\\${context}\\DefaultIcon`, undefined, value);
          else if (!iconWritten) this.write(el, `${clsidKey}\\DefaultIcon`, undefined, value);
          iconWritten = true;
        }
      }
      // Unadvertised classes take their AppID from a parent AppId element only (the AppId attribute is an error there).
      if (parentAppId !== undefined) this.write(el, clsidKey, 'AppID', parentAppId);
      if (description !== undefined) this.write(el, clsidKey, undefined, description);
      if (handler !== undefined) {
        // v3 names the 16-bit handler ole.dll, v4 (like Windows Installer) ole2.dll.
        const ole16 = this.ctx.version === 3 ? 'ole.dll' : 'ole2.dll';
        this.inprocHandler(el, clsidKey, handler, ole16);
      }
    }

    // The rest goes to the Registry table whether or not the class is advertised: the Class table has no columns for it.
    const threadingModel = this.attr(el, 'ThreadingModel');
    if (threadingModel !== undefined) {
      const model = threadingModel.charAt(0).toUpperCase() + threadingModel.slice(1);
      for (const context of contexts) this.write(el, `${clsidKey}\\${context}`, 'ThreadingModel', model);
    }
    if (typeLibId !== undefined) this.write(el, `${clsidKey}\\TypeLib`, undefined, typeLibId);
    const version = this.attr(el, 'Version');
    if (version !== undefined) this.write(el, `${clsidKey}\\Version`, undefined, version);
    const insertable = yesNo(this.host.attr(el, 'Insertable'));
    // '*' makes Windows Installer remove the whole key on uninstall.
    if (insertable !== undefined) this.write(el, `${clsidKey}\\${insertable ? 'Insertable' : 'NotInsertable'}`, '*', undefined);
    if (yesNo(this.host.attr(el, 'Control')) === true) this.write(el, `${clsidKey}\\Control`, '*', undefined);
    if (yesNo(this.host.attr(el, 'Programmable')) === true) this.write(el, `${clsidKey}\\Programmable`, '*', undefined);
    if (yesNo(this.host.attr(el, 'SafeForInitializing')) === true) {
      this.write(el, `${clsidKey}\\Implemented Categories\\${CATID_SAFE_FOR_INITIALIZING}`, '*', undefined);
    }
    if (yesNo(this.host.attr(el, 'SafeForScripting')) === true) {
      this.write(el, `${clsidKey}\\Implemented Categories\\${CATID_SAFE_FOR_SCRIPTING}`, '*', undefined);
    }
  }

  /** What RegisterClassInfo writes for the Class rows of an advertised class (one row per context). */
  private advertisedClass(
    el: XmlElement,
    clsidKey: string,
    contexts: string[],
    description: string | undefined,
    argument: string | undefined,
    defaultProgId: ProgIdInfo | undefined,
    parentAppId: string | undefined,
    icon: string | undefined,
    iconIndex: number | undefined,
    handler: string | undefined,
  ): void {
    // The server is the component's key file; Windows Installer writes its full path, unquoted, then the Argument.
    const path = this.ctx.fileId !== undefined ? `[#${this.ctx.fileId}]` : undefined;
    for (const context of contexts) {
      const value = path !== undefined && argument !== undefined ? `${path} ${argument}` : path;
      this.write(el, `${clsidKey}\\${context}`, undefined, value);
    }
    if (description !== undefined) this.write(el, clsidKey, undefined, description);
    if (defaultProgId !== undefined) {
      this.write(el, `${clsidKey}\\ProgID`, undefined, defaultProgId.id);
      if (defaultProgId.versionIndependent !== undefined) {
        this.write(el, `${clsidKey}\\VersionIndependentProgID`, undefined, defaultProgId.versionIndependent);
      }
    }
    const appId = guid(this.host.attr(el, 'AppId')) ?? parentAppId;
    if (appId !== undefined) this.write(el, clsidKey, 'AppID', appId);
    if (icon !== undefined) this.write(el, `${clsidKey}\\DefaultIcon`, undefined, iconStandIn(icon, iconIndex));
    if (handler !== undefined) this.inprocHandler(el, clsidKey, handler, 'ole2.dll');
  }

  /** Class/@Handler: 1 = the 16-bit OLE handler, 2 = the 32-bit one, 3 = both, anything else = a handler file name. */
  private inprocHandler(el: XmlElement, clsidKey: string, handler: string, ole16: string): void {
    if (handler === '1' || handler === '3') this.write(el, `${clsidKey}\\InprocHandler`, undefined, ole16);
    if (handler === '2' || handler === '3') this.write(el, `${clsidKey}\\InprocHandler32`, undefined, 'ole32.dll');
    if (handler !== '1' && handler !== '2' && handler !== '3') this.write(el, `${clsidKey}\\InprocHandler32`, undefined, handler);
  }

  interfaceElement(
    el: XmlElement,
    proxy16: string | undefined,
    proxy32: string | undefined,
    typeLibId: string | undefined,
    typeLibVersion: string | undefined,
  ): void {
    const iid = guid(this.host.attr(el, 'Id'));
    if (iid === undefined) return;
    const key = `Interface\\${iid}`;
    // Name is required; WiX reports its absence, and the key is still what collides.
    this.write(el, key, undefined, this.attr(el, 'Name'));
    if (typeLibId !== undefined) {
      this.write(el, `${key}\\TypeLib`, undefined, typeLibId);
      if (yesNo(this.host.attr(el, 'Versioned')) !== false) this.write(el, `${key}\\TypeLib`, 'Version', typeLibVersion);
    }
    const base = guid(this.host.attr(el, 'BaseInterface'));
    if (base !== undefined) this.write(el, `${key}\\BaseInterface`, undefined, base);
    const numMethods = integer(this.host.attr(el, 'NumMethods'));
    if (numMethods !== undefined) this.write(el, `${key}\\NumMethods`, undefined, String(numMethods));
    const stub16 = this.host.attr(el, 'ProxyStubClassId') !== undefined ? guid(this.host.attr(el, 'ProxyStubClassId')) : proxy16;
    if (stub16 !== undefined) this.write(el, `${key}\\ProxyStubClsid`, undefined, stub16);
    const stub32 = this.host.attr(el, 'ProxyStubClassId32') !== undefined ? guid(this.host.attr(el, 'ProxyStubClassId32')) : proxy32;
    if (stub32 !== undefined) this.write(el, `${key}\\ProxyStubClsid32`, undefined, stub32);
  }

  /**
   * A ProgId and what nests in it. `parent` is set for a version-independent ProgId (one nested in another);
   * `parentClassId` is the class an advertised version-independent ProgId reaches through its parent.
   */
  progIdElement(
    el: XmlElement,
    inherited: Advertise,
    classId: string | undefined,
    inheritedDescription: string | undefined,
    parent: string | undefined,
    parentClassId: string | undefined,
    firstForClass: boolean,
  ): ProgIdInfo | undefined {
    const progId = this.attr(el, 'Id');
    if (progId === undefined) return undefined;
    const advertise = this.advertise(el, inherited) ?? false;
    // Description may be empty here; a ProgId without one takes its class's (or its parent ProgId's).
    const description = this.host.attr(el, 'Description') ?? inheritedDescription;
    const icon = this.attr(el, 'Icon');
    const iconIndex = integer(this.host.attr(el, 'IconIndex'));

    let versionIndependent: string | undefined;
    let firstNested = true;
    for (const child of this.host.children(el)) {
      if (child.local === 'Extension') {
        this.extensionElement(child, advertise, progId);
      } else if (child.local === 'ProgId' && parent === undefined) {
        // Only one level of nesting: the nested ProgId is the version-independent one. Advertised, it names no class of
        // its own (ProgId.Class_ is empty) and Windows Installer finds the class through its parent.
        const nested = advertise
          ? this.progIdElement(child, advertise, undefined, description, progId, classId, firstNested)
          : this.progIdElement(child, advertise, classId, description, progId, undefined, firstNested);
        if (versionIndependent === undefined && nested !== undefined) versionIndependent = nested.id;
        firstNested = false;
      }
    }

    if (advertise) {
      // RegisterProgIdInfo writes these for a ProgId whose class (or an extension with verbs) is installed.
      if (description !== undefined) this.write(el, progId, undefined, description);
      const clsid = classId ?? parentClassId;
      if (clsid !== undefined) this.write(el, `${progId}\\CLSID`, undefined, clsid);
      if (icon !== undefined) this.write(el, `${progId}\\DefaultIcon`, undefined, iconStandIn(icon, iconIndex));
      if (parent !== undefined) this.write(el, `${progId}\\CurVer`, undefined, parent);
    } else {
      this.write(el, progId, undefined, description);
      if (classId !== undefined) {
        this.write(el, `${progId}\\CLSID`, undefined, classId);
        if (parent !== undefined) {
          if (firstForClass) this.write(el, `CLSID\\${classId}\\VersionIndependentProgID`, undefined, progId);
          this.write(el, `${progId}\\CurVer`, undefined, parent);
        } else if (firstForClass) {
          this.write(el, `CLSID\\${classId}\\ProgID`, undefined, progId);
        }
      }
      if (icon !== undefined) {
        this.write(el, `${progId}\\DefaultIcon`, undefined, `"[#${icon}]"${iconIndex !== undefined ? `,${iconIndex}` : ''}`);
      }
    }
    const noOpen = this.host.attr(el, 'NoOpen');
    if (noOpen !== undefined) this.write(el, progId, 'NoOpen', noOpen);
    return { id: progId, versionIndependent };
  }

  typeLibElement(el: XmlElement, fileServer: string | undefined): void {
    const libId = guid(this.host.attr(el, 'Id'));
    if (libId === undefined) return;
    const advertise = yesNo(this.host.attr(el, 'Advertise')) ?? false;
    const language = integer(this.host.attr(el, 'Language'));
    const major = integer(this.host.attr(el, 'MajorVersion'));
    const minor = integer(this.host.attr(el, 'MinorVersion'));
    // The version key is hexadecimal, as RegisterTypeLib writes it: MajorVersion="1" MinorVersion="10" -> "1.a".
    const version = major !== undefined || minor !== undefined ? `${hex(major ?? 0)}.${hex(minor ?? 0)}` : undefined;

    // Classes, AppIds and Interfaces nested here decide their own advertise state, and point back to this library.
    for (const child of this.host.children(el)) {
      if (child.local === 'AppId') this.appIdElement(child, undefined, fileServer, libId, version);
      else if (child.local === 'Class') this.classElement(child, undefined, fileServer, libId, version, undefined);
      else if (child.local === 'Interface') this.interfaceElement(child, undefined, undefined, libId, version);
    }

    // Without a version or language WiX stops with an error, and Windows Installer reads them from the file: no key is known.
    if (version === undefined || language === undefined) return;
    const versionKey = `TypeLib\\${libId}\\${version}`;
    const platform = this.ctx.bitness === 64 ? 'win64' : 'win32';
    const helpDirectory = this.attr(el, 'HelpDirectory');
    // v4's HelpSubdirectory makes WiX generate a directory id, which cannot be known here.
    const helpDir = helpDirectory === undefined ? undefined : this.attr(el, 'HelpSubdirectory') === undefined ? `[${helpDirectory}]` : undefined;
    this.write(el, versionKey, undefined, this.attr(el, 'Description'));
    const path = fileServer !== undefined ? `[#${fileServer}]` : undefined;
    if (advertise) {
      // RegisterTypeLibraries calls RegisterTypeLib on the file, which names the locale in hex and the platform by the
      // library's own SYSKIND (taken here to match the component) and takes FLAGS from the file.
      this.write(el, `${versionKey}\\${hex(language)}\\${platform}`, undefined, path);
      this.write(el, `${versionKey}\\FLAGS`, undefined, undefined);
    } else {
      // WiX formats the language in decimal (Language="1033" -> "1033"), unlike RegisterTypeLib.
      const resourceId = integer(this.host.attr(el, 'ResourceId'));
      const leaf = path !== undefined && resourceId !== undefined ? `${path}\\${resourceId}` : path;
      this.write(el, `${versionKey}\\${language}\\${platform}`, undefined, leaf);
      let flags = 0;
      for (const [name, bit] of TYPELIB_FLAGS) if (yesNo(this.host.attr(el, name)) === true) flags |= bit;
      this.write(el, `${versionKey}\\FLAGS`, undefined, String(flags));
    }
    if (helpDirectory !== undefined) this.write(el, `${versionKey}\\HELPDIR`, undefined, helpDir);
  }

  appIdElement(
    el: XmlElement,
    inherited: Advertise,
    fileServer: string | undefined,
    typeLibId: string | undefined,
    typeLibVersion: string | undefined,
  ): void {
    const appId = guid(this.host.attr(el, 'Id'));
    if (appId === undefined) return;
    // WiX settles an AppId's state ("no" unless set) before its classes, which must then agree with it.
    const advertise = this.advertise(el, inherited) ?? false;
    for (const child of this.host.children(el)) {
      if (child.local === 'Class') this.classElement(child, advertise, fileServer, typeLibId, typeLibVersion, appId);
    }
    const key = `AppID\\${appId}`;
    if (!advertise) {
      // '+' creates the key even when nothing else is written to it.
      const description = this.attr(el, 'Description');
      if (description !== undefined) this.write(el, key, undefined, description);
      else this.write(el, key, '+', undefined);
    }
    // Advertised, these are AppId table columns that Windows Installer writes when a class using the AppId registers.
    // (Wine also sets the key's default value to that class's description; that is not documented and left out.)
    const named: [string, string | undefined][] = [
      ['RemoteServerName', this.attr(el, 'RemoteServerName')],
      ['LocalService', this.attr(el, 'LocalService')],
      ['ServiceParameters', this.attr(el, 'ServiceParameters')],
      // An empty DllSurrogate is meaningful: the system's default surrogate.
      ['DllSurrogate', this.host.attr(el, 'DllSurrogate')],
      ['ActivateAtStorage', yesNo(this.host.attr(el, 'ActivateAtStorage')) === true ? 'Y' : undefined],
      ['RunAs', yesNo(this.host.attr(el, 'RunAsInteractiveUser')) === true ? 'Interactive User' : undefined],
    ];
    for (const [name, value] of named) if (value !== undefined) this.write(el, key, name, value);
  }

  extensionElement(el: XmlElement, inherited: Advertise, progId: string | undefined): void {
    const extension = this.attr(el, 'Id');
    if (extension === undefined) return;
    const advertise = this.advertise(el, inherited) ?? false;
    let contentType = this.attr(el, 'ContentType');
    // Advertised verbs register under the ProgId only, and the one with the lowest Sequence becomes `shell`'s default.
    let firstVerb: { el: XmlElement; id: string; sequence: number } | undefined;
    for (const child of this.host.children(el)) {
      if (child.local === 'Verb') {
        const verb = this.verbElement(child, extension, progId, advertise);
        const sequence = integer(this.host.attr(child, 'Sequence'));
        if (advertise && verb !== undefined && sequence !== undefined && (firstVerb === undefined || sequence < firstVerb.sequence)) {
          firstVerb = { el: child, id: verb, sequence };
        }
      } else if (child.local === 'MIME') {
        const defaultType = this.mimeElement(child, extension);
        if (contentType === undefined && defaultType !== undefined) contentType = defaultType;
      }
    }
    if (firstVerb !== undefined && progId !== undefined) this.write(firstVerb.el, `${progId}\\shell`, undefined, firstVerb.id);
    if (advertise) {
      if (progId !== undefined) this.write(el, `.${extension}`, undefined, progId);
    } else {
      this.write(el, `.${extension}`, undefined, progId);
    }
    if (contentType !== undefined) this.write(el, `.${extension}`, 'Content Type', contentType);
  }

  /** Writes one verb; returns its id. */
  private verbElement(el: XmlElement, extension: string, progId: string | undefined, advertise: boolean): string | undefined {
    const verb = this.attr(el, 'Id');
    if (verb === undefined) return undefined;
    const command = this.attr(el, 'Command');
    const argument = this.attr(el, 'Argument');
    if (advertise) {
      if (progId === undefined) return verb;
      // Windows Installer quotes the component's key file and appends the Argument.
      const target = this.ctx.fileId !== undefined ? `"[#${this.ctx.fileId}]"` : undefined;
      const line = argument !== undefined ? `${target ?? ''} ${argument}` : target;
      this.write(el, `${progId}\\shell\\${verb}\\command`, undefined, line);
      if (command !== undefined) this.write(el, `${progId}\\shell\\${verb}`, undefined, command);
      return verb;
    }
    const targetFile = this.attr(el, 'TargetFile');
    const targetProperty = this.attr(el, 'TargetProperty');
    let target: string | undefined;
    if (targetFile !== undefined) target = `"[#${targetFile}]"`;
    else if (targetProperty !== undefined) target = `"[${targetProperty}]"`;
    if (argument !== undefined) target = `${target ?? ''} ${argument}`;
    const prefix = progId ?? `.${extension}`;
    if (command !== undefined) this.write(el, `${prefix}\\shell\\${verb}`, undefined, command);
    this.write(el, `${prefix}\\shell\\${verb}\\command`, undefined, target);
    return verb;
  }

  /** Writes one MIME type; returns its content type when it is the extension's default (Default="yes"). */
  private mimeElement(el: XmlElement, extension: string): string | undefined {
    const contentType = this.attr(el, 'ContentType');
    if (contentType === undefined) return undefined;
    const key = `MIME\\Database\\Content Type\\${contentType}`;
    // Advertised or not, the MIME keys are the same: RegisterMIMEInfo writes what WiX's Registry rows would.
    this.write(el, key, 'Extension', `.${extension}`);
    const classId = guid(this.host.attr(el, 'Class'));
    if (classId !== undefined) this.write(el, key, 'CLSID', classId);
    return yesNo(this.host.attr(el, 'Default')) === true ? contentType : undefined;
  }
}

/** WiX's "offset,cb,mask,value" for a FileTypeMask, cb being the mask's length in bytes. */
function fileTypeMask(host: ComHost, el: XmlElement): string | undefined {
  const offset = integer(host.attr(el, 'Offset'));
  const mask = host.attr(el, 'Mask');
  const value = host.attr(el, 'Value');
  if (offset === undefined || mask === undefined || value === undefined) return undefined;
  return `${offset},${Math.floor(mask.length / 2)},${mask},${value}`;
}

/**
 * An advertised icon's value. Windows Installer writes the path where it puts the Icon table entry (in the user's
 * Installer folder) plus ",index"; that path is unknown before install, so the Icon id stands in for it.
 */
function iconStandIn(icon: string, index: number | undefined): string {
  return index !== undefined ? `${icon},${index}` : icon;
}

/** WiX's yes/no attribute type. */
function yesNo(value: string | undefined): boolean | undefined {
  const v = value?.trim();
  return v === 'yes' ? true : v === 'no' ? false : undefined;
}

function integer(value: string | undefined): number | undefined {
  const v = value?.trim();
  if (v === undefined || !/^[+-]?\d{1,10}$/.test(v)) return undefined;
  return Number(v);
}

function hex(n: number): string {
  return n >= 0 ? n.toString(16) : (n >>> 0).toString(16);
}

/**
 * A GUID as WiX stores it: braces, upper case ("B" format). WiX accepts the forms .NET's Guid parser does (32 digits,
 * hyphenated, in braces or parentheses). A value still holding a variable is kept as written, since it resolves later;
 * anything else is not a GUID (WiX reports an error) and yields undefined.
 */
function guid(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  let body = v;
  if ((v.startsWith('{') && v.endsWith('}')) || (v.startsWith('(') && v.endsWith(')'))) body = v.slice(1, -1);
  let digits: string | undefined;
  if (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(body)) digits = body.replace(/-/g, '');
  else if (body === v && /^[0-9a-fA-F]{32}$/.test(v)) digits = v;
  if (digits !== undefined) {
    const d = digits.toUpperCase();
    return `{${d.slice(0, 8)}-${d.slice(8, 12)}-${d.slice(12, 16)}-${d.slice(16, 20)}-${d.slice(20)}}`;
  }
  return v.includes('$(') || v.includes('!(') ? v : undefined;
}
