// Nurture templates and the mail around them: Handlebars templates checked and rendered per lead (strict, escaped,
// compliance footer in both parts), A/B variant choice, the compliance and threading headers, reply addresses and
// the signed one-click unsubscribe token. No I/O and no clock; randomness only in Message-IDs and encrypted
// addresses. Uses node:crypto and Handlebars, so not for workflow code.
export { LEAD_MERGE_FIELDS, isLeadMergeField, leadMergeFields, type LeadMergeField, type LeadMergeFields } from './merge-fields.js';
export { type TemplateProblem, type TemplateProblemCode } from './template-fields.js';
export { inspectTemplate, validateTemplate, type TemplateInspection } from './validate-template.js';
export { htmlToText, renderStep, TemplateError, type RenderedStep, type RenderStepInput } from './render-step.js';
export { checkFooter, ComplianceError, FORBIDDEN_ELEMENTS, type ComplianceFooter } from './compliance-footer.js';
export { chooseVariant } from './choose-variant.js';
export { complianceHeaders, newMessageId, threadHeaders, threadSubject, type ComplianceHeaderInput, type ThreadHeaderInput } from './mail-headers.js';
export { parseReplyToken, replyToAddress } from './reply-address.js';
export { signUnsubscribeToken, verifyUnsubscribeToken, type UnsubscribeSubject, type UnsubscribeTokenCheck } from './unsubscribe-token.js';
