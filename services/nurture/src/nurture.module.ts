import { Module, type Provider, type Type } from '@nestjs/common';
import type { StageServiceContext } from '#libs/service-runtime';
import { NURTURE_CONFIG, type NurtureConfig } from './nurture.config.js';
import { NURTURE_LOGGER } from './nurture-logger.js';

/**
 * The nurture service's root module; bootStageService adds its data source, health and metrics. Each part of the
 * service (definitions, admission, controls, suppressions, sending) adds its controllers and providers here.
 */
@Module({})
export class NurtureModule {
  static readonly controllers: Array<Type<unknown>> = [];

  static providers({ config, log }: StageServiceContext<NurtureConfig>): Provider[] {
    return [{ provide: NURTURE_CONFIG, useValue: config }, { provide: NURTURE_LOGGER, useValue: log }];
  }
}
