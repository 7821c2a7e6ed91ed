import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type AppConfig, type WebhookSettings } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhooksRepository } from './webhooks.repository';

/** Events the fan-out reads per transaction. */
const FANOUT_PAGE = 1000;
const LISTEN_RETRY_MS = 1000;

/**
 * The webhook delivery worker of one server process (README, "Timeline and webhooks"). `npm start`
 * starts it (main.ts); tests start it themselves, with fast settings. One loop fans new events
 * out into deliveries; `concurrency` loops claim and send due deliveries. Each waits at most
 * `pollMs` when idle; a NOTIFY on `plinth_webhooks` (deliveries queued by any process) or new
 * deliveries from this process's fan-out wake the senders at once.
 */
@Injectable()
export class WebhookWorker implements OnApplicationShutdown {
  private readonly logger = new Logger(WebhookWorker.name);
  private isRunning = false;
  private loops: Array<Promise<void>> = [];
  private wakers = new Set<() => void>();
  private stopListening: (() => Promise<void>) | undefined;
  private listenRetry: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly repository: WebhooksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get isStarted(): boolean {
    return this.isRunning;
  }

  /** Starts the loops (no-op when running); `settings` override the configured ones (tests). */
  start(overrides: Partial<WebhookSettings> = {}): void {
    if (this.isRunning) {
      return;
    }
    const settings: WebhookSettings = { ...this.config.webhooks, ...overrides };
    this.isRunning = true;
    void this.listen();
    this.loops = [
      this.loop('fan-out', settings, () => this.fanOutAll()),
      ...Array.from({ length: settings.concurrency }, () =>
        this.loop('delivery', settings, () => this.deliveries.deliverDue(settings)),
      ),
    ];
  }

  /** Stops the loops once their current round (sends in flight included) ends. */
  async stop(): Promise<void> {
    if (!this.isRunning) {
      return;
    }
    this.isRunning = false;
    clearTimeout(this.listenRetry);
    this.wakeAll();
    await Promise.all(this.loops);
    this.loops = [];
    await this.stopListening?.().catch(() => undefined);
    this.stopListening = undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Fans out until the log is read to its visible end; answers how many deliveries it queued. */
  private async fanOutAll(): Promise<number> {
    let queued = 0;
    for (;;) {
      const round = await this.deliveries.fanOut(FANOUT_PAGE);
      queued += round.queued;
      if (round.read < FANOUT_PAGE || !this.isRunning) {
        break;
      }
    }
    if (queued > 0) {
      this.wakeAll();
      await this.repository.notifyQueued();
    }
    // The fan-out loop waits after each round: it only reads, the senders work while it waits.
    return 0;
  }

  /** Runs `round` again at once while it did something, else after pollMs or a wake-up. */
  private async loop(
    name: string,
    settings: WebhookSettings,
    round: () => Promise<number>,
  ): Promise<void> {
    while (this.isRunning) {
      let done = 0;
      try {
        done = await round();
      } catch (error) {
        this.logger.error(`Webhook ${name} round failed: ${(error as Error).message}`);
      }
      if (done === 0 && this.isRunning) {
        await this.sleep(settings.pollMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) {
      wake();
    }
  }

  private async listen(): Promise<void> {
    try {
      this.stopListening = await this.repository.listenForQueued(
        () => this.wakeAll(),
        () => this.relisten(),
      );
      if (!this.isRunning) {
        await this.stopListening();
      }
    } catch (error) {
      this.logger.warn(`Not listening for queued webhooks: ${(error as Error).message}`);
      this.relisten();
    }
  }

  private relisten(): void {
    this.stopListening = undefined;
    if (this.isRunning) {
      this.listenRetry = setTimeout(() => void this.listen(), LISTEN_RETRY_MS);
    }
  }
}
