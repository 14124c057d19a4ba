import {
  OcdpTenant,
  OcdpTenantList,
  OcdpTenantListQuery,
} from '@ocdp/plugin-ocdp-common';

function matches(tenant: OcdpTenant, query: OcdpTenantListQuery): boolean {
  const q = query.q?.toLocaleLowerCase('en-US');
  return (
    (!q ||
      tenant.name.toLocaleLowerCase('en-US').includes(q) ||
      tenant.owner.toLocaleLowerCase('en-US').includes(q)) &&
    (!query.owner || tenant.owner === query.owner) &&
    (!query.cluster || tenant.bindings.some(b => b.cluster === query.cluster))
  );
}

const encodeCursor = (name: string) =>
  Buffer.from(name, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) =>
  Buffer.from(cursor, 'base64url').toString('utf8');

/**
 * A page of tenants as the backend answers `GET /tenants`: sorted by name, filtered by `q`
 * (part of the name or owner ref, any case), `owner` and `cluster`, paged by `limit` with an
 * opaque cursor; every match when there is no `limit`.
 */
export function pageOfTenants(
  tenants: OcdpTenant[],
  query: OcdpTenantListQuery,
): OcdpTenantList {
  const all = tenants
    .filter(tenant => matches(tenant, query))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const after = query.cursor ? decodeCursor(query.cursor) : '';
  const rest = all.filter(tenant => tenant.name > after);
  const items = query.limit === undefined ? rest : rest.slice(0, query.limit);
  const page: OcdpTenantList = { items, totalCount: all.length };
  if (query.limit !== undefined && rest.length > query.limit) {
    page.nextCursor = encodeCursor(items[items.length - 1].name);
  }
  return page;
}
