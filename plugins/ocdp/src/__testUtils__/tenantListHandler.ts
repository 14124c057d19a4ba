import { OcdpTenant, OcdpTenantList } from '@ocdp/plugin-ocdp-common';
import { http, HttpResponse } from 'msw';

/** What the fake backend was asked, one entry per `GET /tenants`. */
export type TenantListRequest = Record<string, string>;

function matches(tenant: OcdpTenant, params: URLSearchParams): boolean {
  const q = params.get('q')?.toLocaleLowerCase('en-US');
  const owner = params.get('owner');
  const cluster = params.get('cluster');
  return (
    (!q ||
      tenant.name.toLocaleLowerCase('en-US').includes(q) ||
      tenant.owner.toLocaleLowerCase('en-US').includes(q)) &&
    (!owner || tenant.owner === owner) &&
    (!cluster || tenant.bindings.some(b => b.cluster === cluster))
  );
}

/**
 * `GET <base>/tenants` as the backend answers it: sorted by name, filtered by `q` (part of the
 * name or owner ref), `owner` and `cluster`, paged by `limit` with an opaque cursor (the last
 * name of the page), every match when there is no `limit`. `tenants()` is read per request so
 * a test can change the data; every request's parameters are pushed to `requests`.
 */
export function tenantListHandler(
  base: string,
  tenants: () => OcdpTenant[],
  requests: TenantListRequest[] = [],
) {
  return http.get(`${base}/tenants`, ({ request }) => {
    const params = new URL(request.url).searchParams;
    requests.push(Object.fromEntries(params));
    const all = tenants()
      .filter(tenant => matches(tenant, params))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const cursor = params.get('cursor');
    const after = cursor ? Buffer.from(cursor, 'base64url').toString() : '';
    const rest = all.filter(tenant => tenant.name > after);
    const limit = params.has('limit') ? Number(params.get('limit')) : undefined;
    const items = limit === undefined ? rest : rest.slice(0, limit);
    const body: OcdpTenantList = { items, totalCount: all.length };
    if (limit !== undefined && rest.length > limit) {
      body.nextCursor = Buffer.from(items[items.length - 1].name).toString(
        'base64url',
      );
    }
    return HttpResponse.json(body);
  });
}

/** `count` team tenants `team-000`, `team-001`, … on cluster `demo` (odd ones also on `lab`). */
export function manyTenants(count: number, template: OcdpTenant): OcdpTenant[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `team-${String(i).padStart(3, '0')}`;
    return {
      ...template,
      name,
      owner: `group:default/${name}`,
      bindings: [
        { ...template.bindings[0], cluster: 'demo', namespace: name },
        ...(i % 2 === 1
          ? [{ ...template.bindings[0], cluster: 'lab', namespace: name }]
          : []),
      ],
    };
  });
}
