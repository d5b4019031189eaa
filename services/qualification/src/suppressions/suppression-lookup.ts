import { Inject, Injectable } from '@nestjs/common';
import { ServiceHttpClient, StageCallError } from '#libs/stage-clients';
import { QUALIFICATION_CONFIG, type QualificationConfig } from '../qualification.config.js';
import { QualificationError } from '../qualification-errors.js';

/** Which of a page's addresses and domains are on the global suppression list. */
export interface SuppressedSet {
  addresses: ReadonlySet<string>;
  domains: ReadonlySet<string>;
}

/** Nurture's answer to `POST /internal/suppressions/check`. */
export interface SuppressionCheckAnswer {
  suppressed: string[];
  matches: Array<{ email: string; address: boolean; domain: boolean }>;
}

/**
 * The suppression list could not be read. The page is not judged or passed on (a lead is never taken as not
 * suppressed because the list did not answer): the stage's attempt fails naming the cause, and Temporal retries it;
 * routing's page request answers 503.
 */
export class SuppressionListUnavailable extends QualificationError {
  constructor(cause: unknown) {
    const why = (cause as Error)?.message ?? String(cause);
    super('suppression_list_unavailable', `the global suppression list (nurture service) could not be read, so this page of leads was not judged: ${why}`, [{ message: why }]);
    this.cause = cause;
  }
}

// A page holds at most 10,000 leads; the check is one indexed query, well within this.
const CHECK_TIMEOUT_MS = 30_000;

/** The global suppression list lives in the nurture service; one `check` call per page of leads, never per lead. */
@Injectable()
export class SuppressionLookup {
  private readonly http: ServiceHttpClient;

  constructor(@Inject(QUALIFICATION_CONFIG) config: Pick<QualificationConfig, 'NURTURE_URL' | 'INTERNAL_API_TOKEN'>) {
    this.http = new ServiceHttpClient('nurture', config.NURTURE_URL, CHECK_TIMEOUT_MS, config.INTERNAL_API_TOKEN);
  }

  /** `addresses` are the page's leads' stored addresses; a listed domain is reported through the addresses in it. */
  async matching(addresses: readonly string[]): Promise<SuppressedSet> {
    if (addresses.length === 0) return { addresses: new Set(), domains: new Set() };
    let answer: SuppressionCheckAnswer;
    try {
      answer = await this.http.postJson<SuppressionCheckAnswer>('/internal/suppressions/check', { emails: [...new Set(addresses)] });
    } catch (err) {
      throw err instanceof StageCallError ? new SuppressionListUnavailable(err) : err;
    }
    if (!answer || !Array.isArray(answer.matches)) throw new SuppressionListUnavailable(new Error('the answer has no matches list'));
    return suppressedSetOf(answer);
  }
}

/** Pure: nurture's matches as the addresses and domains the page judgement compares leads with. */
export function suppressedSetOf(answer: SuppressionCheckAnswer): SuppressedSet {
  const addresses = new Set<string>();
  const domains = new Set<string>();
  for (const m of answer.matches) {
    if (m.address) addresses.add(m.email);
    const at = m.email.lastIndexOf('@');
    if (m.domain && at > 0) domains.add(m.email.slice(at + 1));
  }
  return { addresses, domains };
}
