import type { Provider, Type } from '@nestjs/common';
import type { StageServiceContext } from '#libs/service-runtime';
import type { EngagementConfig } from '../../engagement.config.js';
import type { InboxEffect } from '../inbox-effect.js';
import { AccountReplyEffect } from './account-reply.effect.js';
import { EffectClients } from './effect-clients.js';
import { MailboxHealthEffect } from './mailbox-health.effect.js';
import { MailboxHealthStore } from './mailbox-health-store.js';
import { OptOutEffect } from './opt-out.effect.js';
import { OptOutLane } from './opt-out-lane.js';
import { ScoreEffect } from './score.effect.js';

/**
 * The effects of an inbox row besides the workflow signal, in the order the signaller runs them after it: the
 * opt-out first (suppression must not wait on anything slower), then the account reply, the score, mailbox health.
 */
export const INBOX_EFFECT_CLASSES: Array<Type<InboxEffect>> = [OptOutEffect, AccountReplyEffect, ScoreEffect, MailboxHealthEffect];

export function inboxEffectProviders({ config }: Pick<StageServiceContext<EngagementConfig>, 'config'>): Provider[] {
  return [{ provide: EffectClients, useValue: EffectClients.fromConfig(config) }, MailboxHealthStore, ...INBOX_EFFECT_CLASSES, OptOutLane];
}
