import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

/**
 * The sizes a definition may reach (README "Definitions and quotas"). Limits the meta-schema can
 * say (labels, descriptions, options per enumeration, properties per object, pattern length) are
 * there; these are the ones it cannot.
 */
export const DEFINITION_QUOTAS = {
  /** Objects of one organization, system ones and archived ones (until purged) included. */
  objectsPerOrganization: 200,
  /**
   * Steps of a pattern's compiled RE2 program. Matching is linear in the value, but each
   * character costs up to one step per instruction: `[a-z]{1000}` repeated 40 times took 53 s on
   * a 100,000-character value. 1,000 keeps a 1 MB value under a second.
   */
  patternProgramSize: 1000,
  /** A json property's schema, as JSON text. */
  jsonSchemaCharacters: 10_000,
  /** Nesting of a json property's schema (`items` and `properties` levels). */
  jsonSchemaDepth: 10,
  /** Nesting of a whole definition (a json property's schema sits about 5 levels down). */
  definitionDepth: 32,
} as const;

/** An organization may have this many objects (the count after the change); else a 400. */
export function assertObjectQuota(count: number, field = 'name'): void {
  const limit = DEFINITION_QUOTAS.objectsPerOrganization;
  if (count > limit) {
    const message = `would make ${count} objects in this organization, at most ${limit} (system and archived objects count; purge archived ones to make room)`;
    throw new AppError(ErrorCode.ValidationFailed, `Too many objects: ${message}`, {
      [field]: message,
    });
  }
}
