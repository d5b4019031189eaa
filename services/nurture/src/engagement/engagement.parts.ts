import type { Provider, Type } from '@nestjs/common';
import { MailboxPauses } from '../definitions/mailbox-pauses.js';
import { ColleagueStops } from './colleague-stops.js';
import { EngagementController } from './engagement.controller.js';
import { EnrolmentRefs } from './enrolment-refs.js';
import { MailboxPausesController } from './mailbox-pauses.controller.js';

/** Nurture's side of engagement, as the nurture module registers it (OptOuts and EnrolmentSignals come from their parts). */
export const engagementControllers: Array<Type<unknown>> = [EngagementController, MailboxPausesController];

export const engagementProviders: Provider[] = [EnrolmentRefs, ColleagueStops, MailboxPauses];
