import { mockCredentials } from '@backstage/backend-test-utils';
import { AppsV1Api, KubeConfig, V1Deployment } from '@kubernetes/client-node';
import request from 'supertest';
import {
  OcdpTestBackend,
  startOcdpBackend,
} from '../__testUtils__/startOcdpBackend';
import { ADMIN } from '../__testUtils__/testPermissions';

jest.setTimeout(90_000);

const admin = { Authorization: mockCredentials.user.header(ADMIN) };
const ben = {
  Authorization: mockCredentials.user.header('user:default/ben'),
};
const cleo = {
  Authorization: mockCredentials.user.header('user:default/cleo'),
};

const modelServer = (gpus: number, extra: Record<string, unknown> = {}) => ({
  replicaCount: 1,
  model: { id: 'meta-llama/Llama-3.1-8B-Instruct', maxModelLen: 8192 },
  gpu: { resource: 'nvidia.com/gpu', count: gpus },
  resources: {
    requests: { cpu: '2', memory: '16Gi' },
    limits: { memory: '16Gi' },
  },
  ...extra,
});

function deployment(replicas: number, cpu: string): V1Deployment {
  return {
    metadata: {
      name: 'llm',
      labels: { 'app.kubernetes.io/instance': 'llm' },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'llm' } },
      template: {
        metadata: {
          labels: { app: 'llm', 'app.kubernetes.io/instance': 'llm' },
        },
        spec: {
          containers: [
            {
              name: 'vllm',
              image: 'vllm/vllm-openai',
              resources: {
                requests: { cpu, memory: '1Gi' },
                limits: { 'nvidia.com/gpu': '1', memory: '1Gi' },
              },
            },
          ],
        },
      },
    },
  };
}

describe('POST /api/ocdp/precheck against the Kubernetes simulator', () => {
  let backend: OcdpTestBackend;

  beforeAll(async () => {
    backend = await startOcdpBackend({
      ocdpConfig: {
        tenants: { personalTenants: false, clusterTimeoutMs: 2000 },
      },
    });
    const res = await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send({
        name: 'vision',
        owner: 'group:default/team-vision',
        bindings: [
          {
            cluster: 'demo',
            quota: {
              'requests.cpu': '32',
              'requests.memory': '128Gi',
              'requests.nvidia.com/gpu': 3,
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

  const precheck = (body: object, as = ben) =>
    request(backend.server).post('/api/ocdp/precheck').set(as).send(body);

  it('lets a member through when the release fits, and refuses more GPUs than the quota names', async () => {
    const fits = await precheck({
      tenant: 'vision',
      cluster: 'demo',
      values: modelServer(1),
    });
    expect(fits.status).toBe(200);
    expect(fits.body).toMatchObject({
      ok: true,
      operation: 'install',
      namespace: 'vision',
      reasons: [],
      capacity: { ok: true, pods: 1 },
    });
    expect(fits.body.checks).toContainEqual(
      expect.objectContaining({
        quota: 'ocdp-quota',
        key: 'requests.nvidia.com/gpu',
        requested: '1',
        hard: '3',
        ok: true,
        source: 'live',
      }),
    );

    const tooMany = await precheck({
      tenant: 'vision',
      cluster: 'demo',
      values: modelServer(4),
    });
    expect(tooMany.body.ok).toBe(false);
    expect(tooMany.body.reasons).toContain(
      'requests.nvidia.com/gpu: needs 4, 3 of 3 free in quota ocdp-quota',
    );
  });

  it('estimates whether the model fits the GPU memory', async () => {
    const res = await precheck({
      tenant: 'vision',
      cluster: 'demo',
      values: modelServer(1, {
        gpu: { count: 1, product: 'NVIDIA-A100-SXM4-80GB' },
      }),
    });
    expect(res.body.modelFit).toMatchObject({ fits: true });
    expect(res.body.modelFit.weightsGiB).toBeGreaterThan(14);
  });

  it('refuses an upgrade that fits only without surge, with the rollout sentence', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(backend.sims.demo.kubeConfig());
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'vision',
      body: deployment(3, '1'),
    });
    await backend.sims.demo.settle();
    const manifests = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: llm }
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai
          resources:
            requests: { cpu: "2", memory: 1Gi }
            limits: { nvidia.com/gpu: 1, memory: 1Gi }
`;
    const upgrade = await precheck({
      tenant: 'vision',
      cluster: 'demo',
      operation: 'upgrade',
      release: 'llm',
      manifests,
    });
    expect(upgrade.status).toBe(200);
    expect(upgrade.body.ok).toBe(false);
    expect(upgrade.body.reasons).toContain(
      'the rollout needs 1 GPU more at its peak: 3 running + 1 surge, quota 3 (requests.nvidia.com/gpu, quota ocdp-quota)',
    );
    const scale = await precheck({
      tenant: 'vision',
      cluster: 'demo',
      operation: 'scale',
      release: 'llm',
      replicas: 2,
    });
    expect(scale.body).toMatchObject({ ok: true, capacity: { pods: 0 } });
    await apps.deleteNamespacedDeployment({ name: 'llm', namespace: 'vision' });
    await backend.sims.demo.settle();
  });

  it('tells a non-member nothing, an admin that the tenant does not exist', async () => {
    const other = await precheck(
      { tenant: 'vision', cluster: 'demo', values: modelServer(1) },
      cleo,
    );
    expect(other.status).toBe(403);
    const unknownForMember = await precheck(
      { tenant: 'nope', cluster: 'demo', values: modelServer(1) },
      cleo,
    );
    expect(unknownForMember.status).toBe(403);
    expect(unknownForMember.body.error.message).toBe(
      other.body.error.message.replace('vision', 'nope'),
    );
    const unknownForAdmin = await precheck(
      { tenant: 'nope', cluster: 'demo', values: modelServer(1) },
      admin,
    );
    expect(unknownForAdmin.status).toBe(404);
  });

  it('answers 400 naming the field for malformed requests', async () => {
    const both = await precheck({
      tenant: 'vision',
      cluster: 'demo',
      values: modelServer(1),
      manifests: 'kind: Pod',
    });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(
      /^values, manifests: give exactly one/,
    );
    const badGpu = await precheck({
      tenant: 'vision',
      cluster: 'demo',
      values: modelServer(1, { gpu: { count: 'two' } }),
    });
    expect(badGpu.status).toBe(400);
    const noRelease = await precheck({
      tenant: 'vision',
      cluster: 'demo',
      operation: 'upgrade',
      values: modelServer(1),
    });
    expect(noRelease.body.error.message).toMatch(/^release: is required/);
  });

  it('answers 503 when the cluster cannot be read, never ok', async () => {
    backend.sims.demo.setFaults({ refuseConnections: true });
    try {
      const res = await precheck({
        tenant: 'vision',
        cluster: 'demo',
        values: modelServer(1),
      });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        /^cluster "demo" cannot be checked now: API server unreachable/,
      );
    } finally {
      backend.sims.demo.setFaults({});
    }
  });

  it("reports pods the namespace's Pod Security level would refuse, and what it would warn of", async () => {
    const manifests = (securityContext: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: tools }
spec:
  template:
    spec:
      containers:
        - name: debug
          image: busybox
          securityContext: ${securityContext}
          resources:
            requests: { cpu: 100m, memory: 64Mi }
`;
    const refused = await precheck({
      tenant: 'vision',
      cluster: 'demo',
      manifests: manifests('{ privileged: true }'),
    });
    expect(refused.body.ok).toBe(false);
    expect(refused.body.reasons).toContain(
      'Deployment/tools: the namespace refuses its pods: violates PodSecurity "baseline:latest": privileged (container "debug" must not set securityContext.privileged=true)',
    );
    const warned = await precheck({
      tenant: 'vision',
      cluster: 'demo',
      manifests: manifests('{ runAsUser: 1000 }'),
    });
    expect(warned.body.ok).toBe(true);
    expect(warned.body.warnings.join(' ')).toContain(
      'Deployment/tools: would warn: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false',
    );
  });
});
