import { useApi } from '@backstage/core-plugin-api';
import { OcdpTenant } from '@ocdp/plugin-ocdp-common';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ocdpApiRef } from '../api';

/** What the admin tenant table asks the server for. */
export interface TenantPageQuery {
  /** Part of a tenant name or owner ref; blank for every tenant. */
  q: string;
  /** Only tenants bound to this cluster; blank for every cluster. */
  cluster: string;
  pageSize: number;
}

/** One page of tenants from the server, and moves to its neighbours. */
export interface TenantPage {
  /** The page's tenants; the previous page's stay while the next one loads. */
  tenants?: OcdpTenant[];
  /** How many tenants match the query, over all pages. */
  totalCount?: number;
  /** Which page is shown, counting from 0. */
  pageIndex: number;
  loading: boolean;
  error?: Error;
  hasPrevious: boolean;
  hasNext: boolean;
  previous: () => void;
  next: () => void;
  /** Loads the shown page again, e.g. after a tenant was deleted. */
  reload: () => void;
}

/**
 * Pages through `GET /tenants` with the server's cursors. The cursors of the pages already
 * passed are kept, so "previous" goes back without the server knowing about pages; a new query
 * starts again from the first page.
 */
export function useTenantPage(
  query: TenantPageQuery,
  /** Change it to load the shown page again. */
  reloadKey = 0,
): TenantPage {
  const ocdpApi = useApi(ocdpApiRef);
  const { q, cluster, pageSize } = query;
  const queryKey = JSON.stringify([q, cluster, pageSize]);
  const [paging, setPaging] = useState<{
    queryKey: string;
    cursors: Array<string | undefined>;
  }>({ queryKey, cursors: [undefined] });
  const cursors = paging.queryKey === queryKey ? paging.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];

  const state = useAsyncRetry(
    () =>
      ocdpApi.listTenantsPage({
        limit: pageSize,
        ...(cursor ? { cursor } : {}),
        ...(q.trim() ? { q: q.trim() } : {}),
        ...(cluster ? { cluster } : {}),
      }),
    [ocdpApi, pageSize, cursor, q, cluster, reloadKey],
  );
  const nextCursor = state.loading ? undefined : state.value?.nextCursor;

  // A later page emptied by deletions steps back to the page before it.
  const emptiedPage =
    !state.loading && state.value?.items.length === 0 && cursors.length > 1;
  useEffect(() => {
    if (emptiedPage) {
      setPaging(current =>
        current.queryKey === queryKey && current.cursors.length > 1
          ? { queryKey, cursors: current.cursors.slice(0, -1) }
          : current,
      );
    }
  }, [emptiedPage, queryKey]);

  return {
    tenants: state.value?.items,
    totalCount: state.value?.totalCount,
    pageIndex: cursors.length - 1,
    loading: state.loading,
    error: state.error,
    hasPrevious: cursors.length > 1,
    hasNext: !!nextCursor,
    previous: () => {
      if (cursors.length > 1) {
        setPaging({ queryKey, cursors: cursors.slice(0, -1) });
      }
    },
    next: () => {
      if (nextCursor) {
        setPaging({ queryKey, cursors: [...cursors, nextCursor] });
      }
    },
    reload: state.retry,
  };
}
