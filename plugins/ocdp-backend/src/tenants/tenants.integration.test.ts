import { mockCredentials } from '@backstage/backend-test-utils';
import {
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import request from 'supertest';
import {
  OcdpTestBackend,
  startOcdpBackend,
} from '../__testUtils__/startOcdpBackend';
import { ADMIN } from '../__testUtils__/testPermissions';

jest.setTimeout(60_000);

const asUser = (ref: string) => ({
  Authorization: mockCredentials.user.header(ref),
});
const admin = asUser(ADMIN);
const ben = asUser('user:default/ben');

function clientsFor(backend: OcdpTestBackend, cluster: 'demo' | 'lab') {
  const kc = new KubeConfig();
  kc.loadFromString(backend.sims[cluster].kubeConfig());
  return {
    core: kc.makeApiClient(CoreV1Api),
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
  };
}

const visionTenant = {
  name: 'vision',
  owner: 'group:default/team-vision',
  bindings: [
    {
      cluster: 'demo',
      quota: {
        'requests.cpu': '8',
        'requests.memory': '32Gi',
        'requests.nvidia.com/gpu': 2,
      },
    },
    { cluster: 'lab', namespace: 'vision-lab', quota: {} },
  ],
};

describe('tenants API against the Kubernetes simulator', () => {
  let backend: OcdpTestBackend;

  beforeEach(async () => {
    backend = await startOcdpBackend();
  });
  afterEach(async () => {
    await backend.stop();
  });

  it('shows the watch cache of each cluster loaded once the backend has started', async () => {
    const { core } = clientsFor(backend, 'demo');
    const pods = (await core.listPodForAllNamespaces()).items.length;
    let demo: { cache?: { synced: boolean; pods: number } } = {};
    for (let i = 0; i < 100 && !demo.cache?.synced; i++) {
      const res = await request(backend.server)
        .get('/api/ocdp/clusters')
        .set(admin);
      demo = res.body.items.find((c: { name: string }) => c.name === 'demo');
      if (!demo.cache?.synced) await new Promise(r => setTimeout(r, 50));
    }
    expect(demo.cache).toMatchObject({ synced: true, watching: true, pods });
  });

  it('creates the namespace, ServiceAccount, RoleBinding, LimitRange and ResourceQuota', async () => {
    const res = await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send(visionTenant);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'vision',
      owner: 'group:default/team-vision',
      personal: false,
      createdBy: ADMIN,
    });
    expect(res.body.bindings).toEqual([
      expect.objectContaining({
        cluster: 'demo',
        namespace: 'vision',
        syncStatus: 'synced',
        version: 1,
        quota: {
          'requests.cpu': '8',
          'requests.memory': '32Gi',
          'requests.nvidia.com/gpu': '2',
          'requests.nvidia.com/gpumem': '0',
        },
      }),
      expect.objectContaining({
        cluster: 'lab',
        namespace: 'vision-lab',
        syncStatus: 'synced',
        quota: {
          'requests.nvidia.com/gpu': '0',
          'requests.nvidia.com/gpumem': '0',
        },
      }),
    ]);

    const { core, rbac } = clientsFor(backend, 'demo');
    const ns = await core.readNamespace({ name: 'vision' });
    expect(ns.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'ocdp',
      'ocdp.io/tenant': 'vision',
    });
    const quota = await core.readNamespacedResourceQuota({
      name: 'ocdp-quota',
      namespace: 'vision',
    });
    expect(quota.spec?.hard).toEqual({
      'requests.cpu': '8',
      'requests.memory': '32Gi',
      'requests.nvidia.com/gpu': '2',
      'requests.nvidia.com/gpumem': '0',
    });
    expect(quota.metadata?.managedFields?.[0]?.manager).toBe('ocdp');
    const limitRange = await core.readNamespacedLimitRange({
      name: 'ocdp-defaults',
      namespace: 'vision',
    });
    expect(limitRange.spec?.limits[0].defaultRequest).toEqual({
      cpu: '100m',
      memory: '256Mi',
    });
    await core.readNamespacedServiceAccount({
      name: 'ocdp-tenant',
      namespace: 'vision',
    });
    const binding = await rbac.readNamespacedRoleBinding({
      name: 'ocdp-tenant-members',
      namespace: 'vision',
    });
    expect(binding.roleRef.name).toBe('edit');
    expect(binding.subjects).toEqual([
      expect.objectContaining({ kind: 'Group', name: 'team-vision' }),
      expect.objectContaining({ kind: 'User', name: 'ben' }),
      expect.objectContaining({ kind: 'User', name: 'dan' }),
      expect.objectContaining({ kind: 'ServiceAccount', name: 'ocdp-tenant' }),
    ]);

    const lab = clientsFor(backend, 'lab').core;
    await expect(
      lab.readNamespacedLimitRange({
        name: 'ocdp-defaults',
        namespace: 'vision-lab',
      }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('updates the quota with optimistic concurrency and reports usage and drift', async () => {
    await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send(visionTenant);
    const update = await request(backend.server)
      .put('/api/ocdp/tenants/vision/bindings/demo')
      .set(admin)
      .set('If-Match', '"1"')
      .send({
        quota: { 'requests.nvidia.com/gpu': '4', 'requests.cpu': null },
      });
    expect(update.status).toBe(200);
    expect(update.headers.etag).toBe('"2"');
    expect(update.body).toMatchObject({
      version: 2,
      syncStatus: 'synced',
      quota: {
        'requests.nvidia.com/gpu': '4',
        'requests.nvidia.com/gpumem': '0',
      },
    });

    const { core } = clientsFor(backend, 'demo');
    const quota = await core.readNamespacedResourceQuota({
      name: 'ocdp-quota',
      namespace: 'vision',
    });
    expect(quota.spec?.hard).toEqual({
      'requests.nvidia.com/gpu': '4',
      'requests.nvidia.com/gpumem': '0',
    });
    await expect(
      core.readNamespacedLimitRange({
        name: 'ocdp-defaults',
        namespace: 'vision',
      }),
    ).rejects.toMatchObject({ code: 404 });

    const stale = await request(backend.server)
      .put('/api/ocdp/tenants/vision/bindings/demo')
      .set(admin)
      .set('If-Match', '1')
      .send({ quota: { 'requests.nvidia.com/gpu': '8' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/version 2, you sent 1/);

    await core.patchNamespacedResourceQuota({
      name: 'ocdp-quota',
      namespace: 'vision',
      body: [
        {
          op: 'replace',
          path: '/spec/hard/requests.nvidia.com~1gpu',
          value: '16',
        },
      ],
    });
    const usage = await request(backend.server)
      .get('/api/ocdp/tenants/vision/usage')
      .set(admin);
    expect(usage.status).toBe(200);
    const demo = usage.body.bindings.find((b: any) => b.cluster === 'demo');
    expect(demo).toMatchObject({
      namespace: 'vision',
      spec: { 'requests.nvidia.com/gpu': '4' },
      live: {
        hard: { 'requests.nvidia.com/gpu': '16' },
        used: expect.any(Object),
      },
      drift: [{ key: 'requests.nvidia.com/gpu', spec: '4', live: '16' }],
      syncStatus: 'synced',
    });

    await backend.reconcile();
    const healed = await core.readNamespacedResourceQuota({
      name: 'ocdp-quota',
      namespace: 'vision',
    });
    expect(healed.spec?.hard?.['requests.nvidia.com/gpu']).toBe('4');
  });

  it('keeps an update made while the cluster is down and applies it when it returns', async () => {
    await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send(visionTenant);
    await backend.sims.demo.setFaults({ refuseConnections: true });
    const update = await request(backend.server)
      .put('/api/ocdp/tenants/vision/bindings/demo')
      .set(admin)
      .set('If-Match', '1')
      .send({ quota: { 'requests.nvidia.com/gpu': 1, 'requests.cpu': '4' } });
    expect(update.status).toBe(200);
    expect(update.body.syncStatus).toBe('error');
    expect(update.body.lastError).toMatch(/unreachable|ECONNREFUSED/);

    await backend.reconcile();
    const stillDown = await request(backend.server)
      .get('/api/ocdp/tenants/vision')
      .set(admin);
    expect(stillDown.body.bindings[0].syncStatus).not.toBe('synced');
    const usage = await request(backend.server)
      .get('/api/ocdp/tenants/vision/usage')
      .set(admin);
    expect(usage.body.bindings[0]).toMatchObject({
      live: null,
      liveError: expect.stringMatching(/unreachable|ECONNREFUSED/),
    });

    await backend.sims.demo.setFaults({ refuseConnections: false });
    await backend.reconcile();
    const after = await request(backend.server)
      .get('/api/ocdp/tenants/vision')
      .set(admin);
    expect(after.body.bindings[0]).toMatchObject({
      syncStatus: 'synced',
      quota: { 'requests.cpu': '4', 'requests.nvidia.com/gpu': '1' },
    });

    const { core } = clientsFor(backend, 'demo');
    const quota = await core.readNamespacedResourceQuota({
      name: 'ocdp-quota',
      namespace: 'vision',
    });
    expect(quota.spec?.hard?.['requests.nvidia.com/gpu']).toBe('1');

    const pod = (name: string, gpus: number) => ({
      metadata: { name },
      spec: {
        containers: [
          {
            name: 'server',
            image: 'vllm/vllm-openai',
            resources: {
              requests: { cpu: '1', 'nvidia.com/gpu': String(gpus) },
              limits: { 'nvidia.com/gpu': String(gpus) },
            },
          },
        ],
      },
    });
    await core.createNamespacedPod({
      namespace: 'vision',
      body: pod('fits', 1),
    });
    await expect(
      core.createNamespacedPod({
        namespace: 'vision',
        body: pod('too-many', 1),
      }),
    ).rejects.toMatchObject({
      code: 403,
      body: expect.stringMatching(/exceeded quota: ocdp-quota/),
    });
  });

  it('rejects bad input with the field named and loses nothing', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [{ ...visionTenant, name: 'Vision_1' }, 400, /^name: /],
      [{ ...visionTenant, owner: 'component:default/x' }, 400, /^owner: /],
      [{ ...visionTenant, extra: 1 }, 400, /^extra: unknown field/],
      [{ ...visionTenant, bindings: [] }, 400, /^bindings: /],
      [
        { ...visionTenant, bindings: [{ cluster: 'nope' }] },
        400,
        /^bindings\[0\]\.cluster: unknown cluster "nope"/,
      ],
      [
        {
          ...visionTenant,
          bindings: [{ cluster: 'demo', quota: { 'requests.cpu': '12GB' } }],
        },
        400,
        /^bindings\[0\]\.quota\.requests\.cpu: /,
      ],
      [
        {
          ...visionTenant,
          bindings: [{ cluster: 'demo', quota: { 'requests.memory': '-1Gi' } }],
        },
        400,
        /^bindings\[0\]\.quota\.requests\.memory: /,
      ],
      [
        {
          ...visionTenant,
          bindings: [{ cluster: 'demo', quota: { 'bad key!': '1' } }],
        },
        400,
        /^bindings\[0\]\.quota/,
      ],
      [
        {
          ...visionTenant,
          bindings: [
            { cluster: 'demo', quota: { 'limits.nvidia.com/gpu': '1' } },
          ],
        },
        400,
        /^bindings\[0\]\.quota\.limits\.nvidia\.com\/gpu: .*as requests\.nvidia\.com\/gpu; use that key/,
      ],
      [
        {
          ...visionTenant,
          bindings: [
            { cluster: 'demo', quota: { 'requests.nvidia.com/gpu': '0.5' } },
          ],
        },
        400,
        /^bindings\[0\]\.quota\.requests\.nvidia\.com\/gpu: .*whole number/,
      ],
      [
        {
          ...visionTenant,
          bindings: [{ cluster: 'demo', namespace: 'Bad_NS' }],
        },
        400,
        /^bindings\[0\]\.namespace: /,
      ],
      [
        {
          ...visionTenant,
          bindings: [{ cluster: 'demo', namespace: 'kube-system' }],
        },
        403,
        /protected/,
      ],
      [{ ...visionTenant, name: 'default' }, 403, /protected/],
    ];
    for (const [body, status, message] of cases) {
      const res = await request(backend.server)
        .post('/api/ocdp/tenants')
        .set(admin)
        .send(body as object);
      expect({ status: res.status, message: res.body.error?.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
    }
    const huge = await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send({ ...visionTenant, padding: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);

    const proto = await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .set('content-type', 'application/json')
      .send(
        '{"name":"vision","owner":"group:default/team-vision","bindings":[{"cluster":"demo","quota":{"__proto__":{"polluted":"1"}}}]}',
      );
    expect(proto.status).toBe(400);
    expect(({} as any).polluted).toBeUndefined();

    const list = await request(backend.server)
      .get('/api/ocdp/tenants')
      .set(admin);
    expect(list.body.items.filter((t: any) => !t.personal)).toEqual([]);
    const { core } = clientsFor(backend, 'demo');
    await expect(core.readNamespace({ name: 'vision' })).rejects.toMatchObject({
      code: 404,
    });
  });

  it('refuses a namespace that exists and is not ours, and a duplicate tenant', async () => {
    const { core } = clientsFor(backend, 'demo');
    await core.createNamespace({
      body: { metadata: { name: 'someone-else' } },
    });
    const foreign = await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send({
        ...visionTenant,
        bindings: [{ cluster: 'demo', namespace: 'someone-else' }],
      });
    expect(foreign.status).toBe(409);
    expect(foreign.body.error.message).toMatch(/not created by OCDP/);

    expect(
      (
        await request(backend.server)
          .post('/api/ocdp/tenants')
          .set(admin)
          .send(visionTenant)
      ).status,
    ).toBe(201);
    const again = await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send({
        ...visionTenant,
        bindings: [{ cluster: 'demo', namespace: 'other' }],
      });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already exists/);
  });

  it('deletes a tenant and its cluster objects idempotently', async () => {
    await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send(visionTenant);
    await backend.sims.lab.setFaults({ refuseConnections: true });
    const res = await request(backend.server)
      .delete('/api/ocdp/tenants/vision')
      .set(admin);
    expect(res.status).toBe(204);
    expect(
      (await request(backend.server).get('/api/ocdp/tenants/vision').set(admin))
        .status,
    ).toBe(404);
    await expect(
      clientsFor(backend, 'demo').core.readNamespace({ name: 'vision' }),
    ).rejects.toMatchObject({ code: 404 });

    await backend.sims.lab.setFaults({ refuseConnections: false });
    const lab = clientsFor(backend, 'lab').core;
    expect(
      (await lab.readNamespace({ name: 'vision-lab' })).metadata?.name,
    ).toBe('vision-lab');
    await backend.reconcile();
    await expect(
      lab.readNamespace({ name: 'vision-lab' }),
    ).rejects.toMatchObject({
      code: 404,
    });
    expect(
      (
        await request(backend.server)
          .delete('/api/ocdp/tenants/vision')
          .set(admin)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(backend.server)
          .post('/api/ocdp/tenants')
          .set(admin)
          .send(visionTenant)
      ).status,
    ).toBe(201);
  });

  it('checks permissions on every route and shows ordinary users only their tenants', async () => {
    await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send(visionTenant);
    await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send({
        name: 'nlp',
        owner: 'group:default/team-nlp',
        bindings: [{ cluster: 'demo' }],
      });

    const list = await request(backend.server)
      .get('/api/ocdp/tenants')
      .set(ben);
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: any) => t.name).sort()).toEqual([
      'u-ben',
      'vision',
    ]);
    const personal = list.body.items.find((t: any) => t.name === 'u-ben');
    expect(personal).toMatchObject({
      owner: 'user:default/ben',
      personal: true,
      bindings: [
        expect.objectContaining({ cluster: 'demo', namespace: 'ocdp-u-ben' }),
        expect.objectContaining({ cluster: 'lab', namespace: 'ocdp-u-ben' }),
      ],
    });
    const again = await request(backend.server)
      .get('/api/ocdp/tenants')
      .set(ben);
    expect(again.body.items).toHaveLength(2);

    expect(
      (
        await request(backend.server)
          .get('/api/ocdp/tenants/vision/usage')
          .set(ben)
      ).status,
    ).toBe(200);
    for (const res of [
      await request(backend.server).get('/api/ocdp/tenants/nlp').set(ben),
      await request(backend.server).get('/api/ocdp/tenants/nlp/usage').set(ben),
      await request(backend.server)
        .post('/api/ocdp/tenants')
        .set(ben)
        .send(visionTenant),
      await request(backend.server)
        .put('/api/ocdp/tenants/vision/bindings/demo')
        .set(ben)
        .send({ quota: { 'requests.nvidia.com/gpu': 8 } }),
      await request(backend.server).delete('/api/ocdp/tenants/vision').set(ben),
    ]) {
      expect(res.status).toBe(403);
    }
    expect(
      (await request(backend.server).get('/api/ocdp/tenants')).status,
    ).toBe(200);
    expect(
      (
        await request(backend.server)
          .get('/api/ocdp/tenants')
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
  });

  it('emits an auditor event for every mutation, failed ones included', async () => {
    await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send(visionTenant);
    await request(backend.server)
      .put('/api/ocdp/tenants/vision/bindings/demo')
      .set(admin)
      .set('If-Match', '7')
      .send({ quota: { 'requests.nvidia.com/gpu': 1 } });
    await request(backend.server).delete('/api/ocdp/tenants/vision').set(admin);
    await request(backend.server).get('/api/ocdp/tenants').set(admin);
    expect(backend.auditEvents).toEqual([
      {
        eventId: 'tenant-create',
        meta: { tenant: 'vision' },
        outcome: 'success',
      },
      {
        eventId: 'tenant-quota-update',
        meta: { tenant: 'vision', cluster: 'demo', ifMatch: '7' },
        outcome: 'fail',
      },
      {
        eventId: 'tenant-delete',
        meta: { tenant: 'vision' },
        outcome: 'success',
      },
    ]);
  });

  it('gives default limits too when the quota limits CPU or memory limits', async () => {
    await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send({
        ...visionTenant,
        bindings: [
          {
            cluster: 'demo',
            quota: { 'limits.cpu': '4', 'limits.memory': '8Gi' },
          },
        ],
      });
    const { core } = clientsFor(backend, 'demo');
    const created = await core.createNamespacedPod({
      namespace: 'vision',
      body: {
        metadata: { name: 'no-resources' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    });
    expect(created.spec?.containers[0].resources?.limits).toEqual({
      cpu: '100m',
      memory: '256Mi',
    });
  });

  it('removes quota keys another manager added, so the stored spec is the whole truth', async () => {
    await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send(visionTenant);
    const { core } = clientsFor(backend, 'demo');
    await core.patchNamespacedResourceQuota({
      name: 'ocdp-quota',
      namespace: 'vision',
      body: [{ op: 'add', path: '/spec/hard/pods', value: '99' }],
    });
    const usage = await request(backend.server)
      .get('/api/ocdp/tenants/vision/usage')
      .set(admin);
    expect(usage.body.bindings[0].drift).toEqual([{ key: 'pods', live: '99' }]);
    await backend.reconcile();
    const quota = await core.readNamespacedResourceQuota({
      name: 'ocdp-quota',
      namespace: 'vision',
    });
    expect(quota.spec?.hard).not.toHaveProperty('pods');
    const after = await request(backend.server)
      .get('/api/ocdp/tenants/vision/usage')
      .set(admin);
    expect(after.body.bindings[0].drift).toEqual([]);
  });

  it('restores the RoleBinding when its members were edited on the cluster', async () => {
    await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send(visionTenant);
    const { rbac } = clientsFor(backend, 'demo');
    await rbac.patchNamespacedRoleBinding({
      name: 'ocdp-tenant-members',
      namespace: 'vision',
      body: [{ op: 'remove', path: '/subjects/1' }],
    });
    const edited = await rbac.readNamespacedRoleBinding({
      name: 'ocdp-tenant-members',
      namespace: 'vision',
    });
    expect(edited.subjects?.map(s => s.name)).toEqual([
      'team-vision',
      'dan',
      'ocdp-tenant',
    ]);
    await backend.reconcile();
    const restored = await rbac.readNamespacedRoleBinding({
      name: 'ocdp-tenant-members',
      namespace: 'vision',
    });
    expect(restored.subjects?.map(s => s.name)).toEqual([
      'team-vision',
      'ben',
      'dan',
      'ocdp-tenant',
    ]);
  });
});
