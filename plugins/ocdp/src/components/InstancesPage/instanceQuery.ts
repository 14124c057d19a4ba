import {
  OcdpInstanceListQuery,
  OcdpInstanceStatus,
} from '@ocdp/plugin-ocdp-common';
import { INSTANCE_STATUSES } from './InstanceFilters';

function isStatus(value: string): value is OcdpInstanceStatus {
  return (INSTANCE_STATUSES as readonly string[]).includes(value);
}

/** The filters kept in the page address (`?tenant=…&cluster=…&status=…`), so a view can be shared. */
export function queryFromSearch(
  search: URLSearchParams,
): OcdpInstanceListQuery {
  const status = search.get('status') ?? '';
  return {
    ...(search.get('tenant') ? { tenant: search.get('tenant')! } : {}),
    ...(search.get('cluster') ? { cluster: search.get('cluster')! } : {}),
    ...(isStatus(status) ? { status } : {}),
  };
}

export function searchFromQuery(query: OcdpInstanceListQuery): URLSearchParams {
  const search = new URLSearchParams();
  for (const name of ['tenant', 'cluster', 'status'] as const) {
    const value = query[name];
    if (value) {
      search.set(name, value);
    }
  }
  return search;
}
