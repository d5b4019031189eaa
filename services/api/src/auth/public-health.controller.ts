import { Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#libs/http-api';
import { HealthController } from '#libs/observability';

/** Health, readiness and metrics answer without a key: probes and Prometheus have none. */
@Public()
@ApiExcludeController()
@Controller()
export class PublicHealthController extends HealthController {}
