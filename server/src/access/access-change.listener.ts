import { Injectable } from '@nestjs/common';
import { ChangeListener, type StopListening } from 'src/database/change-listener';
import { AccessRepository } from './access.repository';
import { AuthenticationService } from './authentication.service';

/**
 * Each server process learns of the others' access changes (a revoked key, a changed role or
 * membership, a sign-out) through PostgreSQL LISTEN/NOTIFY and drops its cached credentials.
 */
@Injectable()
export class AccessChangeListener extends ChangeListener {
  protected readonly changes = 'access changes';

  constructor(
    private readonly repository: AccessRepository,
    private readonly authentication: AuthenticationService,
  ) {
    super();
  }

  protected subscribe(
    onChange: (payload: string) => void,
    onLost: () => void,
  ): Promise<StopListening> {
    return this.repository.listenForChanges(() => onChange(''), onLost);
  }

  protected changed(): void {
    this.authentication.invalidateAll();
  }

  protected forgetAll(): void {
    this.authentication.invalidateAll();
  }
}
