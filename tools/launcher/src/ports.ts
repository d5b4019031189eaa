import { createServer } from 'node:net';
import type { StackPorts } from './stack.js';

export class ComponentStartError extends Error {
  constructor(
    readonly component: string,
    message: string,
  ) {
    super(`${component}: ${message}`);
    this.name = 'ComponentStartError';
  }
}

/** Fail early, naming the component and port, instead of letting a child crash with EADDRINUSE. */
export async function assertPortFree(component: string, port: number, host = '127.0.0.1'): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new ComponentStartError(
          component,
          err.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use; stop what holds it or choose another port` : `cannot bind ${host}:${port}: ${err.message}`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** A port the OS says is free now (for tests). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, component: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new ComponentStartError(component, `${what} did not happen within ${Math.round(timeoutMs / 1000)} s${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** A free port for every component of the stack, for a throwaway stack (tests, benches); no Web UI. */
export async function freeStackPorts(): Promise<StackPorts> {
  const ports = {} as Record<Exclude<keyof StackPorts, 'temporalUi'>, number>;
  for (const name of ['postgres', 'temporal', 'sendgrid', 'api', 'harvest', 'scoring', 'qualification', 'routing', 'nurture', 'engagement', 'workerHealth'] as const) ports[name] = await freePort();
  return { ...ports, temporalUi: null };
}
