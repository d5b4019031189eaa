import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HealthController } from '#libs/observability';
import { createLogger } from '#libs/logging';
import { ruleSetController } from '#libs/rule-set-store';
import { HarvestModule } from '../../services/harvest/src/harvest.module.js';
import type { HarvestConfig } from '../../services/harvest/src/harvest.config.js';
import { QualificationModule } from '../../services/qualification/src/qualification.module.js';
import { NurtureModule } from '../../services/nurture/src/nurture.module.js';
import { RoutingModule } from '../../services/routing/src/routing.module.js';
import { ScoringModule } from '../../services/scoring/src/scoring.module.js';
import { EngagementModule } from '../../services/engagement/src/engagement.module.js';
import { ENGAGEMENT_WEBHOOK_PATHS } from '#libs/contracts';
import { internal, serviceUrl, testStack, type InternalService } from '../setup/test-stack.js';

interface Route {
  method: string;
  path: string;
}

const OPEN = new Set(['GET /health', 'GET /health/ready', 'GET /metrics']);
/** Engagement's webhooks skip the internal token: SendGrid's signature and the Inbound Parse secret guard them. */
const OWN_CREDENTIAL = new Set([`POST ${ENGAGEMENT_WEBHOOK_PATHS.events}`, `POST ${ENGAGEMENT_WEBHOOK_PATHS.inbound}`]);

/** Every route of these controllers, read from the metadata Nest builds its router from; path parameters filled in. */
function routesOf(controllers: Array<Type<unknown>>): Route[] {
  const routes: Route[] = [];
  for (const controller of controllers) {
    const prefix = String(Reflect.getMetadata('path', controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata('method', handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const paths = ([] as string[]).concat(Reflect.getMetadata('path', handler) ?? '');
      for (const path of paths) {
        const full = ('/' + [prefix, path].filter((p) => p && p !== '/').join('/')).replace(/\/+/g, '/').replace(/:([A-Za-z]+)/g, 'it-auth-$1');
        routes.push({ method: RequestMethod[method], path: full });
      }
    }
  }
  return routes;
}

// The same controller lists the services boot with: harvest's module, and each stage's own plus the kit's rule sets and health.
const harvestControllers = HarvestModule.register({ DATABASE_URL: 'postgres://unused/unused' } as HarvestConfig, createLogger('it', 'error'), new Registry(), () => 'RUNNING').controllers!;
const services: Array<[InternalService, Route[]]> = [
  ['harvest', routesOf(harvestControllers)],
  ['scoring', routesOf([ruleSetController(), ...ScoringModule.controllers, HealthController])],
  ['qualification', routesOf([ruleSetController(), ...QualificationModule.controllers, HealthController])],
  ['routing', routesOf([ruleSetController(), ...RoutingModule.controllers, HealthController])],
  // Nurture has no rule sets.
  ['nurture', routesOf([...NurtureModule.controllers, HealthController])],
  ['engagement', routesOf([...EngagementModule.controllers, HealthController])],
];

describe.each(services)('%s: every internal route needs the internal token', (service, routes) => {
  const guarded = routes.filter((r) => !OPEN.has(`${r.method} ${r.path}`) && !OWN_CREDENTIAL.has(`${r.method} ${r.path}`));

  it('has internal routes and its open probes in the inventory', () => {
    expect(guarded.length).toBeGreaterThan(service === 'harvest' ? 8 : 4);
    expect(routes.filter((r) => OPEN.has(`${r.method} ${r.path}`)).map((r) => r.path).sort()).toEqual(['/health', '/health/ready', '/metrics']);
  });

  it('refuses every internal route without a token and with a wrong one (401, the error body)', async () => {
    const answers: string[] = [];
    for (const r of guarded) {
      for (const token of [undefined, 'not-the-token', `${' '.repeat(3)}`]) {
        const res = await fetch(serviceUrl(service) + r.path, {
          method: r.method,
          headers: { 'content-type': 'application/json', ...(token !== undefined ? { 'x-internal-token': token } : {}) },
          body: r.method === 'GET' || r.method === 'DELETE' ? undefined : '{}',
        });
        const body = (await res.json()) as { code: string; details: unknown[] };
        answers.push(`${r.method} ${r.path} ${token === undefined ? 'no token' : 'wrong token'}: ${res.status} ${body.code}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith(': 401 unauthorized'))).toEqual([]);
    expect(answers.length).toBe(guarded.length * 3);
  });

  it('serves with the token and keeps health, readiness and metrics open', async () => {
    // Nurture and engagement have no rule sets: a list of theirs stands in.
    const withToken = await internal(service, service === 'nurture' ? '/internal/mailboxes' : service === 'engagement' ? '/internal/inbox/stats' : '/internal/campaigns/it-auth/rule-sets');
    if (service === 'harvest') expect(withToken.status).toBe(404);
    else expect(withToken.status).toBe(200);
    for (const path of ['/health', '/health/ready', '/metrics']) expect((await fetch(serviceUrl(service) + path)).status).toBe(200);
  });
});

describe('engagement: the webhooks skip the internal token only for their own credential', () => {
  const routes = routesOf([...EngagementModule.controllers]);

  it('lists exactly the two webhooks as own-credential routes, and no other service has one', () => {
    expect(routes.filter((r) => OWN_CREDENTIAL.has(`${r.method} ${r.path}`)).map((r) => `${r.method} ${r.path}`).sort()).toEqual([...OWN_CREDENTIAL].sort());
    for (const [service, list] of services) if (service !== 'engagement') expect(list.filter((r) => OWN_CREDENTIAL.has(`${r.method} ${r.path}`))).toEqual([]);
  });

  it('refuses each webhook without its credential, with or without the internal token (401)', async () => {
    const answers: string[] = [];
    for (const path of [ENGAGEMENT_WEBHOOK_PATHS.events, ENGAGEMENT_WEBHOOK_PATHS.inbound]) {
      const contentType = path === ENGAGEMENT_WEBHOOK_PATHS.events ? 'application/json' : 'multipart/form-data; boundary=x';
      const body = path === ENGAGEMENT_WEBHOOK_PATHS.events ? '[]' : '--x--\r\n';
      for (const token of [undefined, testStack().internalToken]) {
        const res = await fetch(serviceUrl('engagement') + path, { method: 'POST', headers: { 'content-type': contentType, ...(token ? { 'x-internal-token': token } : {}) }, body });
        answers.push(`${path} ${token ? 'internal token' : 'nothing'}: ${res.status}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith(': 401'))).toEqual([]);
    expect(answers).toHaveLength(4);
  });
});

describe('callers send the token', () => {
  it('the API reaches harvest and the stage services through their guarded routes', async () => {
    const { api } = await import('../setup/test-stack.js');
    expect((await api('/campaigns', { method: 'POST', json: { id: 'it-service-auth', name: 'Service auth' } })).status).toBe(201);
    // Rule sets live in the stage services; the leads list in harvest: both answer through the API.
    expect((await api('/campaigns/it-service-auth/rule-sets/scoring')).status).toBe(200);
    expect((await api('/leads?campaignId=it-service-auth')).status).toBe(200);
  });
});
