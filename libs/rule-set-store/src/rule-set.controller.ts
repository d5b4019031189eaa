import { Body, Controller, Get, Inject, Param, ParseIntPipe, Post, Query, type Type } from '@nestjs/common';
import type { RuleSetStore } from './rule-set-store.js';

export const RULE_SET_STORE = Symbol('RULE_SET_STORE');

/**
 * The internal routes every judging stage serves for its rule sets, the same shape in each service so the API
 * service forwards them without knowing a stage's format.
 */
export function ruleSetController(): Type<unknown> {
  @Controller('internal/campaigns/:campaignId/rule-sets')
  class RuleSetController {
    constructor(@Inject(RULE_SET_STORE) private readonly store: RuleSetStore<unknown>) {}

    @Get()
    list(@Param('campaignId') campaignId: string) {
      return this.store.list(campaignId);
    }

    @Post()
    create(@Param('campaignId') campaignId: string, @Body() body: unknown, @Query('note') note?: string) {
      return this.store.create(campaignId, body, note);
    }

    @Post('validate')
    validate(@Body() body: unknown) {
      return { valid: true, ruleSet: this.store.validate(body) };
    }

    @Get('active')
    async active(@Param('campaignId') campaignId: string) {
      return (await this.store.active(campaignId)) ?? { campaignId, active: null };
    }

    @Get(':version')
    get(@Param('campaignId') campaignId: string, @Param('version', ParseIntPipe) version: number) {
      return this.store.get(campaignId, version);
    }

    @Post(':version/activate')
    activate(@Param('campaignId') campaignId: string, @Param('version', ParseIntPipe) version: number) {
      return this.store.activate(campaignId, version);
    }
  }
  return RuleSetController;
}
