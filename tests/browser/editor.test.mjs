// The input files' JSON Schemas as an editor uses them: yaml-language-server
// (the language server behind VS Code's YAML extension and others), driven
// over its stdio protocol as an editor drives it, checks the example's YAML
// files against the schemas their first lines name. (Its 1.x line: 2.x needs
// Node 22, newer than this machine's.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const server = path.join(here, 'node_modules/yaml-language-server/bin/yaml-language-server');

/** A language server on stdio: send, ask, and wait for what it says. */
function start(settings) {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let id = 0;
  const send = (message) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  // Messages not yet waited for, and those waiting.
  const seen = [];
  const waiting = [];
  const arrived = (message) => {
    if (message.id !== undefined && message.method) {
      // The server asks the editor: for its settings, as an editor
      // answers; anything else gets an empty answer.
      const result =
        message.method === 'workspace/configuration'
          ? message.params.items.map((i) => (i.section ? settings[i.section] ?? null : settings))
          : null;
      send({ id: message.id, result });
      return;
    }
    const w = waiting.find((w) => w.match(message));
    if (w) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(message);
    } else {
      seen.push(message);
    }
  };
  let buffer = Buffer.alloc(0);
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const head = buffer.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, head).toString())[1]);
      if (buffer.length < head + 4 + length) return;
      const body = buffer.subarray(head + 4, head + 4 + length).toString();
      buffer = buffer.subarray(head + 4 + length);
      arrived(JSON.parse(body));
    }
  });
  const next = (match, what) =>
    new Promise((resolve, reject) => {
      const at = seen.findIndex(match);
      if (at >= 0) return resolve(seen.splice(at, 1)[0]);
      const timer = setTimeout(() => reject(new Error(`no ${what} within 20 s`)), 20000);
      waiting.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  const request = (method, params) => {
    id += 1;
    const mine = id;
    send({ id: mine, method, params });
    return next((m) => m.id === mine, method);
  };
  return { child, send, request, next };
}

async function opened(lsp, file, text, version = 1) {
  const uri = pathToFileURL(file).href;
  lsp.send({
    method: 'textDocument/didOpen',
    params: { textDocument: { uri, languageId: 'yaml', version, text } },
  });
  const message = await lsp.next(
    (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri,
    `diagnostics for ${path.basename(file)}`,
  );
  return { uri, diagnostics: message.params.diagnostics };
}

test('an editor checks and completes the YAML files against their schemas', async (t) => {
  // As an editor would be set: validation and completion on, and no
  // fetching of the public schema catalogue (the tests make no requests).
  const settings = { yaml: { validate: true, completion: true, schemaStore: { enable: false } } };
  const lsp = start(settings);
  t.after(() => lsp.child.kill());
  const init = await lsp.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(repo).href,
    capabilities: { workspace: { configuration: true }, textDocument: { completion: {} } },
  });
  assert.ok(init.result?.capabilities, JSON.stringify(init));
  lsp.send({ method: 'initialized', params: {} });
  lsp.send({
    method: 'workspace/didChangeConfiguration',
    params: { settings },
  });

  // The example's files as they are: nothing to report.
  const claims = path.join(repo, 'content/claims.yaml');
  const text = readFileSync(claims, 'utf8');
  const clean = await opened(lsp, claims, text);
  assert.deepEqual(clean.diagnostics.map((d) => d.message), []);

  // A misspelt key and a value outside a choice, in another file of the
  // same folder naming the same schema.
  const broken = path.join(repo, 'content/claims-broken.yaml');
  const firstLine = text.split('\n')[0];
  const bad = `${firstLine}\n- id: a-claim\n  statment: "Typo in the key."\n  verdict: maybe\n`;
  const { diagnostics } = await opened(lsp, broken, bad);
  const messages = diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n');
  assert.match(messages, /3: Property statment is not allowed/, messages);
  assert.match(messages, /4: Value is not accepted\. Valid values: "corroborated", "contested"/, messages);
  assert.match(messages, /Missing property "statement"/, messages);

  // Completion offers the choices of `verdict:`.
  const { result: completion } = await lsp.request('textDocument/completion', {
    textDocument: { uri: pathToFileURL(broken).href },
    position: { line: 3, character: 11 },
  });
  const labels = (completion.items ?? completion).map((i) => i.label);
  assert.ok(labels.includes('corroborated'), labels.join(', '));
});
