import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { mailboxSchema, mailboxUpdateSchema, sequenceSchema, sequenceUpdateSchema, settingsUpdateSchema, templateSchema, templateUpdateSchema } from '../definitions/definition-schemas.js';
import { parseBody } from '../definitions/field-problems.js';
import { MailboxStore } from '../definitions/mailbox-store.js';
import { SequenceStore } from '../definitions/sequence-store.js';
import { SettingsStore } from '../definitions/settings-store.js';
import { TemplateStore } from '../definitions/template-store.js';
import { campaignIdParam, identParam, versionQuery } from './path-values.js';

/** Internal: a campaign's sequences and templates (versioned) and its nurture settings. */
@Controller('internal/campaigns/:campaignId')
export class CampaignDefinitionsController {
  constructor(
    private readonly sequences: SequenceStore,
    private readonly templates: TemplateStore,
    private readonly settings: SettingsStore,
  ) {}

  @Get('sequences')
  async listSequences(@Param('campaignId') campaignId: string) {
    return { items: await this.sequences.list(campaignIdParam(campaignId)) };
  }

  @Post('sequences')
  @HttpCode(201)
  createSequence(@Param('campaignId') campaignId: string, @Body() body: unknown) {
    const id = campaignIdParam(campaignId);
    return this.sequences.create(id, parseBody(sequenceSchema, body, 'invalid_sequence', 'sequence'));
  }

  @Get('sequences/:sequenceId')
  getSequence(@Param('campaignId') campaignId: string, @Param('sequenceId') sequenceId: string, @Query('version') version?: string) {
    return this.sequences.get(campaignIdParam(campaignId), identParam('sequenceId', sequenceId), versionQuery(version));
  }

  @Put('sequences/:sequenceId')
  updateSequence(@Param('campaignId') campaignId: string, @Param('sequenceId') sequenceId: string, @Body() body: unknown) {
    const ids = [campaignIdParam(campaignId), identParam('sequenceId', sequenceId)] as const;
    return this.sequences.update(...ids, parseBody(sequenceUpdateSchema, body, 'invalid_sequence', 'sequence'));
  }

  @Get('templates')
  async listTemplates(@Param('campaignId') campaignId: string) {
    return { items: await this.templates.list(campaignIdParam(campaignId)) };
  }

  @Post('templates')
  @HttpCode(201)
  createTemplate(@Param('campaignId') campaignId: string, @Body() body: unknown) {
    const id = campaignIdParam(campaignId);
    return this.templates.create(id, parseBody(templateSchema, body, 'invalid_template', 'template'));
  }

  @Get('templates/:templateId')
  getTemplate(@Param('campaignId') campaignId: string, @Param('templateId') templateId: string, @Query('version') version?: string) {
    return this.templates.get(campaignIdParam(campaignId), identParam('templateId', templateId), versionQuery(version));
  }

  @Put('templates/:templateId')
  updateTemplate(@Param('campaignId') campaignId: string, @Param('templateId') templateId: string, @Body() body: unknown) {
    const ids = [campaignIdParam(campaignId), identParam('templateId', templateId)] as const;
    return this.templates.update(...ids, parseBody(templateUpdateSchema, body, 'invalid_template', 'template'));
  }

  @Get('nurture-settings')
  getSettings(@Param('campaignId') campaignId: string) {
    return this.settings.get(campaignIdParam(campaignId));
  }

  @Put('nurture-settings')
  putSettings(@Param('campaignId') campaignId: string, @Body() body: unknown) {
    const id = campaignIdParam(campaignId);
    return this.settings.put(id, parseBody(settingsUpdateSchema, body ?? {}, 'invalid_nurture_settings', 'nurture settings'));
  }
}

/** Internal: sending mailboxes (caps hold per mailbox, across the campaigns listed on it). */
@Controller('internal/mailboxes')
export class MailboxesController {
  constructor(private readonly mailboxes: MailboxStore) {}

  @Get()
  async list() {
    return { items: await this.mailboxes.list() };
  }

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown) {
    return this.mailboxes.create(parseBody(mailboxSchema, body, 'invalid_mailbox', 'mailbox'));
  }

  @Get(':mailboxId')
  get(@Param('mailboxId') mailboxId: string) {
    return this.mailboxes.get(identParam('mailboxId', mailboxId));
  }

  @Put(':mailboxId')
  update(@Param('mailboxId') mailboxId: string, @Body() body: unknown) {
    const id = identParam('mailboxId', mailboxId);
    return this.mailboxes.update(id, parseBody(mailboxUpdateSchema, body, 'invalid_mailbox', 'mailbox'));
  }
}
