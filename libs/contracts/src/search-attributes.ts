/**
 * Custom search attributes registered on the namespace so the Temporal Web UI can filter workflows.
 * Registered by the launcher before any worker starts; leadNurture keeps the nurture ones current.
 */
export const SearchAttribute = {
  CampaignId: { name: 'CampaignId', type: 'Keyword' },
  PipelineTrigger: { name: 'PipelineTrigger', type: 'Keyword' },
  PipelineStatus: { name: 'PipelineStatus', type: 'Keyword' },
  LeadId: { name: 'LeadId', type: 'Keyword' },
  Tier: { name: 'Tier', type: 'Keyword' },
  SequenceStep: { name: 'SequenceStep', type: 'Int' },
  NextSendAt: { name: 'NextSendAt', type: 'Datetime' },
  NurtureStatus: { name: 'NurtureStatus', type: 'Keyword' },
} as const;

export type SearchAttributeType = 'Keyword' | 'Int' | 'Datetime' | 'Text' | 'Bool' | 'Double' | 'KeywordList';
export const allSearchAttributes: ReadonlyArray<{ name: string; type: SearchAttributeType }> =
  Object.values(SearchAttribute);
