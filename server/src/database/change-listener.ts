import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

const RECONNECT_DELAY_MS = 1000;

/** Stops listening. */
export type StopListening = () => Promise<void>;

/**
 * A server process's ear on one PostgreSQL NOTIFY channel, so that with several processes on one
 * database each drops what it cached when another changes it (definitions, credentials). From
 * start-up to shutdown; a lost connection is retried every second, and since whatever was notified
 * meanwhile is unknown, everything is forgotten then.
 */
export abstract class ChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private stop: StopListening | undefined;
  private retry: NodeJS.Timeout | undefined;
  private isStopping = false;

  /** What is listened for, for the log: "definition changes". */
  protected abstract readonly changes: string;

  /** LISTENs (the repository's statement); `onLost` when the connection goes. */
  protected abstract subscribe(
    onChange: (payload: string) => void,
    onLost: () => void,
  ): Promise<StopListening>;

  /** One notification arrived. */
  protected abstract changed(payload: string): void;

  /** Notifications may have been missed: drop everything cached. */
  protected abstract forgetAll(): void;

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
      this.stop = await this.subscribe(
        (payload) => this.changed(payload),
        () => this.reconnect(),
      );
    } catch (error) {
      this.logger.warn(`Not listening for ${this.changes}: ${(error as Error).message}`);
      this.reconnect();
    }
  }

  private reconnect(): void {
    this.stop = undefined;
    this.forgetAll();
    if (!this.isStopping) {
      this.retry = setTimeout(() => void this.listen(), RECONNECT_DELAY_MS);
    }
  }
}
