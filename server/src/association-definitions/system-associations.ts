import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { objectDefinitionsDir } from 'src/object-definitions/definition-files';
import type { AssociationDefinitionInput } from './association.types';

/** docs/domain.md's associations, shipped in object-definitions/associations/system.json. */
export function readSystemAssociations(): AssociationDefinitionInput[] {
  const file = join(objectDefinitionsDir(), 'associations', 'system.json');
  const document = JSON.parse(readFileSync(file, 'utf8')) as {
    associations: AssociationDefinitionInput[];
  };
  return document.associations;
}
