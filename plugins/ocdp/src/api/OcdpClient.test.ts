import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { OcdpTenant } from '@ocdp/plugin-ocdp-common';
import {
  manyTenants,
  TenantListRequest,
  tenantListHandler,
} from '../__testUtils__/tenantListHandler';
import { OcdpClient, tenantListSearch } from './OcdpClient';

const base = 'http://backend.test/api/ocdp';

const binding = {
  cluster: 'demo',
  namespace: 'team-vision',
  quota: { 'requests.cpu': '8' },
  syncStatus: 'synced',
  version: 4,
};

const tenant = {
  name: 'team-vision',
  owner: 'group:default/team-vision',
  personal: false,
  createdBy: 'user:default/ada',
  createdAt: '2026-01-01T00:00:00Z',
  bindings: [binding],
};

describe('OcdpClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new OcdpClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backend.test' }),
    fetchApi: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) },
  });

  it('lists tenants', async () => {
    server.use(
      http.get(`${base}/tenants`, () => HttpResponse.json({ items: [tenant] })),
    );
    await expect(client.listTenants()).resolves.toEqual([tenant]);
  });

  describe('listTenantsPage', () => {
    const tenants = manyTenants(5, tenant as OcdpTenant);

    it('sends only the parameters that are set', async () => {
      const requests: TenantListRequest[] = [];
      server.use(tenantListHandler(base, () => tenants, requests));
      await client.listTenantsPage({});
      await client.listTenantsPage({
        limit: 2,
        q: ' team ',
        cluster: 'lab',
        owner: '',
        cursor: undefined,
      });
      expect(requests).toEqual([{}, { limit: '2', q: 'team', cluster: 'lab' }]);
    });

    it('walks the pages with the cursor the server gives', async () => {
      server.use(tenantListHandler(base, () => tenants));
      const first = await client.listTenantsPage({ limit: 2 });
      expect(first.items.map(t => t.name)).toEqual(['team-000', 'team-001']);
      expect(first.totalCount).toBe(5);
      const second = await client.listTenantsPage({
        limit: 2,
        cursor: first.nextCursor,
      });
      expect(second.items.map(t => t.name)).toEqual(['team-002', 'team-003']);
      const last = await client.listTenantsPage({
        limit: 2,
        cursor: second.nextCursor,
      });
      expect(last.items.map(t => t.name)).toEqual(['team-004']);
      expect(last.nextCursor).toBeUndefined();
    });

    it('filters by search text and cluster', async () => {
      server.use(tenantListHandler(base, () => tenants));
      const page = await client.listTenantsPage({
        q: 'TEAM-00',
        cluster: 'lab',
      });
      expect(page.items.map(t => t.name)).toEqual(['team-001', 'team-003']);
      expect(page.totalCount).toBe(2);
    });

    it('encodes parameter values', () => {
      expect(tenantListSearch({ q: 'a&b=c', cursor: 'x/y+' })).toBe(
        '?cursor=x%2Fy%2B&q=a%26b%3Dc',
      );
      expect(tenantListSearch({})).toBe('');
    });
  });

  it('encodes tenant and cluster names in paths', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${base}/tenants/:tenant`, ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return HttpResponse.json(tenant);
      }),
      http.put(`${base}/tenants/:tenant/bindings/:cluster`, ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return HttpResponse.json(binding);
      }),
    );
    await client.getTenant('a/b c');
    await client.updateQuota('a/b', 'lab?x', { quota: {} });
    expect(seen).toEqual([
      '/api/ocdp/tenants/a%2Fb%20c',
      '/api/ocdp/tenants/a%2Fb/bindings/lab%3Fx',
    ]);
  });

  it('downloads a kubeconfig as text with its expiry, and surfaces refusals', async () => {
    server.use(
      http.post(
        `${base}/tenants/team-vision/bindings/demo/kubeconfig`,
        () =>
          new HttpResponse('apiVersion: v1\nkind: Config\n', {
            headers: {
              'Content-Type': 'application/yaml',
              'X-Token-Expires-At': '2026-11-30T08:00:00.000Z',
            },
          }),
      ),
      http.post(`${base}/tenants/team-vision/bindings/lab/kubeconfig`, () =>
        HttpResponse.json(
          { error: { name: 'ConflictError', message: 'not synced yet' } },
          { status: 409 },
        ),
      ),
    );
    await expect(
      client.downloadKubeconfig('team-vision', 'demo'),
    ).resolves.toEqual({
      kubeconfig: 'apiVersion: v1\nkind: Config\n',
      expiresAt: '2026-11-30T08:00:00.000Z',
    });
    await expect(
      client.downloadKubeconfig('team-vision', 'lab'),
    ).rejects.toMatchObject({
      statusCode: 409,
      body: { error: { message: 'not synced yet' } },
    });
  });

  it('creates a tenant with a JSON body', async () => {
    let received: unknown;
    server.use(
      http.post(`${base}/tenants`, async ({ request }) => {
        received = await request.json();
        return HttpResponse.json(tenant, { status: 201 });
      }),
    );
    const request = {
      name: 'team-vision',
      owner: 'group:default/team-vision',
      bindings: [{ cluster: 'demo', quota: { 'requests.cpu': '8' } }],
    };
    await expect(client.createTenant(request)).resolves.toEqual(tenant);
    expect(received).toEqual(request);
  });

  it('sends the binding version as If-Match when updating a quota', async () => {
    const headers: Array<string | null> = [];
    let received: unknown;
    server.use(
      http.put(
        `${base}/tenants/team-vision/bindings/demo`,
        async ({ request }) => {
          headers.push(request.headers.get('If-Match'));
          received = await request.json();
          return HttpResponse.json({ ...binding, version: 5 });
        },
      ),
    );
    const result = await client.updateQuota(
      'team-vision',
      'demo',
      { quota: { 'requests.cpu': '4' } },
      4,
    );
    expect(result.version).toBe(5);
    expect(headers).toEqual(['4']);
    expect(received).toEqual({ quota: { 'requests.cpu': '4' } });
  });

  it('sends no If-Match when creating a binding', async () => {
    const headers: Array<string | null> = [];
    server.use(
      http.put(`${base}/tenants/team-vision/bindings/lab`, ({ request }) => {
        headers.push(request.headers.get('If-Match'));
        return HttpResponse.json(binding, { status: 201 });
      }),
    );
    await client.updateQuota('team-vision', 'lab', {
      quota: {},
      namespace: 'vision',
    });
    expect(headers).toEqual([null]);
  });

  it('deletes a tenant', async () => {
    const calls: string[] = [];
    server.use(
      http.delete(`${base}/tenants/team-vision`, ({ request }) => {
        calls.push(request.method);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await expect(client.deleteTenant('team-vision')).resolves.toBeUndefined();
    expect(calls).toEqual(['DELETE']);
  });

  it('reads tenant usage', async () => {
    const usage = { tenant: 'team-vision', bindings: [] };
    server.use(
      http.get(`${base}/tenants/team-vision/usage`, () =>
        HttpResponse.json(usage),
      ),
    );
    await expect(client.getTenantUsage('team-vision')).resolves.toEqual(usage);
  });

  it.each([
    [
      400,
      'InputError',
      'quota.requests.cpu: "12GB" is not a valid Kubernetes quantity',
    ],
    [403, 'NotAllowedError', 'You may not change quotas'],
    [404, 'NotFoundError', 'Tenant "nope" not found'],
    [
      409,
      'ConflictError',
      'The binding changed since version 4; reload and try again',
    ],
  ])(
    'keeps the server message of a %i answer',
    async (status, name, message) => {
      server.use(
        http.put(`${base}/tenants/t/bindings/demo`, () =>
          HttpResponse.json({ error: { name, message } }, { status }),
        ),
      );
      const error = await client
        .updateQuota('t', 'demo', { quota: {} }, 4)
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.body.error).toEqual({ name, message });
    },
  );

  it('keeps the server message of a full Backstage error body', async () => {
    server.use(
      http.delete(`${base}/tenants/t`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'tenant t owns 2 instances',
            },
            request: { method: 'DELETE', url: '/api/ocdp/tenants/t' },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client.deleteTenant('t').catch(e => e);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe('tenant t owns 2 instances');
  });

  it('reports a non-JSON failure with its status', async () => {
    server.use(
      http.get(`${base}/tenants`, () =>
        HttpResponse.text('bad gateway', { status: 502 }),
      ),
    );
    const error = await client.listTenants().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
  });
});
