import { OcdpTenant } from '@ocdp/plugin-ocdp-common';
import { http, HttpResponse } from 'msw';
import { pageOfTenants } from './tenantPages';

/** What the fake backend was asked, one entry per `GET /tenants`. */
export type TenantListRequest = Record<string, string>;

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
    const limit = params.get('limit');
    const body = pageOfTenants(tenants(), {
      limit: limit === null ? undefined : Number(limit),
      cursor: params.get('cursor') ?? undefined,
      q: params.get('q') ?? undefined,
      owner: params.get('owner') ?? undefined,
      cluster: params.get('cluster') ?? undefined,
    });
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
