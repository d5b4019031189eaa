import { Inject, Injectable } from '@nestjs/common';
import type { CampaignStageInput, CampaignStageReport, LeadFacts } from '#libs/contracts';
import type { CompiledQualificationRuleSet, QualificationRuleSet } from '#libs/lead-qualification';
import type { Logger } from '#libs/logging';
import { RULE_SET_STORE, type RuleSetStore } from '#libs/rule-set-store';
import { campaignStageReport, runPagedStage, type StageProgress } from '#libs/service-runtime';
import { LeadFactsClient } from '#libs/stage-clients';
import { MAIL_DOMAIN_CHECKER, mailDomainFacts, type MailDomainChecker } from '../dns/mail-domain-facts.js';
import { leadUnderReview } from '../leads/lead-under-review.js';
import { QUALIFICATION_CONFIG, type QualificationConfig } from '../qualification.config.js';
import { QUALIFICATION_LOGGER } from '../qualification-logger.js';
import { domainsToCheck, judgePage, prepareLeads, withMailFacts, type PreparedLead, type StageCounts } from '../results/page-judgement.js';
import { QualificationResults } from '../results/qualification-results.js';
import { activeQualificationRuleSet } from '../rule-sets/qualification-rule-sets.js';
import { SuppressionLookup } from '../suppressions/suppression-lookup.js';
import { QualificationMetrics } from './qualification-metrics.js';
import { stageReport } from './stage-report.js';

/** Which rule set a run judges by; fixed for the whole run so every page is judged alike. */
interface RunRules {
  campaignId: string;
  runId: string;
  version: number;
  compiled: CompiledQualificationRuleSet;
}

/**
 * Qualifies one campaign's leads, page by page through harvest's lead facts. Per page: one read of
 * the stored judgements, one suppression lookup, one DNS check per distinct domain (cached across pages and runs),
 * the pure rules, and one upsert. Only new, changed, stale or newly (un)suppressed leads are judged again.
 *
 * Pages overlap: while page n is judged and written, page n+1 is fetched and prepared (stored judgements,
 * suppressions, DNS), so harvest, PostgreSQL and this process work at once. Page n+1 holds other leads than page
 * n, so preparing it early reads nothing page n is writing; its cursor is heartbeated only once it is written.
 */
@Injectable()
export class CampaignQualifier {
  constructor(
    @Inject(RULE_SET_STORE) private readonly ruleSets: RuleSetStore<QualificationRuleSet>,
    private readonly results: QualificationResults,
    private readonly suppressions: SuppressionLookup,
    @Inject(MAIL_DOMAIN_CHECKER) private readonly dns: MailDomainChecker,
    private readonly leadFacts: LeadFactsClient,
    private readonly metrics: QualificationMetrics,
    @Inject(QUALIFICATION_CONFIG) private readonly config: QualificationConfig,
    @Inject(QUALIFICATION_LOGGER) private readonly log: Logger,
  ) {}

  async qualifyCampaign(input: CampaignStageInput, progress: StageProgress): Promise<CampaignStageReport> {
    const { campaignId, runId } = input;
    const active = await activeQualificationRuleSet(this.ruleSets, campaignId);
    if (!active.ok) {
      this.log.warn({ campaignId, runId }, active.problem);
      return campaignStageReport(campaignId, null, [active.problem]);
    }
    const rules: RunRules = { campaignId, runId, version: active.version, compiled: active.compiled };
    const started = performance.now();
    const cursor = await runPagedStage<PreparedLead>({
      progress,
      fetchPage: async (after) => {
        const page = await this.leadFacts.page({ campaignId, after, limit: this.config.QUALIFICATION_PAGE_SIZE });
        return { items: await this.preparePage(rules, page.items), next: page.next };
      },
      processPage: (prepared) => this.judgeAndStore(rules, prepared),
    });
    const report = stageReport(campaignId, cursor);
    this.log.info({ campaignId, runId, ruleSetVersion: rules.version, processed: report.processed, counts: report.counts, ms: Math.round(performance.now() - started) }, 'campaign qualified');
    return report;
  }

  /** Reads only: what is stored about the page's leads, which are suppressed, and DNS for those to judge. */
  async preparePage(rules: RunRules, facts: readonly LeadFacts[]): Promise<PreparedLead[]> {
    const byId = new Map<string, LeadFacts>();
    for (const f of facts) byId.set(f.id, f); // one row per lead in the upsert, whatever the page holds
    const leads = [...byId.values()].map(leadUnderReview);
    const [stored, suppressed] = await Promise.all([
      this.results.storedFor(rules.campaignId, rules.version, leads),
      // One call to nurture per page; if it fails the page fails (retried), never judged as unsuppressed.
      this.suppressions.matching(leads.map((l) => l.address)),
    ]);
    const prepared = prepareLeads(leads, stored, suppressed);
    return withMailFacts(prepared, await mailDomainFacts(this.dns, domainsToCheck(prepared)));
  }

  /** Idempotent: a page judged twice (a retry after a crash) stores the same judgements again. */
  async judgeAndStore(rules: RunRules, prepared: readonly PreparedLead[]): Promise<StageCounts> {
    const { rows, counts } = judgePage(rules.compiled, prepared);
    await this.results.upsert(rules.campaignId, rules.version, rules.runId, rows);
    this.metrics.record(counts);
    return counts;
  }
}
