import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<{ name: string; ok: boolean; detail?: string }>;

/** A process-wide metrics registry with Node defaults, labelled by component. */
export function createMetricsRegistry(component: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ component });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Readiness runs every check; ready only when all pass. Shared by the Nest services and the bare worker. */
export async function readiness(checks: ReadinessCheck[]) {
  const results = await Promise.all(checks.map((c) => c().catch((e: Error) => ({ name: 'unknown', ok: false, detail: e.message }))));
  return { status: results.every((r) => r.ok) ? 'ok' : 'unavailable', checks: results };
}

/** /health, /health/ready and /metrics for processes without an HTTP framework (the workflow worker). */
export function startHealthServer(port: number, host: string, registry: Registry, checks: ReadinessCheck[]): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.url === '/health' || req.url === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
    } else if (req.url === '/health/ready') {
      const body = await readiness(checks);
      res.writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } else if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'not_found', message: 'no such route', details: [] }));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
