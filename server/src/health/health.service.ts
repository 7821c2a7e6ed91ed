import { Injectable } from '@nestjs/common';
import { HealthRepository } from './health.repository';

@Injectable()
export class HealthService {
  constructor(private readonly repository: HealthRepository) {}

  async checkHealth(): Promise<{ status: 'ok'; database: 'ok' }> {
    await this.repository.ping();
    return { status: 'ok', database: 'ok' };
  }
}
