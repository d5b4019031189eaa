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
