// The language server's process entry (bundled to dist/server.js, also run by `wixlint lsp`): the transport comes from argv.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server';

// createConnection reads --stdio, --node-ipc, --socket=PORT or --pipe=NAME from process.argv.
const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
