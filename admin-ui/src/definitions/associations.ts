import { API_URL, httpClient } from 'src/dataProvider';
import type { components } from './generated/api';

type AssociationDefinitionResponse = components['schemas']['AssociationDefinitionResponseDto'];

export const CARDINALITIES = [
  'many_to_one',
  'one_to_many',
  'one_to_one',
  'many_to_many',
] as const satisfies readonly AssociationDefinitionResponse['cardinality'][];
export type Cardinality = (typeof CARDINALITIES)[number];

export type AssociationSide = components['schemas']['AssociationSideDto'];

/** GET /api/association-definitions: a typed link between two objects (docs/domain.md). */
export type AssociationDefinition = Omit<
  AssociationDefinitionResponse,
  'created_at' | 'updated_at'
>;

export type AssociationDefinitionInput = Omit<AssociationDefinition, 'id' | 'is_system'>;

/** One side of an association as an object sees it: `company` on a deal, `deals` on a company. */
export interface LinkSide {
  association: AssociationDefinition;
  name: string;
  label: string;
  otherObject: string;
  /** At most one linked record: the record carries it as `<name>_id` (read, write, filter). */
  referenceField?: string;
  /** The same link seen from the other object (its `<name>_id` when that side is to-one). */
  otherSide: { name: string; label: string; referenceField?: string };
}

const fromSideIsOne = (c: Cardinality) => c === 'many_to_one' || c === 'one_to_one';
const toSideIsOne = (c: Cardinality) => c === 'one_to_many' || c === 'one_to_one';

const referenceFieldOf = (name: string, isOne: boolean) => (isOne ? `${name}_id` : undefined);

/** The sides of `objectName` across every association (both sides for a self-association). */
export function sidesOf(objectName: string, associations: AssociationDefinition[]): LinkSide[] {
  const sides: LinkSide[] = [];
  for (const association of associations) {
    const { from_side: fromSide, to_side: toSide, cardinality } = association;
    const fromField = referenceFieldOf(fromSide.name, fromSideIsOne(cardinality));
    const toField = referenceFieldOf(toSide.name, toSideIsOne(cardinality));
    if (association.from === objectName) {
      sides.push({
        association,
        name: fromSide.name,
        label: fromSide.label,
        otherObject: association.to,
        ...(fromField ? { referenceField: fromField } : {}),
        otherSide: { ...toSide, ...(toField ? { referenceField: toField } : {}) },
      });
    }
    if (association.to === objectName) {
      sides.push({
        association,
        name: toSide.name,
        label: toSide.label,
        otherObject: association.from,
        ...(toField ? { referenceField: toField } : {}),
        otherSide: { ...fromSide, ...(fromField ? { referenceField: fromField } : {}) },
      });
    }
  }
  return sides;
}

const linkUrl = (objectName: string, id: string | number, side: string, toId: string | number) =>
  `${API_URL}/objects/${objectName}/${encodeURIComponent(String(id))}/associations/${side}/${encodeURIComponent(String(toId))}`;

const LIST_URL = `${API_URL}/association-definitions?range=${encodeURIComponent('[0,999]')}`;

export const associationsApi = {
  async list(): Promise<AssociationDefinition[]> {
    return (await httpClient(LIST_URL)).json as AssociationDefinition[];
  },
  async create(input: AssociationDefinitionInput): Promise<AssociationDefinition> {
    return (
      await httpClient(`${API_URL}/association-definitions`, {
        method: 'POST',
        body: JSON.stringify(input),
      })
    ).json as AssociationDefinition;
  },
  async remove(name: string): Promise<void> {
    await httpClient(`${API_URL}/association-definitions/${encodeURIComponent(name)}`, {
      method: 'DELETE',
    });
  },
  /** Link an existing record on a side (idempotent; 409 CARDINALITY_CONFLICT when it is full). */
  async link(objectName: string, id: string | number, side: string, toId: string | number) {
    await httpClient(linkUrl(objectName, id, side, toId), { method: 'PUT' });
  },
  async unlink(objectName: string, id: string | number, side: string, toId: string | number) {
    await httpClient(linkUrl(objectName, id, side, toId), { method: 'DELETE' });
  },
  /** Records linked on a to-many side without a reference field (many-to-many). */
  async linked(
    objectName: string,
    id: string | number,
    side: string,
  ): Promise<{ records: Array<Record<string, unknown>>; total: number }> {
    const range = encodeURIComponent('[0,49]');
    const response: { json: unknown; headers: Headers } = await httpClient(
      `${API_URL}/objects/${objectName}/${encodeURIComponent(String(id))}/associations/${side}?range=${range}`,
    );
    const total = Number(response.headers.get('Content-Range')?.split('/').pop() ?? NaN);
    const records = response.json as Array<Record<string, unknown>>;
    return { records, total: Number.isNaN(total) ? records.length : total };
  },
};
