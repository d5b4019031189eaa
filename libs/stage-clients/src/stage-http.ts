/** A failed call to another stage service, naming the service and the route so a stage report says where. */
export class StageCallError extends Error {
  constructor(
    readonly service: string,
    readonly route: string,
    readonly status: number | null,
    message: string,
  ) {
    super(`${service} ${route}: ${message}`);
    this.name = 'StageCallError';
  }
}

/** POSTs JSON to another service's internal route; a stage activity retries through Temporal on failure. */
export async function postStageJson<T>(service: string, baseUrl: string, route: string, body: unknown, timeoutMs = 60_000): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(route, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new StageCallError(service, route, null, `unreachable at ${baseUrl}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not our JSON error body; keep the raw text
    }
    throw new StageCallError(service, route, res.status, `HTTP ${res.status}: ${message}`);
  }
  return JSON.parse(text) as T;
}
