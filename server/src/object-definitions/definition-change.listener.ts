import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DefinitionRegistry } from './definition-registry';
import { ObjectDefinitionsRepository } from './object-definitions.repository';

/**
 * With several server processes on one database, each learns of the others' definition changes
 * through PostgreSQL LISTEN/NOTIFY and drops its cached definitions of that organization. (Record
 * writes also re-check the definition version, so a late notification cannot let one through.)
 */
@Injectable()
export class DefinitionChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DefinitionChangeListener.name);
  private stop: (() => Promise<void>) | undefined;

  constructor(
    private readonly repository: ObjectDefinitionsRepository,
    private readonly registry: DefinitionRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      this.stop = await this.repository.listenForChanges((organizationId) =>
        this.registry.invalidate(organizationId),
      );
    } catch (error) {
      this.logger.warn(`Not listening for definition changes: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop?.().catch(() => undefined);
    this.stop = undefined;
  }
}
