import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { accessApi, type AccessApi } from './accessApi';

export const ACCESS_QUERY_KEY = ['access'] as const;

export function useMembers(api: AccessApi = accessApi) {
  return useQuery({ queryKey: [...ACCESS_QUERY_KEY, 'members'], queryFn: () => api.listMembers() });
}

export function useRoles(api: AccessApi = accessApi) {
  return useQuery({ queryKey: [...ACCESS_QUERY_KEY, 'roles'], queryFn: () => api.listRoles() });
}

export function useApiKeys(api: AccessApi = accessApi) {
  return useQuery({
    queryKey: [...ACCESS_QUERY_KEY, 'api-keys'],
    queryFn: () => api.listApiKeys(),
  });
}

/**
 * A settings change: on success the settings lists are read again; a refusal (409 for the last
 * owner, 403 for a role that may not grant owner…) shows the server's message.
 */
export function useAccessChange<TArgs, TResult>(change: (args: TArgs) => Promise<TResult>) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  return useMutation({
    mutationFn: change,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ACCESS_QUERY_KEY }),
    onError: (error) => notify(error.message || 'ra.notification.http_error', { type: 'error' }),
  });
}
