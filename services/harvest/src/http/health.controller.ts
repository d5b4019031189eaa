import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { readiness } from '../../../../libs/observability/src/index.js';
import { HARVEST_METRICS, HARVEST_WORKER_STATE } from '../harvest.tokens.js';

@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(HARVEST_METRICS) private readonly registry: Registry,
    @Inject(HARVEST_WORKER_STATE) private readonly workerState: () => string,
  ) {}

  @Get('health')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() res: Response) {
    const body = await readiness([
      async () => ({ name: 'database', ok: (await this.db.query('SELECT 1 AS ok'))[0].ok === 1 }),
      async () => ({ name: 'temporal-worker', ok: this.workerState() === 'RUNNING', detail: this.workerState() }),
    ]);
    res.status(body.status === 'ok' ? 200 : 503).json(body);
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics() {
    return this.registry.metrics();
  }
}
