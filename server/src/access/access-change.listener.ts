import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AccessRepository } from './access.repository';
import { AuthenticationService } from './authentication.service';

const RECONNECT_DELAY_MS = 1000;

/**
 * Each server process learns of the others' access changes (a revoked key, a changed role or
 * membership, a sign-out) through PostgreSQL LISTEN/NOTIFY and drops its cached credentials.
 */
@Injectable()
export class AccessChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccessChangeListener.name);
  private stop: (() => Promise<void>) | undefined;
  private retry: NodeJS.Timeout | undefined;
  private isStopping = false;

  constructor(
    private readonly repository: AccessRepository,
    private readonly authentication: AuthenticationService,
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
        () => this.authentication.invalidateAll(),
        () => this.reconnect(),
      );
    } catch (error) {
      this.logger.warn(`Not listening for access changes: ${(error as Error).message}`);
      this.reconnect();
    }
  }

  /** Lost the connection: whatever was notified meanwhile is unknown, so forget everything. */
  private reconnect(): void {
    this.stop = undefined;
    this.authentication.invalidateAll();
    if (!this.isStopping) {
      this.retry = setTimeout(() => void this.listen(), RECONNECT_DELAY_MS);
    }
  }
}
