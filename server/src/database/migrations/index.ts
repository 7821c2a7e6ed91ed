import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { DefinitionEvolution1763800000000 } from './1763800000000-definition-evolution';

/** Every migration, in order; they run at start-up. Never edit one after it is merged. */
export const MIGRATIONS = [InitialSchema1763700000000, DefinitionEvolution1763800000000];
