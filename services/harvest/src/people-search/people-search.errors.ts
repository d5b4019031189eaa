/** Failures of a people-search pull, with a code the harvest activity maps to retryable or not. */

export type PeopleSearchErrorCode =
  | 'unauthorized' // 401: the API key is wrong or revoked
  | 'forbidden' // 403: the key's plan lacks this endpoint
  | 'invalid-request' // 422: the campaign's filter was rejected
  | 'http-error' // any other 4xx we do not retry
  | 'retry-budget-exhausted'; // 429/5xx/network kept failing past the retry budget

export class PeopleSearchError extends Error {
  constructor(
    readonly code: PeopleSearchErrorCode,
    message: string,
    /** False for errors a retry cannot fix (bad key, bad filter): fix config, do not retry the activity. */
    readonly retryable: boolean,
    readonly status?: number,
    /** Attempts made for the failing request. */
    readonly attempts = 1,
  ) {
    super(message);
    this.name = 'PeopleSearchError';
  }
}
