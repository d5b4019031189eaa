/**
 * A webhook URL as configured at SendGrid may carry basic-auth credentials (`https://user:secret@host/path`); fetch
 * refuses such URLs, so they travel as an Authorization header instead, as SendGrid sends them.
 */
export interface WebhookTarget {
  /** The URL without credentials: what is requested and what logs show. */
  href: string;
  authorization?: string;
}

export function webhookTarget(url: URL): WebhookTarget {
  if (url.username === '' && url.password === '') return { href: url.toString() };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';
  return { href: bare.toString(), authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}

/** Answer status, or the network problem (refused, reset, timed out) when there was no answer. */
export type PostResult = { status: number; error?: undefined } | { status: null; error: string };

/** One POST; the answer's body is read and dropped so the connection can be reused. */
export async function postOnce(target: WebhookTarget, headers: Record<string, string>, body: string | Buffer, signal: AbortSignal): Promise<PostResult> {
  try {
    const res = await fetch(target.href, {
      method: 'POST',
      headers: { ...headers, ...(target.authorization ? { Authorization: target.authorization } : {}) },
      body,
      signal,
      redirect: 'manual', // SendGrid follows no redirects
    });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: null, error: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}
