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
const RECONNECT_DELAY_MS = 1000;

@Injectable()
export class DefinitionChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DefinitionChangeListener.name);
  private stop: (() => Promise<void>) | undefined;
  private retry: NodeJS.Timeout | undefined;
  private isStopping = false;

  constructor(
    private readonly repository: ObjectDefinitionsRepository,
    private readonly registry: DefinitionRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.isStopping = true;
    clearTimeout(this.retry);
    await this.stop?.().catch(() => undefined);
    this.stop = undefined;
  }

  private async listen(): Promise<void> {
    try {
      this.stop = await this.repository.listenForChanges(
        (organizationId) => this.registry.invalidate(organizationId),
        () => this.reconnect(),
      );
    } catch (error) {
      this.logger.warn(`Not listening for definition changes: ${(error as Error).message}`);
      this.reconnect();
    }
  }

  /** Lost the connection: whatever was notified meanwhile is unknown, so forget everything. */
  private reconnect(): void {
    this.stop = undefined;
    this.registry.invalidateAll();
    if (!this.isStopping) {
      this.retry = setTimeout(() => void this.listen(), RECONNECT_DELAY_MS);
    }
  }
}
