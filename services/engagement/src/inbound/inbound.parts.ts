import type { Provider, Type } from '@nestjs/common';
import type { StageServiceContext } from '#libs/service-runtime';
import type { EngagementConfig } from '../engagement.config.js';

/** This part's controllers and providers, as the engagement module registers them. */
export const inboundControllers: Array<Type<unknown>> = [];

export function inboundProviders(_ctx: StageServiceContext<EngagementConfig>): Provider[] {
  return [];
}
