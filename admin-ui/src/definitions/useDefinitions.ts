import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { HttpError } from 'react-admin';
import { associationsApi, type AssociationDefinition } from './associations';
import { definitionsApi } from './definitionsApi';
import type { JsonSchema, ObjectDefinition } from './types';

export const DEFINITIONS_QUERY_KEY = ['plinth', 'object-definitions'] as const;

/** Every object definition of the organization: the app shell builds its resources from these. */
export function useDefinitions(isEnabled = true) {
  return useQuery({
    queryKey: DEFINITIONS_QUERY_KEY,
    queryFn: () => definitionsApi.list(),
    staleTime: 60_000,
    enabled: isEnabled,
  });
}

export function useDefinition(name: string | undefined): ObjectDefinition | undefined {
  const { data } = useDefinitions();
  return data?.find((definition) => definition.name === name);
}

/**
 * Re-reads the definitions after the data-model editor saved a change: the menu and the generated
 * screens re-render from the new ones without a page reload.
 */
export function useRefreshDefinitions(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: ['plinth'] }), [queryClient]);
}

export const schemaQueryKey = (definition: Pick<ObjectDefinition, 'name' | 'version'>) =>
  ['plinth', 'schema', definition.name, definition.version] as const;

/** The compiled JSON Schema the server validates records with; one fetch per definition version. */
export function useObjectSchema(definition: ObjectDefinition) {
  return useQuery<JsonSchema>({
    queryKey: schemaQueryKey(definition),
    queryFn: () => definitionsApi.getSchema(definition.name),
    staleTime: Infinity,
  });
}

export const ASSOCIATIONS_QUERY_KEY = ['plinth', 'association-definitions'] as const;

/**
 * Every association definition. A server without the association API answers 404: that reads as
 * "no associations", so the screens still work without them. Disabled: nothing read (signed out).
 */
export function useAssociationDefinitions(isEnabled = true) {
  return useQuery({
    enabled: isEnabled,
    queryKey: ASSOCIATIONS_QUERY_KEY,
    queryFn: async (): Promise<AssociationDefinition[]> => {
      try {
        return await associationsApi.list();
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) {
          return [];
        }
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
