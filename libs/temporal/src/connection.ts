import { Client, Connection } from '@temporalio/client';

export interface TemporalTarget {
  address: string;
  namespace: string;
}

/** A client for the API and launcher. Workers use NativeConnection (see worker.ts). */
export async function connectClient(target: TemporalTarget): Promise<Client> {
  const connection = await Connection.connect({ address: target.address, connectTimeout: '10s' });
  return new Client({ connection, namespace: target.namespace });
}
