import { mockCredentials } from '@backstage/backend-test-utils';
import { CoreV1Api, KubeConfig, V1Pod } from '@kubernetes/client-node';
import request from 'supertest';
import {
  OcdpTestBackend,
  startOcdpBackend,
} from '../__testUtils__/startOcdpBackend';
import { ADMIN, DENIED_USER } from '../__testUtils__/testPermissions';

jest.setTimeout(90_000);

const asUser = (ref: string) => ({
  Authorization: mockCredentials.user.header(ref),
});
const admin = asUser(ADMIN);
const ben = asUser('user:default/ben');
const cleo = asUser('user:default/cleo');
const mallory = asUser(DENIED_USER);

const tenant = (name: string, owner: string) => ({
  name,
  owner,
  bindings: [{ cluster: 'demo', quota: { 'requests.nvidia.com/gpu': 8 } }],
});

const gpuPod = (
  namespace: string,
  name: string,
  gpus: number,
  extra: { labels?: Record<string, string>; product?: string } = {},
): V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: extra.labels },
  spec: {
    ...(extra.product
      ? { nodeSelector: { 'nvidia.com/gpu.product': extra.product } }
      : {}),
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
    containers: [
      {
        name: 'main',
        image: 'vllm/vllm-openai',
        resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
      },
    ],
  },
});

async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify(value)}`,
      );
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('GPU monitoring API against the Kubernetes simulator', () => {
  let backend: OcdpTestBackend;
  let core: CoreV1Api;
  const get = (path: string, as = admin) =>
    request(backend.server).get(`/api/ocdp${path}`).set(as);

  beforeAll(async () => {
    backend = await startOcdpBackend();
    const kc = new KubeConfig();
    kc.loadFromString(backend.sims.demo.kubeConfig());
    core = kc.makeApiClient(CoreV1Api);
    for (const body of [
      tenant('vision', 'group:default/team-vision'),
      tenant('nlp', 'group:default/team-nlp'),
    ]) {
      const res = await request(backend.server)
        .post('/api/ocdp/tenants')
        .set(admin)
        .send(body);
      if (res.status !== 201) {
        throw new Error(
          `creating tenant ${body.name}: ${res.status} ${res.text}`,
        );
      }
    }
    await core.createNamespacedPod({
      namespace: 'vision',
      body: gpuPod('vision', 'train-0', 1, {
        labels: { 'backstage.io/kubernetes-id': 'vision-train' },
      }),
    });
    await core.createNamespacedPod({
      namespace: 'nlp',
      body: gpuPod('nlp', 'chat-0', 2),
    });
    // both L4 nodes of the demo are full: this one waits
    await core.createNamespacedPod({
      namespace: 'nlp',
      body: gpuPod('nlp', 'huge', 4, { product: 'NVIDIA-L4' }),
    });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  /** What the API server says: GPUs of the nodes and GPUs held by bound, unfinished pods. */
  async function truth() {
    const nodes = (await core.listNode()).items;
    const pods = (await core.listPodForAllNamespaces()).items;
    const capacity = nodes.reduce(
      (n, node) => n + Number(node.status?.capacity?.['nvidia.com/gpu'] ?? 0),
      0,
    );
    const allocated = pods
      .filter(
        p =>
          p.spec?.nodeName &&
          !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''),
      )
      .reduce(
        (n, p) =>
          n +
          p.spec!.containers.reduce(
            (m, c) =>
              m +
              Number(
                c.resources?.requests?.['nvidia.com/gpu'] ??
                  c.resources?.limits?.['nvidia.com/gpu'] ??
                  0,
              ),
            0,
          ),
        0,
      );
    return { capacity, allocated };
  }

  const ready = () =>
    until(
      () => get('/clusters/demo/gpu'),
      res =>
        res.status === 200 &&
        res.body.tenants.some(
          (t: any) => t.tenant === 'nlp' && t.pendingPods === 1,
        ) &&
        res.body.tenants.some(
          (t: any) => t.tenant === 'vision' && t.gpus === 1,
        ),
      'the tenants’ pods in the GPU report',
    );

  it('shows an admin every node, model, tenant and pending pod, matching the API server', async () => {
    const res = await ready();
    const { capacity, allocated } = await truth();
    expect(res.body).toMatchObject({
      cluster: 'demo',
      scope: 'cluster',
      health: { synced: true, stale: false },
      utilization: {
        available: false,
        reason: expect.stringMatching(/^not-configured/),
      },
      gpus: { capacity, allocated },
    });
    expect(res.body.gpus.free).toBe(res.body.gpus.allocatable - allocated);
    expect(res.body.nodes.map((n: any) => n.name)).toEqual(
      expect.arrayContaining(['gpu-a100-1', 'gpu-a100-mig-1']),
    );
    expect(
      res.body.nodes.find((n: any) => n.name === 'gpu-a100-mig-1').resources,
    ).toHaveProperty(['nvidia.com/mig-1g.10gb']);
    expect(res.body.models.map((m: any) => m.product)).toEqual(
      expect.arrayContaining(['NVIDIA-A100-SXM4-80GB', 'NVIDIA-L4']),
    );
    expect(res.body.tenants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          tenant: 'nlp',
          owner: 'group:default/team-nlp',
          namespaces: ['nlp'],
          gpus: 2,
          pendingPods: 1,
          pendingGpus: 4,
        }),
        // demo namespaces no tenant binds are shown by namespace to admins
        expect.objectContaining({ namespaces: ['team-a'] }),
      ]),
    );
    expect(res.body.pending).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          namespace: 'nlp',
          name: 'huge',
          tenant: 'nlp',
          gpus: 4,
          product: 'NVIDIA-L4',
          reason: expect.stringMatching(/nvidia\.com\/gpu|nodes are available/),
        }),
      ]),
    );
    expect(res.body.pendingTotal).toBe(res.body.pending.length);
  });

  it('shows an ordinary user only their own tenants’ rows and totals, and no nodes', async () => {
    await ready();
    const res = await get('/clusters/demo/gpu', ben);
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('tenants');
    expect(res.body.nodes).toEqual([]);
    expect(res.body.tenants).toEqual([
      expect.objectContaining({ tenant: 'vision', gpus: 1, pods: 1 }),
    ]);
    expect(res.body.users).toEqual([
      expect.objectContaining({ owner: 'group:default/team-vision', gpus: 1 }),
    ]);
    expect(res.body.pending).toEqual([]);
    expect(res.body.totals).toMatchObject({ gpus: 1, pendingPods: 0 });
    expect(JSON.stringify(res.body)).not.toMatch(/nlp|team-a|gpu-a100-1/);

    const theirs = await get('/clusters/demo/gpu', cleo);
    expect(theirs.body.tenants.map((t: any) => t.tenant)).toEqual(['nlp']);
    expect(theirs.body.pending.map((p: any) => p.name)).toEqual(['huge']);

    const list = await get('/clusters', ben);
    const demo = list.body.items.find((c: any) => c.name === 'demo');
    expect(demo.gpu).toMatchObject({
      scope: 'tenants',
      gpus: { capacity: (await truth()).capacity },
      yours: { allocated: 1, pendingPods: 0, pendingGpus: 0 },
    });
  });

  it('follows pods as they change: a deleted pod leaves the report', async () => {
    await ready();
    await core.createNamespacedPod({
      namespace: 'vision',
      body: gpuPod('vision', 'burst', 2),
    });
    await until(
      () => get('/clusters/demo/gpu', ben),
      res => res.body.totals?.gpus === 3,
      'the new pod counted',
    );
    await core.deleteNamespacedPod({ namespace: 'vision', name: 'burst' });
    const after = await until(
      () => get('/clusters/demo/gpu', ben),
      res => res.body.totals?.gpus === 1,
      'the deleted pod gone',
    );
    expect(after.body.tenants).toEqual([
      expect.objectContaining({ tenant: 'vision', gpus: 1, pods: 1 }),
    ]);
  });

  it('answers 403, 404 and 400 as it should', async () => {
    expect((await get('/clusters/demo/gpu', mallory)).status).toBe(403);
    expect((await get('/clusters/demo/gpu/utilization', mallory)).status).toBe(
      403,
    );
    expect(
      (await get('/entity/component/default/vision-train/gpu', mallory)).status,
    ).toBe(403);
    expect((await get('/clusters/nowhere/gpu')).status).toBe(404);
    expect((await get('/clusters/nowhere/gpu/utilization')).status).toBe(404);
    expect((await get('/entity/component/default/nothing/gpu')).status).toBe(
      404,
    );
    expect(
      (await get('/clusters/demo/gpu/utilization?groupBy=node', ben)).status,
    ).toBe(403);
    const bad = await get('/clusters/demo/gpu/utilization?range=forever');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^range: "forever"/);
    const tooLong = await get('/clusters/demo/gpu/utilization?range=90d');
    expect(tooLong.status).toBe(400);
    const limit = await get('/clusters/demo/gpu?pendingLimit=0');
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toMatch(/^pendingLimit:/);
  });

  it('says utilization is not available without Prometheus, with the chosen step', async () => {
    const res = await get('/clusters/demo/gpu/utilization?range=6h', ben);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      cluster: 'demo',
      scope: 'tenants',
      range: '6h',
      stepSeconds: 300,
      utilization: { available: false },
      series: [],
    });
    expect(res.body.end - res.body.start).toBe(6 * 3600);
  });

  it('finds an entity’s pods by backstage.io/kubernetes-id, within the caller’s tenants', async () => {
    await ready();
    const res = await get('/entity/component/default/vision-train/gpu', ben);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/vision-train',
      selector: 'backstage.io/kubernetes-id=vision-train',
      clusters: [
        {
          cluster: 'demo',
          pods: [
            expect.objectContaining({
              namespace: 'vision',
              name: 'train-0',
              phase: 'Running',
              gpus: 1,
              node: expect.any(String),
            }),
          ],
          totals: expect.objectContaining({ gpus: 1, pods: 1 }),
        },
      ],
    });
    const other = await get('/entity/component/default/vision-train/gpu', cleo);
    expect(other.body.clusters).toEqual([]);
  });
});
