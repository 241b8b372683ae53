/**
 * The baseline of the page benchmark, run in its own process: a bare `node:http` server that
 * answers every request with the same bytes from memory (the cached article page, fetched
 * once from Ghad). Configured by BASELINE_PORT, BASELINE_BODY_FILE, BASELINE_CONTENT_TYPE and
 * optionally BASELINE_CONTENT_ENCODING.
 */
import fs from 'node:fs';
import http from 'node:http';

const port = Number(process.env.BASELINE_PORT);
const body = fs.readFileSync(process.env.BASELINE_BODY_FILE ?? '');
const headers: Record<string, string> = {
  'content-type': process.env.BASELINE_CONTENT_TYPE ?? 'text/html; charset=utf-8',
  'content-length': String(body.length),
};
if (process.env.BASELINE_CONTENT_ENCODING) headers['content-encoding'] = process.env.BASELINE_CONTENT_ENCODING;

const server = http.createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
});
server.listen(port, '127.0.0.1');

// The benchmark holds an IPC channel open: when it goes, for whatever reason, so does this server.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
