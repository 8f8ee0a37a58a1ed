// parse-error: input that cannot be read as the build would read it (malformed XML, preprocessor errors, missing includes).
import { createRule } from './rule';

export const parseError = createRule({
  meta: {
    id: 'parse-error',
    description: 'The input does not parse: malformed XML, a bad preprocessor directive, an include that cannot be found.',
    defaultSeverity: 'error',
    ice: undefined,
    messages: { input: { headline: '{{message}}', note: '{{note}}', help: '{{help}}' } },
    aboutInput: true,
  },
  check({ db, report }) {
    for (const d of db.inputDiagnostics) {
      report({
        messageId: 'input',
        data: { message: d.message, note: d.note ?? '', help: d.help ?? '' },
        location: d.location,
        severity: d.severity,
      });
    }
  },
});
