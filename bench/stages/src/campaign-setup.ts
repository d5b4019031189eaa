import { BENCH_QUALIFICATION_RULE_SET, BENCH_ROUTING_RULE_SET, BENCH_SCORING_RULE_SET } from './bench-rule-sets.js';

/** One JSON call to the REST API; a status other than `expect` fails with the API's error body. */
async function call(apiUrl: string, apiKey: string, method: string, path: string, json: unknown, expect: number): Promise<unknown> {
  const res = await fetch(apiUrl + path, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path} answered ${res.status} (expected ${expect}): ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * The campaign as an operator sets it up through the API: created, no harvest source enabled (the leads are already
 * in harvest's tables, the run must not harvest), and the three stages' rule sets saved and activated, so no
 * stage spends its measured time seeding a starter set.
 */
export async function setUpCampaign(apiUrl: string, apiKey: string, campaignId: string): Promise<void> {
  await call(apiUrl, apiKey, 'POST', '/campaigns', { id: campaignId, name: `bench:stages ${campaignId}`, timeZone: 'UTC' }, 201);
  // Harvest refuses an empty chain (sources must be a non-empty array): every source listed, none enabled.
  const none = [{ source: 'drop-folder', enabled: false }, { source: 'people-search', enabled: false }];
  await call(apiUrl, apiKey, 'PUT', `/campaigns/${campaignId}/sources`, { sources: none }, 200);
  const ruleSets: Array<[string, unknown]> = [
    ['scoring', BENCH_SCORING_RULE_SET],
    ['qualification', BENCH_QUALIFICATION_RULE_SET],
    ['routing', BENCH_ROUTING_RULE_SET],
  ];
  for (const [kind, body] of ruleSets) {
    const saved = (await call(apiUrl, apiKey, 'POST', `/campaigns/${campaignId}/rule-sets/${kind}?note=bench-stages`, body, 201)) as { version: number };
    await call(apiUrl, apiKey, 'POST', `/campaigns/${campaignId}/rule-sets/${kind}/${saved.version}/activate`, {}, 200);
  }
}
