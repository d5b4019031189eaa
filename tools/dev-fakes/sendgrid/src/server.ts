import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBody } from './errors.js';
import { dispatch, sendError, type Route } from './http.js';
import { FaultQueue } from './faults.js';
import { defaultRoutes, type ActivitySettings } from './routes.js';
import { SentMailStore } from './store.js';
import { TalkBack, type TalkBackOptions } from './talk-back.js';
import { talkBackRoutes } from './talk-back-routes.js';

/** SendGrid's total message size limit is 30 MB; the sandbox refuses bigger bodies with 413 the same way. */
export const DEFAULT_MAX_BODY_BYTES = 30 * 1024 * 1024;

export interface SendgridSandboxOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  maxBodyBytes?: number;
  /** How many sent-mail records (one per personalization) to keep. */
  capacity?: number;
  /** Extension point: rows appended to the route table (webhook emission, reply simulation, …). */
  extraRoutes?: (store: SentMailStore) => Route[];
  /** Injectable clock for send_at checks and receive times. */
  now?: () => Date;
  /** Email Activity API: `forbidden` answers 403 (no paid add-on); lagMs delays visibility (default 0). */
  activity?: Partial<ActivitySettings>;
  /** Event Webhook posts and Inbound Parse replies; without URLs (the default) nothing is posted. */
  talkBack?: TalkBackOptions;
}

export interface SendgridSandbox {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:3090 */
  url: string;
  port: number;
  store: SentMailStore;
  /** Faults for the next Mail Send requests (also reachable over HTTP at /__sandbox/faults). */
  faults: FaultQueue;
  /** Live Email Activity switches (also at /__sandbox/activity). */
  activity: ActivitySettings;
  /** Events and replies posted back (also reachable over HTTP under /__sandbox/). */
  talkBack: TalkBack;
  close(): Promise<void>;
}

export async function startSendgridSandbox(options: SendgridSandboxOptions): Promise<SendgridSandbox> {
  const { port, host = '127.0.0.1', maxBodyBytes = DEFAULT_MAX_BODY_BYTES, capacity = 10_000, now = () => new Date() } = options;
  const store = new SentMailStore(capacity);
  const faults = new FaultQueue();
  const activity: ActivitySettings = { access: options.activity?.access ?? 'enabled', lagMs: options.activity?.lagMs ?? 0 };
  const talkBack = new TalkBack(store, options.talkBack ?? {}, now);
  const routes: Route[] = [
    ...defaultRoutes({ store, maxBodyBytes, now, faults, activity, talkBack }),
    ...talkBackRoutes(talkBack, now),
    ...(options.extraRoutes?.(store) ?? []),
  ];

  const server: Server = createServer((req, res) => {
    dispatch(routes, req, res).catch((error: unknown) => {
      console.error(JSON.stringify({ level: 'error', msg: 'sendgrid sandbox request failed', error: String(error) }));
      if (!res.headersSent) sendError(res, 500, errorBody('internal error in the SendGrid sandbox'));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      talkBack.close(); // its store listener and timers must not outlive a server that never started
      reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    store,
    faults,
    activity,
    talkBack,
    close: () =>
      new Promise<void>((resolve, reject) => {
        talkBack.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // keep-alive sockets from clients would otherwise hold close() open
      }),
  };
}
