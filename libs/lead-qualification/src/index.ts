// Qualification, pure: email verdicts from address + DNS facts, keyword intent, and the campaign's
// qualification rule set. No I/O and no clock reads; DNS facts come from libs/dns-check.
export * from './email-verdict.js';
export { emailListSizes, isDisposableDomain, isFreeMailDomain, isRoleLocalPart, ROLE_LOCAL_PARTS } from './email-lists.js';
export * from './intent.js';
export * from './rule-set.js';
export * from './qualify.js';
export * from './demo-rule-set.js';
