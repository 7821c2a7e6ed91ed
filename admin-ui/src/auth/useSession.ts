import { useQuery } from '@tanstack/react-query';
import { sessionApi } from './sessionApi';
import type { Me } from './types';

export const SESSION_QUERY_KEY = ['session', 'me'] as const;

/**
 * The signed-in user, their organization and permissions (`null`: no one is signed in). Read once
 * and again when the organization changes; the screens are built from it.
 */
export function useSession() {
  return useQuery<Me | null>({
    queryKey: SESSION_QUERY_KEY,
    queryFn: () => sessionApi.me(),
    staleTime: Infinity,
  });
}
