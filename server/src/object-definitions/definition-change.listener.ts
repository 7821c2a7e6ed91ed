import { Injectable } from '@nestjs/common';
import { ChangeListener, type StopListening } from 'src/database/change-listener';
import { DefinitionRegistry } from './definition-registry';
import { ObjectDefinitionsRepository } from './object-definitions.repository';

/**
 * With several server processes on one database, each learns of the others' definition changes
 * through PostgreSQL LISTEN/NOTIFY and drops its cached definitions of that organization. (Record
 * writes also re-check the definition version, so a late notification cannot let one through.)
 */
@Injectable()
export class DefinitionChangeListener extends ChangeListener {
  protected readonly changes = 'definition changes';

  constructor(
    private readonly repository: ObjectDefinitionsRepository,
    private readonly registry: DefinitionRegistry,
  ) {
    super();
  }

  protected subscribe(
    onChange: (organizationId: string) => void,
    onLost: () => void,
  ): Promise<StopListening> {
    return this.repository.listenForChanges(onChange, onLost);
  }

  protected changed(organizationId: string): void {
    this.registry.invalidate(organizationId);
  }

  protected forgetAll(): void {
    this.registry.invalidateAll();
  }
}
