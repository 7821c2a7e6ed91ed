import { Injectable } from '@nestjs/common';
import {
  type IndexesStatus,
  PropertyIndexesService,
} from 'src/property-indexes/property-indexes.service';
import { HealthRepository } from './health.repository';

@Injectable()
export class HealthService {
  constructor(
    private readonly repository: HealthRepository,
    private readonly indexes: PropertyIndexesService,
  ) {}

  async checkHealth(): Promise<{ status: 'ok'; database: 'ok'; indexes: IndexesStatus }> {
    await this.repository.ping();
    return { status: 'ok', database: 'ok', indexes: this.indexes.status() };
  }
}
