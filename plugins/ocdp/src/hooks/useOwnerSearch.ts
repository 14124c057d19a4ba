import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  OwnerOption,
  ownerOptionFromEntity,
  ownerQuery,
} from '../components/OwnerPicker/ownerOption';
import { useDebouncedValue } from './useDebouncedValue';

/** How long the owner picker waits for typing to stop before asking the catalog. */
export const OWNER_SEARCH_DEBOUNCE_MS = 250;

/**
 * Catalog users and groups matching what is typed, once typing stops; nothing is asked while
 * `enabled` is false (the picker is closed).
 */
export function useOwnerSearch(
  term: string,
  enabled: boolean,
): { options: OwnerOption[]; loading: boolean; error?: Error } {
  const catalogApi = useApi(catalogApiRef);
  const debounced = useDebouncedValue(term.trim(), OWNER_SEARCH_DEBOUNCE_MS);
  const state = useAsync(async () => {
    if (!enabled) {
      return [];
    }
    const { items } = await catalogApi.queryEntities(ownerQuery(debounced));
    return items.map(ownerOptionFromEntity);
  }, [catalogApi, debounced, enabled]);
  return {
    options: state.value ?? [],
    loading: enabled && (state.loading || debounced !== term.trim()),
    error: state.error,
  };
}
