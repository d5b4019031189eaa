import { createServer } from 'node:http';

/**
 * The baseline: an unsigned no-op webhook in its own process. It reads the whole body and parses the JSON, as any
 * receiver must, and answers 200; no signature, no database. Prints its port on stdout and serves until killed.
 */
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let n = 0;
    try {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      n = Array.isArray(body) ? body.length : 0;
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: n, duplicates: 0, problems: [] }));
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
