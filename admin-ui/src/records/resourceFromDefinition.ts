import { createElement, type ComponentType, type ReactElement } from 'react';
import { Route } from 'react-router-dom';
import { canAny, FULL_ACCESS, type ObjectAccess } from 'src/auth/permissions';
import { recordTitle } from 'src/definitions/properties';
import type { ObjectDefinition } from 'src/definitions/types';
import { objectIcon } from 'src/layout/objectIcons';
import { hasPipeline } from 'src/pipelines/pipelines';
import { RecordBoard } from 'src/pipelines/RecordBoard';
import { RecordCreate } from './RecordCreate';
import { RecordEdit } from './RecordEdit';
import { RecordList } from './RecordList';
import { RecordShow } from './RecordShow';
import { noReferences, type ReferencesResolver } from './references';

/** What the menu needs beyond react-admin's own resource options. */
export interface ObjectResourceOptions {
  label: string;
  group: string | undefined;
  isSystem: boolean;
}

export interface ObjectResource {
  name: string;
  list: ReactElement;
  show: ReactElement;
  /** Absent when the role may not update (or create) any record of the object: no route, no button. */
  edit?: ReactElement;
  create?: ReactElement;
  icon: ComponentType;
  options: ObjectResourceOptions;
  recordRepresentation: (record: Record<string, unknown>) => string;
  /** Extra routes under the resource: the board of an object with a pipeline (`/deal/board`). */
  children?: ReactElement;
}

/**
 * The props of one <Resource>: generic views bound to the definition (docs/architecture.md). Associations
 * plug in through `references` (to-one inputs and fields, to-many tabs) once the server has them.
 * `access` (the member's role on this object) decides which actions the screens offer.
 */
export function resourceFromDefinition(
  definition: ObjectDefinition,
  references: ReferencesResolver = noReferences,
  access: ObjectAccess = FULL_ACCESS,
): ObjectResource {
  return {
    name: definition.name,
    list: createElement(RecordList, { definition, references, access }),
    show: createElement(RecordShow, { definition, references, access }),
    ...(canAny(access, 'update')
      ? { edit: createElement(RecordEdit, { definition, references, access }) }
      : {}),
    ...(canAny(access, 'create')
      ? { create: createElement(RecordCreate, { definition, references }) }
      : {}),
    icon: objectIcon(definition.icon),
    options: {
      label: definition.labels.plural,
      group: definition.group,
      isSystem: definition.is_system,
    },
    recordRepresentation: (record) => recordTitle(definition, record),
    ...(hasPipeline(definition)
      ? {
          children: createElement(Route, {
            path: 'board',
            element: createElement(RecordBoard, { definition }),
          }),
        }
      : {}),
  };
}
