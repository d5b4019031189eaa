import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Contract, contractPipe, type OperationContract } from '#libs/http-api';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { NurtureGateway } from '../leads/service-gateway.js';
import {
  createMailboxBody,
  createSequenceBody,
  createTemplateBody,
  mailboxId,
  mailboxList,
  mailboxView,
  previewBody,
  previewView,
  sequenceId,
  sequenceList,
  sequenceView,
  settingsBody,
  settingsView,
  templateId,
  templateList,
  templateView,
  testSendBody,
  updateMailboxBody,
  updateSequenceBody,
  updateTemplateBody,
  version,
} from './nurture-schemas.js';
import { NurtureRequestError } from './nurture-errors.js';
import { campaignId, passThrough } from './schemas.js';

const ofCampaign = z.strictObject({ id: campaignId });
const ofSequence = z.strictObject({ id: campaignId, sequenceId });
const ofTemplate = z.strictObject({ id: campaignId, templateId });
const ofMailbox = z.strictObject({ mailboxId });
const versionQuery = z.strictObject({ version: version.optional().describe('A given version; the latest when left out') });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': schema } });

// The nurture service refuses what does not hold together with 422 naming the field (a step naming a template the
// campaign does not have, a template that does not compile, a window that ends before it starts).
const listSequences: OperationContract = { summary: "The campaign's sequences, each at its latest version", params: ofCampaign, ok: { status: 200, description: 'Sequences', schema: sequenceList }, errors: [404, 503] };
const createSequence: OperationContract = {
  summary: 'Create a sequence (version 1): steps with their delay in business days and A/B variants',
  params: ofCampaign,
  body: json(createSequenceBody),
  ok: { status: 201, description: 'The sequence', schema: sequenceView },
  errors: [404, 409, 413, 415, 422, 503],
};
const getSequence: OperationContract = { summary: 'One sequence: its latest version, or the one asked for', params: ofSequence, query: versionQuery, ok: { status: 200, description: 'The sequence', schema: sequenceView }, errors: [404, 503] };
const updateSequence: OperationContract = {
  summary: 'Save a new version of a sequence; leads already enrolled keep the version they started on',
  params: ofSequence,
  body: json(updateSequenceBody),
  ok: { status: 200, description: 'The new version', schema: sequenceView },
  errors: [404, 413, 415, 422, 503],
};

const listTemplates: OperationContract = { summary: "The campaign's templates, each at its latest version", params: ofCampaign, ok: { status: 200, description: 'Templates', schema: templateList }, errors: [404, 503] };
const createTemplate: OperationContract = {
  summary: 'Create a template (version 1): Handlebars subject, HTML and optional text part, fallbacks for missing lead fields',
  params: ofCampaign,
  body: json(createTemplateBody),
  ok: { status: 201, description: 'The template', schema: templateView },
  errors: [404, 409, 413, 415, 422, 503],
};
const getTemplate: OperationContract = { summary: 'One template: its latest version, or the one asked for', params: ofTemplate, query: versionQuery, ok: { status: 200, description: 'The template', schema: templateView }, errors: [404, 503] };
const updateTemplate: OperationContract = {
  summary: 'Save a new version of a template; later sends use it',
  params: ofTemplate,
  body: json(updateTemplateBody),
  ok: { status: 200, description: 'The new version', schema: templateView },
  errors: [404, 413, 415, 422, 503],
};
const preview: OperationContract = {
  summary: 'Render a template for one lead as it would be sent (both parts, footer, headers); nothing is sent',
  params: ofTemplate,
  body: json(previewBody),
  ok: { status: 200, description: 'The rendered message, or the lead fields that would hold the step', schema: previewView },
  errors: [404, 413, 415, 422, 503],
};
const testSend: OperationContract = {
  summary: 'Send a test of a template to an address, through the campaign\'s first mailbox, subject prefixed [TEST]',
  description: 'Rendered for the lead named, or with sample data. A test is not a step of any lead\'s sequence.',
  params: ofTemplate,
  body: json(testSendBody),
  ok: { status: 200, description: 'What was sent', schema: passThrough('The test send') },
  errors: [404, 413, 415, 422, 503],
};

const listMailboxes: OperationContract = { summary: 'Sending mailboxes with their caps, warm-up and campaigns', ok: { status: 200, description: 'Mailboxes', schema: mailboxList }, errors: [503] };
const createMailbox: OperationContract = {
  summary: 'Add a sending mailbox: daily and hourly caps (across campaigns), warm-up ramp, spacing, owner, campaigns',
  body: json(createMailboxBody),
  ok: { status: 201, description: 'The mailbox', schema: mailboxView },
  errors: [404, 409, 413, 415, 422, 503],
};
const getMailbox: OperationContract = { summary: 'One mailbox', params: ofMailbox, ok: { status: 200, description: 'The mailbox', schema: mailboxView }, errors: [404, 503] };
const updateMailbox: OperationContract = {
  summary: 'Change a mailbox (everything but its id); caps apply to the next send',
  params: ofMailbox,
  body: json(updateMailboxBody),
  ok: { status: 200, description: 'The mailbox', schema: mailboxView },
  errors: [404, 409, 413, 415, 422, 503],
};

const getSettings: OperationContract = {
  summary: "The campaign's nurture settings: send window per weekday, time zone, blackout dates, daily new-lead limit, postal address",
  params: ofCampaign,
  ok: { status: 200, description: 'The settings', schema: settingsView },
  errors: [404, 503],
};
const putSettings: OperationContract = {
  summary: 'Change nurture settings; fields left out keep their value',
  params: ofCampaign,
  body: json(settingsBody),
  ok: { status: 200, description: 'The settings', schema: settingsView },
  errors: [404, 413, 415, 422, 503],
};

/**
 * What a campaign sends and from where: sequences, templates, mailboxes and nurture settings. The nurture service
 * owns and versions them; the API checks the campaign exists and passes the service's answers (and its 422s) through.
 */
@ApiTags('nurture')
@Controller()
export class NurtureDefinitionsController {
  constructor(
    private readonly nurture: NurtureGateway,
    private readonly campaigns: CampaignsService,
  ) {}

  @Get('campaigns/:id/sequences')
  @Contract(listSequences)
  async listSequences(@Param(contractPipe(listSequences, 'params')) p: { id: string }) {
    return this.nurture.get(`${await this.campaignPath(p.id)}/sequences`);
  }

  @Post('campaigns/:id/sequences')
  @Contract(createSequence)
  async createSequence(@Param(contractPipe(createSequence, 'params')) p: { id: string }, @Body(contractPipe(createSequence, 'body')) body: z.infer<typeof createSequenceBody>) {
    return this.nurture.post(`${await this.campaignPath(p.id)}/sequences`, body);
  }

  @Get('campaigns/:id/sequences/:sequenceId')
  @Contract(getSequence)
  async getSequence(@Param(contractPipe(getSequence, 'params')) p: z.infer<typeof ofSequence>, @Query(contractPipe(getSequence, 'query')) q: { version?: number }) {
    return this.nurture.get(`${await this.campaignPath(p.id)}/sequences/${encodeURIComponent(p.sequenceId)}`, { ...q });
  }

  @Put('campaigns/:id/sequences/:sequenceId')
  @Contract(updateSequence)
  async updateSequence(@Param(contractPipe(updateSequence, 'params')) p: z.infer<typeof ofSequence>, @Body(contractPipe(updateSequence, 'body')) body: z.infer<typeof updateSequenceBody>) {
    return this.nurture.put(`${await this.campaignPath(p.id)}/sequences/${encodeURIComponent(p.sequenceId)}`, { id: p.sequenceId, ...body });
  }

  @Get('campaigns/:id/templates')
  @Contract(listTemplates)
  async listTemplates(@Param(contractPipe(listTemplates, 'params')) p: { id: string }) {
    return this.nurture.get(`${await this.campaignPath(p.id)}/templates`);
  }

  @Post('campaigns/:id/templates')
  @Contract(createTemplate)
  async createTemplate(@Param(contractPipe(createTemplate, 'params')) p: { id: string }, @Body(contractPipe(createTemplate, 'body')) body: z.infer<typeof createTemplateBody>) {
    return this.nurture.post(`${await this.campaignPath(p.id)}/templates`, body);
  }

  @Get('campaigns/:id/templates/:templateId')
  @Contract(getTemplate)
  async getTemplate(@Param(contractPipe(getTemplate, 'params')) p: z.infer<typeof ofTemplate>, @Query(contractPipe(getTemplate, 'query')) q: { version?: number }) {
    return this.nurture.get(`${await this.campaignPath(p.id)}/templates/${encodeURIComponent(p.templateId)}`, { ...q });
  }

  @Put('campaigns/:id/templates/:templateId')
  @Contract(updateTemplate)
  async updateTemplate(@Param(contractPipe(updateTemplate, 'params')) p: z.infer<typeof ofTemplate>, @Body(contractPipe(updateTemplate, 'body')) body: z.infer<typeof updateTemplateBody>) {
    return this.nurture.put(`${await this.campaignPath(p.id)}/templates/${encodeURIComponent(p.templateId)}`, { id: p.templateId, ...body });
  }

  @Post('campaigns/:id/templates/:templateId/preview')
  @HttpCode(200)
  @Contract(preview)
  async preview(@Param(contractPipe(preview, 'params')) p: z.infer<typeof ofTemplate>, @Body(contractPipe(preview, 'body')) body: z.infer<typeof previewBody>) {
    return this.nurture.post(`${await this.campaignPath(p.id)}/templates/${encodeURIComponent(p.templateId)}/preview`, body);
  }

  @Post('campaigns/:id/templates/:templateId/test-send')
  @HttpCode(200)
  @Contract(testSend)
  async testSend(@Param(contractPipe(testSend, 'params')) p: z.infer<typeof ofTemplate>, @Body(contractPipe(testSend, 'body')) body: z.infer<typeof testSendBody>) {
    return this.nurture.post(`${await this.campaignPath(p.id)}/templates/${encodeURIComponent(p.templateId)}/test-send`, { ...body, to: body.to.trim() });
  }

  @Get('mailboxes')
  @Contract(listMailboxes)
  listMailboxes() {
    return this.nurture.get('/internal/mailboxes');
  }

  @Post('mailboxes')
  @Contract(createMailbox)
  async createMailbox(@Body(contractPipe(createMailbox, 'body')) body: z.infer<typeof createMailboxBody>) {
    await this.campaignsExist(body.campaigns);
    return this.nurture.post('/internal/mailboxes', { ...body, address: body.address.trim() });
  }

  @Get('mailboxes/:mailboxId')
  @Contract(getMailbox)
  getMailbox(@Param(contractPipe(getMailbox, 'params')) p: { mailboxId: string }) {
    return this.nurture.get(`/internal/mailboxes/${encodeURIComponent(p.mailboxId)}`);
  }

  @Put('mailboxes/:mailboxId')
  @Contract(updateMailbox)
  async updateMailbox(@Param(contractPipe(updateMailbox, 'params')) p: { mailboxId: string }, @Body(contractPipe(updateMailbox, 'body')) body: z.infer<typeof updateMailboxBody>) {
    await this.campaignsExist(body.campaigns);
    return this.nurture.put(`/internal/mailboxes/${encodeURIComponent(p.mailboxId)}`, { id: p.mailboxId, ...body, address: body.address.trim() });
  }

  @Get('campaigns/:id/nurture/settings')
  @Contract(getSettings)
  async getSettings(@Param(contractPipe(getSettings, 'params')) p: { id: string }) {
    return this.nurture.get(`${await this.campaignPath(p.id)}/nurture-settings`);
  }

  @Put('campaigns/:id/nurture/settings')
  @Contract(putSettings)
  async putSettings(@Param(contractPipe(putSettings, 'params')) p: { id: string }, @Body(contractPipe(putSettings, 'body')) body: z.infer<typeof settingsBody>) {
    return this.nurture.put(`${await this.campaignPath(p.id)}/nurture-settings`, body);
  }

  /** The campaign's internal path on the nurture service, once the API knows the campaign (404 otherwise). */
  private async campaignPath(id: string): Promise<string> {
    await this.campaigns.get(id);
    return `/internal/campaigns/${encodeURIComponent(id)}`;
  }

  private async campaignsExist(campaigns: Array<{ campaignId: string }> | undefined): Promise<void> {
    for (const [i, c] of (campaigns ?? []).entries()) {
      if (!(await this.campaigns.exists(c.campaignId))) {
        throw new NurtureRequestError(404, 'campaign_not_found', `no campaign ${c.campaignId}`, [{ field: `campaigns.${i}.campaignId`, message: `no campaign ${c.campaignId}` }]);
      }
    }
  }
}
