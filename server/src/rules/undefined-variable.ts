// undefined-variable: a preprocessor variable the sources use and nothing here defines, once per variable and unit.
import { createRule } from './rule';

export const undefinedVariable = createRule({
  meta: {
    id: 'undefined-variable',
    description: 'A preprocessor variable is used but not defined: the build defines it, this lint does not know how.',
    defaultSeverity: 'warning',
    ice: undefined,
    messages: {
      variable: {
        headline: '{{written}} is not defined here',
        note: "It is {{uses}}. Until the build's value is given, wixlint leaves it as written and reports what depends on it as info.",
        help:
          'Pass -d {{name}}=VALUE to wixlint as to candle or wix build, or add {{name}}=VALUE to DefineConstants in the ' +
          '.wixproj, or to "defines" in wixlint.config.json.',
      },
      environment: {
        headline: '{{written}} is not set here',
        note:
          'It is {{uses}}, and the build reads it from the environment. Until it is set, wixlint leaves it as written ' +
          'and reports what depends on it as info.',
        help: 'Set {{name}} when running wixlint, or add it to "env" in wixlint.config.json.',
      },
      system: {
        headline: '{{written}} is not a variable WiX defines, so the build stops here',
        note:
          'It is {{uses}}. WiX defines sys.CURRENTDIR, SOURCEFILEDIR, SOURCEFILEPATH, BUILDARCH and PLATFORM, and from ' +
          'v4 on BUILDARCHSHORT, WIXMAJORVERSION and WIXVERSION, in upper case.',
      },
    },
    aboutInput: true,
  },
  check({ db, report }) {
    for (const v of db.undefinedVariables) {
      const dot = v.variable.indexOf('.');
      const prefix = v.variable.slice(0, dot);
      // As written: an environment variable's name is counted without case, but named as the source spells it.
      const written = v.written.slice(2, -1);
      const name = written.slice(written.indexOf('.') + 1);
      const uses = v.uses === 1 ? 'used once' : `used ${v.uses} times; this is the first`;
      if (prefix === 'sys') {
        report({ messageId: 'system', data: { written: v.written, uses }, location: v.location, severity: 'error' });
      } else {
        report({ messageId: prefix === 'env' ? 'environment' : 'variable', data: { written: v.written, name, uses }, location: v.location });
      }
    }
  },
});
