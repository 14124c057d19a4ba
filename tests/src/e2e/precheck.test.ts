import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  V1Deployment,
  V1DeploymentStrategy,
} from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '@ocdp/kube-sim';
import {
  guestToken,
  RunningPortal,
  startPortal,
  waitForCatalogEntity,
} from './portal';

jest.setTimeout(400_000);

const RELEASE = 'llm';

/** A model-server chart's values asking for `gpus` GPUs in one replica. */
const modelServer = (gpus: number) => ({
  replicaCount: 1,
  model: { id: 'meta-llama/Llama-3.1-8B-Instruct', maxModelLen: 8192 },
  gpu: { resource: 'nvidia.com/gpu', count: gpus },
  resources: {
    requests: { cpu: '1', memory: '4Gi' },
    limits: { memory: '4Gi' },
  },
});

/** The release's Deployment; the upgrade sends it as rendered manifests (JSON is YAML). */
function deployment(
  cpu: string,
  strategy?: V1DeploymentStrategy,
): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: RELEASE,
      labels: { 'app.kubernetes.io/instance': RELEASE },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: RELEASE } },
      ...(strategy ? { strategy } : {}),
      template: {
        metadata: {
          labels: { app: RELEASE, 'app.kubernetes.io/instance': RELEASE },
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

/**
 * The pre-flight against the running portal, over plain HTTP as the signed-in user. The demo
 * signs in as one user per start (OCDP_DEMO_USER); this portal runs as ben, an ordinary member
 * of team-vision. His personal tenant u-ben gets the configured default quota of 1 GPU on each
 * cluster, and team-b (owned by team-nlp) is a tenant he is not a member of.
 */
describe('the pre-flight check in the running portal', () => {
  let demo: KubeSim;
  let lab: KubeSim;
  let portal: RunningPortal;
  let token: string;
  let namespace: string;

  beforeAll(async () => {
    demo = await startKubeSim({ port: 0, scenario: 'demo' });
    lab = await startKubeSim({ port: 0, scenario: 'demo' });
    portal = await startPortal({
      demoClusterPort: demo.port,
      labClusterPort: lab.port,
      env: { OCDP_DEMO_USER: 'ben' },
    });
    try {
      // ben's group membership (his ownership claims) comes from the catalog
      await waitForCatalogEntity(portal.baseUrl, { kind: 'user', name: 'ben' });
      await waitForCatalogEntity(portal.baseUrl, {
        kind: 'group',
        name: 'team-vision',
      });
      token = await guestToken(portal.baseUrl);
    } catch (error) {
      throw new Error(
        `${error}\nportal output:\n${portal.logs().slice(-8000)}`,
      );
    }
    // listing his tenants creates ben's personal tenant, synced to both clusters, with the
    // configured default quota: 1 GPU
    await api('GET', '/tenants');
    const tenant = await api('GET', '/tenants/u-ben');
    const binding = tenant.body?.bindings?.find(
      (b: { cluster: string }) => b.cluster === 'demo',
    );
    if (
      binding?.syncStatus !== 'synced' ||
      binding.quota['requests.nvidia.com/gpu'] !== '1'
    ) {
      throw new Error(
        `expected ben's personal tenant synced with a 1-GPU quota on demo, got ${
          tenant.status
        } ${JSON.stringify(tenant.body)}`,
      );
    }
    namespace = binding.namespace;
  });

  afterAll(async () => {
    await portal?.stop();
    await demo?.close();
    await lab?.close();
  });

  async function api(method: string, path: string, body?: object) {
    const res = await fetch(`${portal.baseUrl}/api/ocdp${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  const precheck = (body: object) => api('POST', '/precheck', body);

  it('refuses 2 GPUs on a 1-GPU quota naming requests.nvidia.com/gpu, and lets 1 GPU through', async () => {
    const tooMany = await precheck({
      tenant: 'u-ben',
      cluster: 'demo',
      values: modelServer(2),
    });
    expect(tooMany.status).toBe(200);
    expect(tooMany.body.ok).toBe(false);
    expect(tooMany.body.reasons).toContain(
      'requests.nvidia.com/gpu: needs 2, 1 of 1 free in quota ocdp-quota',
    );
    expect(tooMany.body.checks).toContainEqual(
      expect.objectContaining({
        quota: 'ocdp-quota',
        key: 'requests.nvidia.com/gpu',
        requested: '2',
        hard: '1',
        ok: false,
        source: 'live',
      }),
    );

    const within = await precheck({
      tenant: 'u-ben',
      cluster: 'demo',
      values: modelServer(1),
    });
    expect(within.status).toBe(200);
    expect(within.body).toMatchObject({
      ok: true,
      operation: 'install',
      tenant: 'u-ben',
      namespace,
      reasons: [],
      capacity: { ok: true, pods: 1 },
    });
  });

  it('refuses an upgrade that fits only without surge with the rollout sentence, and passes it with maxSurge 0', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(demo.kubeConfig());
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    // the running release: one replica holding the quota's only GPU
    await apps.createNamespacedDeployment({
      namespace,
      body: deployment('1'),
    });
    await demo.settle();
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: `app.kubernetes.io/instance=${RELEASE}`,
    });
    expect(pods.items.map(p => p.status?.phase)).toEqual(['Running']);

    const upgrade = await precheck({
      tenant: 'u-ben',
      cluster: 'demo',
      operation: 'upgrade',
      release: RELEASE,
      manifests: JSON.stringify(deployment('2')),
    });
    expect(upgrade.status).toBe(200);
    expect(upgrade.body.ok).toBe(false);
    expect(upgrade.body.reasons).toContain(
      'the rollout needs 1 GPU more at its peak: 1 running + 1 surge, quota 1 (requests.nvidia.com/gpu, quota ocdp-quota)',
    );
    expect(upgrade.body.reasons).toContainEqual(
      expect.stringMatching(/maxSurge: 0 and maxUnavailable: 1/),
    );
    expect(upgrade.body.checks).toContainEqual(
      expect.objectContaining({
        quota: 'ocdp-quota',
        key: 'requests.nvidia.com/gpu',
        phase: 'peak',
        used: '1',
        hard: '1',
        ok: false,
      }),
    );

    // the suggested strategy fits
    const withoutSurge = await precheck({
      tenant: 'u-ben',
      cluster: 'demo',
      operation: 'upgrade',
      release: RELEASE,
      manifests: JSON.stringify(
        deployment('2', {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
        }),
      ),
    });
    expect(withoutSurge.status).toBe(200);
    expect(withoutSurge.body).toMatchObject({ ok: true, reasons: [] });
  });

  it('answers 403 to a user who is not a member of the tenant', async () => {
    const other = await precheck({
      tenant: 'team-b',
      cluster: 'demo',
      values: modelServer(1),
    });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe(
      'you may not check deployments of tenant "team-b"',
    );
    // a tenant that does not exist looks the same to him
    const unknown = await precheck({
      tenant: 'no-such-team',
      cluster: 'demo',
      values: modelServer(1),
    });
    expect(unknown.status).toBe(403);
    // and a tenant he is a member of through his team is checked
    const member = await precheck({
      tenant: 'team-a',
      cluster: 'demo',
      values: modelServer(1),
    });
    expect(member.status).toBe(200);
    expect(member.body.tenant).toBe('team-a');
  });
});
