import { Client, Connection } from '@temporalio/client';

export interface TemporalTarget {
  address: string;
  namespace: string;
}

/** A client for the API and launcher. Workers use NativeConnection (see worker.ts). */
export async function connectClient(target: TemporalTarget): Promise<Client> {
  return (await connectTemporal(target)).client;
}

/** Both halves, for callers that also need the operator service (search attributes). */
export async function connectTemporal(target: TemporalTarget): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({ address: target.address, connectTimeout: '10s' });
  return { connection, client: new Client({ connection, namespace: target.namespace }) };
}

/**
 * A client that connects on first use, so a service's HTTP routes come up while Temporal is still starting; a
 * failed connection is not cached (the next call tries again).
 */
export class LazyTemporalClient {
  private pending: Promise<{ connection: Connection; client: Client }> | null = null;

  constructor(
    private readonly target: TemporalTarget,
    private readonly onUnreachable: (err: unknown) => void = () => undefined,
  ) {}

  async get(): Promise<Client> {
    this.pending ??= connectTemporal(this.target).catch((err: unknown) => {
      this.pending = null;
      this.onUnreachable(err);
      throw err;
    });
    return (await this.pending).client;
  }

  async close(): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    if (pending) await pending.then((c) => c.connection.close()).catch(() => undefined);
  }
}
