import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { OcdpTenant } from '@ocdp/plugin-ocdp-common';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import express from 'express';
import request from 'supertest';
import {
  ADMIN,
  DENIED_USER,
  testPermissions,
} from '../__testUtils__/testPermissions';
import { readOcdpBackendConfig } from '../config/readOcdpBackendConfig';
import { createTenantsRouter } from './router';
import { TenantService } from './TenantService';

const BEN = 'user:default/ben';

const tenant = (name: string, owner: string): OcdpTenant => ({
  name,
  owner,
  personal: false,
  createdBy: ADMIN,
  createdAt: '2026-11-30T00:00:00.000Z',
  bindings: [],
});

describe('tenants router', () => {
  let tenants: jest.Mocked<
    Pick<
      TenantService,
      | 'list'
      | 'page'
      | 'get'
      | 'create'
      | 'setQuota'
      | 'delete'
      | 'usage'
      | 'ensurePersonalTenant'
    >
  >;
  let auditor: ReturnType<typeof mockServices.auditor.mock>;
  let app: express.Express;

  beforeEach(() => {
    tenants = {
      list: jest.fn(async () => [
        tenant('team-a', 'group:default/team-vision'),
      ]),
      page: jest.fn(async () => ({ items: [], totalCount: 0 })),
      get: jest.fn(async (name: string) =>
        tenant(name, 'group:default/team-nlp'),
      ),
      create: jest.fn(async input => tenant(input.name, input.owner)),
      setQuota: jest.fn(),
      delete: jest.fn(async () => ({ pendingClusters: [] })),
      usage: jest.fn(),
      ensurePersonalTenant: jest.fn(async () => undefined),
    } as unknown as typeof tenants;
    auditor = mockServices.auditor.mock();
    app = express()
      .use(express.json())
      .use(
        createTenantsRouter({
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.none(),
          }),
          permissions: testPermissions(),
          auditor,
          tenants: tenants as unknown as TenantService,
          clusters: {
            list: () => [{ name: 'demo' }, { name: 'lab' }],
          } as unknown as OcdpClustersService,
          config: readOcdpBackendConfig(new ConfigReader({})),
        }),
      )
      .use(mockErrorHandler());
  });

  const as = (user: string) => mockCredentials.user.header(user);

  it('turns a create request into a typed input before the service sees it', async () => {
    const res = await request(app)
      .post('/tenants')
      .set('Authorization', as(ADMIN))
      .send({
        name: 'team-x',
        owner: 'Group:Team-Vision',
        bindings: [{ cluster: 'demo', quota: { 'requests.cpu': 4 } }],
      });
    expect(res.status).toBe(201);
    expect(tenants.create).toHaveBeenCalledWith(
      {
        name: 'team-x',
        owner: 'group:default/team-vision',
        bindings: [
          {
            cluster: 'demo',
            namespace: 'team-x',
            quota: expect.objectContaining({ 'requests.cpu': '4' }),
          },
        ],
      },
      ADMIN,
    );
  });

  it.each([
    [{ name: 'Bad_Name', owner: 'group:x', bindings: [] }, /^name: /],
    [
      { name: 'ok', owner: 'group:x', bindings: [{ cluster: 'nowhere' }] },
      /^bindings\[0\]\.cluster: unknown cluster/,
    ],
    [
      {
        name: 'ok',
        owner: 'group:x',
        bindings: [{ cluster: 'demo', quota: { 'requests.cpu': '12GB' } }],
      },
      /^bindings\[0\]\.quota\.requests\.cpu: /,
    ],
  ])(
    'answers 400 naming the field and never calls the service: %j',
    async (body, message) => {
      const res = await request(app)
        .post('/tenants')
        .set('Authorization', as(ADMIN))
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
      expect(tenants.create).not.toHaveBeenCalled();
    },
  );

  it('refuses mutations without the permission, before reading the body', async () => {
    const res = await request(app)
      .post('/tenants')
      .set('Authorization', as(BEN))
      .send({ not: 'even valid' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/ocdp\.tenant\.create/);
    const del = await request(app)
      .delete('/tenants/team-a')
      .set('Authorization', as(BEN));
    expect(del.status).toBe(403);
    const put = await request(app)
      .put('/tenants/team-a/bindings/demo')
      .set('Authorization', as(BEN))
      .send({ quota: {} });
    expect(put.status).toBe(403);
    expect(tenants.create).not.toHaveBeenCalled();
    expect(tenants.delete).not.toHaveBeenCalled();
    expect(tenants.setQuota).not.toHaveBeenCalled();
  });

  it('audits mutations, successful or not', async () => {
    await request(app)
      .delete('/tenants/team-a')
      .set('Authorization', as(ADMIN));
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'tenant-delete',
        meta: { tenant: 'team-a' },
      }),
    );
  });

  it('passes If-Match and the parsed quota to the service', async () => {
    tenants.setQuota.mockResolvedValue({
      created: false,
      binding: {
        cluster: 'demo',
        namespace: 'team-a',
        quota: {},
        syncStatus: 'synced',
        version: 4,
      },
    });
    const res = await request(app)
      .put('/tenants/team-a/bindings/demo')
      .set('Authorization', as(ADMIN))
      .set('If-Match', '"3"')
      .send({ quota: { 'requests.memory': '8Gi' } });
    expect(res.status).toBe(200);
    expect(res.header.etag).toBe('"4"');
    expect(tenants.setQuota).toHaveBeenCalledWith(
      'team-a',
      'demo',
      expect.objectContaining({
        quota: expect.objectContaining({ 'requests.memory': '8Gi' }),
      }),
      3,
    );
    const bad = await request(app)
      .put('/tenants/team-a/bindings/demo')
      .set('Authorization', as(ADMIN))
      .set('If-Match', 'yesterday')
      .send({ quota: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^If-Match: /);
  });

  it('lists every tenant for admins and filters members in the database', async () => {
    const all = await request(app)
      .get('/tenants')
      .set('Authorization', as(ADMIN));
    expect(all.body).toEqual({
      items: [tenant('team-a', 'group:default/team-vision')],
      totalCount: 1,
    });
    expect(tenants.list).toHaveBeenLastCalledWith({});

    await request(app)
      .get('/tenants?limit=20&q=team&cluster=demo')
      .set('Authorization', as(BEN));
    expect(tenants.ensurePersonalTenant).toHaveBeenCalledWith(BEN);
    expect(tenants.page).toHaveBeenCalledWith({
      limit: 20,
      q: 'team',
      cluster: 'demo',
      ownerIn: ['user:default/ben', 'group:default/team-vision'],
    });
  });

  it('gives an empty list to a user the policy denies, and 400 for a bad page size', async () => {
    const denied = await request(app)
      .get('/tenants')
      .set('Authorization', as(DENIED_USER));
    expect(denied.body).toEqual({ items: [], totalCount: 0 });
    const bad = await request(app)
      .get('/tenants?limit=100000')
      .set('Authorization', as(ADMIN));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^limit: /);
  });

  it('lets members read their tenants only', async () => {
    tenants.get.mockResolvedValueOnce(
      tenant('team-a', 'group:default/team-vision'),
    );
    const own = await request(app)
      .get('/tenants/team-a')
      .set('Authorization', as(BEN));
    expect(own.status).toBe(200);
    const other = await request(app)
      .get('/tenants/team-b')
      .set('Authorization', as(BEN));
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/not a member/);
    const usage = await request(app)
      .get('/tenants/team-b/usage')
      .set('Authorization', as(BEN));
    expect(usage.status).toBe(403);
    expect(tenants.usage).not.toHaveBeenCalled();
  });

  it('requires credentials', async () => {
    const res = await request(app).get('/tenants');
    expect(res.status).toBe(401);
  });
});
