import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readPipelineConfig } from '#libs/config';
import { connectClient, connectTemporal, ensureSearchAttributes, upsertDailyPipelineSchedule } from '#libs/temporal';
import { startPostgresProcess } from './postgres-process.js';
import { startNodeService, type RunningService } from './node-service.js';
import { distEntry, repoRoot } from './paths.js';
import { assertPortFree } from './ports.js';
import { findOrBuildTemporal } from './temporal-cli.js';
import { startTemporalDevServer } from './temporal-dev-server.js';
import { startDevDns } from './dev-dns.js';
import { ensureDevApiKey } from './dev-api-key.js';
import { ensureUnsubscribeSecret } from './unsubscribe-secret.js';
import { ensureEngagementSecrets } from './engagement-secrets.js';
import { ENGAGEMENT_WEBHOOK_PATHS } from '#libs/contracts';

export interface StackPorts {
  postgres: number;
  temporal: number;
  temporalUi: number | null;
  sendgrid: number;
  api: number;
  harvest: number;
  scoring: number;
  qualification: number;
  routing: number;
  nurture: number;
  engagement: number;
  workerHealth: number;
}

export interface StackOptions {
  dataDir: string;
  ports: StackPorts;
  /** Keep Temporal's state in a SQLite file under dataDir (npm start) or in memory (tests). */
  persistentTemporal: boolean;
  /** Environment given to every process; DATABASE_URL / TEMPORAL_ADDRESS / SENDGRID_API_KEY here switch off the embedded parts. */
  env: NodeJS.ProcessEnv;
  log: (component: string, line: string) => void;
  /** A service or the worker exited on its own; it is restarted after restartInMs unless that is null. */
  onUnexpectedExit?: (component: string, code: number | null, restartInMs: number | null) => void;
}

export interface RunningStack {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  urls: { api: string; docs: string; harvest: string; engagement: string; sendgrid: string | null; temporalUi: string | null };
  dropDir: string;
  /** The development API key (admin), also in <dataDir>/dev-api-key; created on the first start. */
  apiKey: { key: string; created: boolean };
  /** The shared secret every internal route requires (from INTERNAL_API_TOKEN, or made for this start). */
  internalToken: string;
  /** Signs and checks one-click unsubscribe links (from UNSUBSCRIBE_SECRET, or kept in the data dir). */
  unsubscribeSecret: string;
  /**
   * What engagement checks SendGrid's posts with. With the sandbox: a key pair and secret kept in the data dir (the
   * sandbox signs with the private key); with real SendGrid: SENDGRID_WEBHOOK_PUBLIC_KEY / INBOUND_PARSE_SECRET as
   * configured (null when unset) and no private key.
   */
  engagementSecrets: { webhookPublicKey: string | null; webhookPrivateKey: string | null; inboundParseSecret: string | null };
  stop(): Promise<void>;
}

/**
 * Everything `npm start` runs, in dependency order, also used by the integration tests' global setup.
 * Whatever started is stopped again, in reverse order, if a later part fails.
 */
export async function startStack(o: StackOptions): Promise<RunningStack> {
  const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) {
      try {
        await s.stop();
        o.log('launcher', `${s.name} stopped`);
      } catch (err) {
        o.log('launcher', `${s.name} did not stop cleanly: ${(err as Error).message}`);
      }
    }
    stops.length = 0;
  };
  try {
    const root = repoRoot();
    const dataDir = resolve(o.dataDir);
    await mkdir(dataDir, { recursive: true });
    const namespace = o.env.TEMPORAL_NAMESPACE ?? 'default';

    let databaseUrl = o.env.DATABASE_URL;
    if (!databaseUrl) {
      o.log('launcher', `starting embedded PostgreSQL on 127.0.0.1:${o.ports.postgres}`);
      const pg = await startPostgresProcess({ dataDir: join(dataDir, 'postgres'), port: o.ports.postgres, log: (l) => o.log('postgres', l) });
      stops.push({ name: 'postgres', stop: pg.stop });
      databaseUrl = pg.url;
    }

    let temporalAddress = o.env.TEMPORAL_ADDRESS;
    let temporalUi: string | null = o.env.TEMPORAL_UI_URL ?? null;
    if (!temporalAddress) {
      const binary = await findOrBuildTemporal((l) => o.log('temporal', l));
      o.log('launcher', `starting the Temporal dev server on 127.0.0.1:${o.ports.temporal}`);
      const temporal = await startTemporalDevServer({
        binary,
        port: o.ports.temporal,
        uiPort: o.ports.temporalUi,
        dbFile: o.persistentTemporal ? join(dataDir, 'temporal.sqlite') : undefined,
        namespace,
        log: (l) => o.log('temporal', l),
      });
      stops.push({ name: 'temporal', stop: temporal.stop });
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
    } else {
      const { connection } = await connectTemporal({ address: temporalAddress, namespace });
      await ensureSearchAttributes(connection, namespace);
      await connection.close();
    }

    // A fresh secret per start unless one is configured: the internal routes are never open, not even on a laptop.
    const internalToken = o.env.INTERNAL_API_TOKEN || randomBytes(32).toString('hex');
    const unsubscribeSecret = o.env.UNSUBSCRIBE_SECRET || (await ensureUnsubscribeSecret(dataDir));
    const env: NodeJS.ProcessEnv = {
      ...o.env,
      INTERNAL_API_TOKEN: internalToken,
      UNSUBSCRIBE_SECRET: unsubscribeSecret,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      ...(temporalUi ? { TEMPORAL_UI_URL: temporalUi } : {}),
      API_PORT: String(o.ports.api),
      // Where the unsubscribe links in sent mail point: this API on loopback unless a public address is configured.
      PUBLIC_API_URL: o.env.PUBLIC_API_URL ?? `http://localhost:${o.ports.api}`,
      HARVEST_PORT: String(o.ports.harvest),
      HARVEST_URL: `http://127.0.0.1:${o.ports.harvest}`,
      SCORING_PORT: String(o.ports.scoring),
      SCORING_URL: `http://127.0.0.1:${o.ports.scoring}`,
      QUALIFICATION_PORT: String(o.ports.qualification),
      QUALIFICATION_URL: `http://127.0.0.1:${o.ports.qualification}`,
      ROUTING_PORT: String(o.ports.routing),
      ROUTING_URL: `http://127.0.0.1:${o.ports.routing}`,
      NURTURE_PORT: String(o.ports.nurture),
      NURTURE_URL: `http://127.0.0.1:${o.ports.nurture}`,
      ENGAGEMENT_PORT: String(o.ports.engagement),
      ENGAGEMENT_URL: `http://127.0.0.1:${o.ports.engagement}`,
      WORKER_HEALTH_PORT: String(o.ports.workerHealth),
      HARVEST_DROP_DIR: o.env.HARVEST_DROP_DIR ?? join(dataDir, 'drop'),
      HARVEST_SPOOL_DIR: o.env.HARVEST_SPOOL_DIR ?? join(dataDir, 'harvest-spool'),
    };

    if (!o.env.QUALIFY_DNS_SERVERS) {
      const dns = await startDevDns();
      stops.push({ name: 'dev-dns', stop: dns.stop });
      env.QUALIFY_DNS_SERVERS = dns.server;
      o.log('launcher', `development DNS on ${dns.server} (answers *.example; set QUALIFY_DNS_SERVERS to use real resolvers)`);
    }

    let sendgridUrl: string | null = null;
    let engagementSecrets: RunningStack['engagementSecrets'] = {
      webhookPublicKey: o.env.SENDGRID_WEBHOOK_PUBLIC_KEY || null,
      webhookPrivateKey: null,
      inboundParseSecret: o.env.INBOUND_PARSE_SECRET || null,
    };
    if (!o.env.SENDGRID_API_KEY) {
      // The sandbox plays SendGrid, so it signs with the kept key and posts replies with the parse secret.
      const kept = await ensureEngagementSecrets(dataDir);
      const inboundParseSecret = o.env.INBOUND_PARSE_SECRET || kept.inboundParseSecret;
      engagementSecrets = { ...kept, inboundParseSecret };
      env.SENDGRID_WEBHOOK_PUBLIC_KEY = kept.webhookPublicKey;
      env.INBOUND_PARSE_SECRET = inboundParseSecret;
      await assertPortFree('sendgrid-sandbox', o.ports.sendgrid);
      const sandbox = await startNodeService({
        name: 'sendgrid-sandbox',
        entry: distEntry(root, 'tools/dev-fakes/sendgrid/src/main.js'),
        env: {
          ...env,
          SENDGRID_SANDBOX_PORT: String(o.ports.sendgrid),
          SENDGRID_SANDBOX_EVENT_WEBHOOK_URL: `http://127.0.0.1:${o.ports.engagement}${ENGAGEMENT_WEBHOOK_PATHS.events}`,
          SENDGRID_SANDBOX_WEBHOOK_PRIVATE_KEY: kept.webhookPrivateKey,
          SENDGRID_SANDBOX_INBOUND_PARSE_URL: `http://parse:${encodeURIComponent(inboundParseSecret)}@127.0.0.1:${o.ports.engagement}${ENGAGEMENT_WEBHOOK_PATHS.inbound}`,
        },
        healthUrl: `http://127.0.0.1:${o.ports.sendgrid}/health`,
        log: (l) => o.log('sendgrid-sandbox', l),
        onUnexpectedExit: o.onUnexpectedExit,
        pidFile: join(dataDir, 'run', 'sendgrid-sandbox.pid'),
      });
      stops.push(sandbox);
      sendgridUrl = `http://127.0.0.1:${o.ports.sendgrid}`;
      env.SENDGRID_BASE_URL = sendgridUrl;
    }

    const service = async (name: string, entry: string, port: number, path = '/health/ready'): Promise<RunningService> => {
      await assertPortFree(name, port);
      const s = await startNodeService({
        name,
        entry: distEntry(root, entry),
        env,
        healthUrl: `http://127.0.0.1:${port}${path}`,
        log: (l) => o.log(name, l),
        onUnexpectedExit: o.onUnexpectedExit,
        // <dataDir>/run/<name>.pid always names the current process, also after a crash restart.
        pidFile: join(dataDir, 'run', `${name}.pid`),
      });
      stops.push(s);
      return s;
    };
    await service('harvest', 'services/harvest/src/main.js', o.ports.harvest);
    await service('scoring', 'services/scoring/src/main.js', o.ports.scoring);
    await service('qualification', 'services/qualification/src/main.js', o.ports.qualification);
    await service('routing', 'services/routing/src/main.js', o.ports.routing);
    await service('nurture', 'services/nurture/src/main.js', o.ports.nurture);
    await service('engagement', 'services/engagement/src/main.js', o.ports.engagement);
    await service('api', 'services/api/src/main.js', o.ports.api);
    const apiKey = await ensureDevApiKey(databaseUrl, dataDir);
    await service('workflow-worker', 'workflows/src/main.js', o.ports.workerHealth);

    const client = await connectClient({ address: temporalAddress, namespace });
    const outcome = await upsertDailyPipelineSchedule(client, readPipelineConfig('launcher', env));
    await client.connection.close();
    o.log('launcher', `daily-pipeline schedule ${outcome}`);

    return {
      databaseUrl,
      temporalAddress,
      namespace,
      urls: {
        api: `http://127.0.0.1:${o.ports.api}`,
        docs: `http://127.0.0.1:${o.ports.api}/docs`,
        harvest: `http://127.0.0.1:${o.ports.harvest}`,
        engagement: `http://127.0.0.1:${o.ports.engagement}`,
        sendgrid: sendgridUrl,
        temporalUi,
      },
      dropDir: env.HARVEST_DROP_DIR!,
      apiKey,
      internalToken,
      unsubscribeSecret,
      engagementSecrets,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
