import { mockCredentials } from '@backstage/backend-test-utils';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import path from 'node:path';
import request from 'supertest';
import {
  OcdpTestBackend,
  startOcdpBackend,
} from '../__testUtils__/startOcdpBackend';
import { ADMIN } from '../__testUtils__/testPermissions';

jest.setTimeout(120_000);

const admin = { Authorization: mockCredentials.user.header(ADMIN) };
const ben = { Authorization: mockCredentials.user.header('user:default/ben') };
const cleo = {
  Authorization: mockCredentials.user.header('user:default/cleo'),
};

const CHART_DIR = path.resolve(
  __dirname,
  '../../../../examples/charts/model-server',
);

const values = (gpus: number) => ({
  model: { id: 'Qwen/Qwen2.5-1.5B-Instruct' },
  gpu: { resource: 'nvidia.com/gpu', count: gpus },
  resources: { requests: { cpu: '1', memory: '4Gi' } },
  cache: { size: '' },
});

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > until) {
      throw new Error(`${what}: still ${JSON.stringify(last)}`);
    }
    await new Promise(r => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

describe('/api/ocdp/instances against the simulator and its helm-controller', () => {
  let backend: OcdpTestBackend;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    backend = await startOcdpBackend({
      ocdpConfig: {
        tenants: { personalTenants: false, clusterTimeoutMs: 2000 },
        charts: {
          'model-server': {
            directory: CHART_DIR,
            source: {
              kind: 'HelmRepository',
              name: 'ocdp-charts',
              namespace: 'flux-system',
            },
            deniedValuePaths: ['podSecurityContext', 'securityContext'],
          },
        },
      },
    });
    const kc = new KubeConfig();
    kc.loadFromString(backend.sims.demo.kubeConfig());
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
    const res = await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send({
        name: 'vision',
        owner: 'group:default/team-vision',
        bindings: [
          {
            cluster: 'demo',
            namespace: 'vision',
            quota: {
              'requests.cpu': '16',
              'requests.memory': '64Gi',
              'requests.nvidia.com/gpu': 2,
            },
          },
        ],
      });
    if (res.status !== 201 || res.body.bindings[0].syncStatus !== 'synced') {
      throw new Error(`tenant not created: ${JSON.stringify(res.body)}`);
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const helmReleases = async () =>
    (
      (await custom.listNamespacedCustomObject({
        group: 'helm.toolkit.fluxcd.io',
        version: 'v2',
        namespace: 'vision',
        plural: 'helmreleases',
      })) as any
    ).items as any[];
  const pods = async () =>
    (
      await core.listNamespacedPod({
        namespace: 'vision',
        labelSelector: 'backstage.io/kubernetes-id=llama.vision.demo',
      })
    ).items;
  const instance = async (id: string, as = ben) =>
    request(backend.server).get(`/api/ocdp/instances/${id}`).set(as);

  let id: string;

  it('refuses more GPUs than the quota before anything is made', async () => {
    const res = await request(backend.server)
      .post('/api/ocdp/instances')
      .set(ben)
      .send({
        tenant: 'vision',
        cluster: 'demo',
        name: 'big',
        values: values(3),
      });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('requests.nvidia.com/gpu');
    expect(res.body.report).toMatchObject({ ok: false });
    expect(await helmReleases()).toEqual([]);
    const list = await request(backend.server)
      .get('/api/ocdp/instances')
      .set(ben);
    expect(list.body.items).toEqual([]);
  });

  it('refuses bad input with the field named, and non-members', async () => {
    const post = (body: object, as = ben) =>
      request(backend.server).post('/api/ocdp/instances').set(as).send(body);
    const base = { tenant: 'vision', cluster: 'demo', name: 'llama' };
    expect(
      (await post({ ...base, values: {}, valuesYaml: 'a: 1' })).body.error
        .message,
    ).toMatch(/^values, valuesYaml: /);
    expect(
      (await post({ ...base, values: { securityContext: {} } })).body.error
        .message,
    ).toMatch(/^values.securityContext: /);
    expect(
      (await post({ ...base, values: { replicas: 2 } })).body.error.message,
    ).toBe('values.replicas: is not a value of this chart');
    expect((await post({ ...base, name: 'Llama!' })).status).toBe(400);
    const outsider = await post({ ...base, values: values(1) }, cleo);
    expect(outsider.status).toBe(403);
  });

  it('deploys within quota: a HelmRelease whose pods run, labelled for the entity', async () => {
    const res = await request(backend.server)
      .post('/api/ocdp/instances')
      .set(ben)
      .send({
        tenant: 'vision',
        cluster: 'demo',
        name: 'llama',
        values: values(1),
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'llama',
      namespace: 'vision',
      owner: 'user:default/ben',
      status: 'deploying',
      kubernetesId: 'llama.vision.demo',
    });
    id = res.body.id;
    const [hr] = await helmReleases();
    expect(hr.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'ocdp',
      'ocdp.io/tenant': 'vision',
      'ocdp.io/instance': id,
    });
    await eventually(
      pods,
      list => list.some(p => p.status?.phase === 'Running'),
      'pods of llama',
    );
    await backend.refreshInstances();
    const details = await eventually(
      async () => {
        await backend.refreshInstances();
        return (await instance(id)).body;
      },
      body => body.status === 'ready',
      'instance status',
    );
    expect(details.live).toMatchObject({
      reachable: true,
      desiredReplicas: 1,
      readyReplicas: 1,
      endpoint: expect.stringContaining('http://llama'),
    });
    expect(details.live.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', status: 'True' }),
    );
    expect(details.lastPrecheck).toMatchObject({ ok: true });

    const again = await request(backend.server)
      .post('/api/ocdp/instances')
      .set(ben)
      .send({
        tenant: 'vision',
        cluster: 'demo',
        name: 'llama',
        values: values(1),
      });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('already exists');
    expect(await helmReleases()).toHaveLength(1);
  });

  it('lists and shows instances to members only', async () => {
    const mine = await request(backend.server)
      .get('/api/ocdp/instances?cluster=demo')
      .set(ben);
    expect(mine.body.items.map((i: any) => i.id)).toEqual([id]);
    const theirs = await request(backend.server)
      .get('/api/ocdp/instances')
      .set(cleo);
    expect(theirs.body.items).toEqual([]);
    expect((await instance(id, cleo)).status).toBe(403);
    expect((await instance('no-such-id')).status).toBe(404);
    const bad = await request(backend.server)
      .get('/api/ocdp/instances?status=happy')
      .set(ben);
    expect(bad.status).toBe(400);
  });

  it('scales within quota, refuses past it with the reason, and refuses below 0', async () => {
    const patch = (body: object) =>
      request(backend.server)
        .patch(`/api/ocdp/instances/${id}`)
        .set(ben)
        .send(body);
    const past = await patch({ replicas: 3 });
    expect(past.status).toBe(409);
    expect(past.body.report.reasons.join(' ')).toContain(
      'requests.nvidia.com/gpu',
    );
    expect((await patch({ replicas: -1 })).body.error.message).toMatch(
      /^replicas: /,
    );
    const scaled = await patch({ replicas: 2 });
    expect(scaled.status).toBe(200);
    expect(scaled.body.values.replicaCount).toBe(2);
    await eventually(
      pods,
      list => list.filter(p => p.status?.phase === 'Running').length === 2,
      'two running pods',
    );
  });

  it('changes only the value given', async () => {
    const before = (await instance(id)).body;
    const res = await request(backend.server)
      .patch(`/api/ocdp/instances/${id}`)
      .set(ben)
      .set('If-Match', `"${before.version}"`)
      .send({ valuesYaml: 'model:\n  maxModelLen: 4096\n' });
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.values).toEqual({
      ...before.values,
      model: { ...before.values.model, maxModelLen: 4096 },
    });
    const stale = await request(backend.server)
      .patch(`/api/ocdp/instances/${id}`)
      .set(ben)
      .set('If-Match', `"${before.version}"`)
      .send({ replicas: 1 });
    expect(stale.status).toBe(409);
    const [hr] = await helmReleases();
    expect(hr.spec.values.model.maxModelLen).toBe(4096);
  });

  it('keeps the tenant while it owns the instance, then deletes the release, its pods and the record', async () => {
    const tenantDelete = await request(backend.server)
      .delete('/api/ocdp/tenants/vision')
      .set(admin);
    expect(tenantDelete.status).toBe(409);
    expect(
      (
        await request(backend.server)
          .delete(`/api/ocdp/instances/${id}`)
          .set(cleo)
      ).status,
    ).toBe(403);
    const res = await request(backend.server)
      .delete(`/api/ocdp/instances/${id}`)
      .set(ben);
    expect(res.status).toBe(204);
    expect(await helmReleases()).toEqual([]);
    await eventually(pods, list => list.length === 0, 'pods gone');
    expect((await instance(id)).status).toBe(404);
    expect(
      backend.auditEvents
        .filter(e => e.eventId.startsWith('instance-'))
        .map(e => `${e.eventId}:${e.outcome}`),
    ).toEqual([
      'instance-create:fail', // over quota
      'instance-create:fail', // denied value path
      'instance-create:fail', // a key the chart does not have
      'instance-create:success',
      'instance-create:fail',
      'instance-scale:fail',
      'instance-scale:success',
      'instance-update:success',
      'instance-scale:fail', // stale version
      'instance-delete:success',
    ]);
  });

  it('marks an instance missing when its HelmRelease disappears', async () => {
    const res = await request(backend.server)
      .post('/api/ocdp/instances')
      .set(ben)
      .send({
        tenant: 'vision',
        cluster: 'demo',
        name: 'gone',
        values: values(1),
      });
    expect(res.status).toBe(201);
    await custom.deleteNamespacedCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      namespace: 'vision',
      plural: 'helmreleases',
      name: 'gone',
    });
    await backend.refreshInstances();
    expect((await instance(res.body.id)).body).toMatchObject({
      status: 'missing',
      statusMessage: expect.stringContaining('HelmRelease is gone'),
    });
  });
});
