import { startKubeSim, KubeSim } from './sim';
import { clientsFor } from './__testutils__/clients';

describe('demo scenario', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startKubeSim({ scenario: 'demo' });
    await sim.settle();
    c = clientsFor(sim);
  });
  afterAll(() => sim.close());

  it('has CPU and GPU nodes with GPU Feature Discovery labels', async () => {
    const nodes = await c.core.listNode();
    expect(nodes.items).toHaveLength(8);
    const products = new Set(
      nodes.items
        .map(n => n.metadata?.labels?.['nvidia.com/gpu.product'])
        .filter(Boolean),
    );
    expect([...products].sort()).toEqual([
      'NVIDIA-A100-SXM4-80GB',
      'NVIDIA-L4',
    ]);
    const mig = nodes.items.find(
      n => n.status?.allocatable?.['nvidia.com/mig-1g.10gb'],
    );
    expect(mig?.metadata?.name).toBe('gpu-a100-mig-1');
    for (const n of nodes.items.filter(
      x => x.metadata?.labels?.['nvidia.com/gpu.product'],
    )) {
      expect(n.metadata?.labels).toEqual(
        expect.objectContaining({
          'nvidia.com/gpu.memory': expect.any(String),
          'nvidia.com/gpu.count': expect.any(String),
          'nvidia.com/gpu.sharing-strategy': expect.any(String),
        }),
      );
    }
  });

  it('runs the workloads and leaves the over-subscribed L4 pod Pending', async () => {
    const pods = await c.core.listPodForAllNamespaces();
    const byPhase = (phase: string) =>
      pods.items
        .filter(p => p.status?.phase === phase)
        .map(p => `${p.metadata?.namespace}/${p.metadata?.name}`);
    expect(byPhase('Pending')).toEqual(['team-b/finetune-l4']);
    expect(byPhase('Running').length).toBeGreaterThanOrEqual(10);
    const llama = pods.items.find(p =>
      p.metadata?.name?.startsWith('llama-3-8b-'),
    );
    expect(llama?.spec?.nodeName).toMatch(/^gpu-a100-/);
    const events = await c.core.listNamespacedEvent({
      namespace: 'team-b',
      fieldSelector: 'reason=FailedScheduling',
    });
    expect(events.items).toHaveLength(1);
    expect(events.items[0].message).toMatch(
      /^0\/8 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 2 Insufficient nvidia.com\/gpu, 5 node\(s\) didn't match Pod's node affinity\/selector\./,
    );
  });

  it('reports quota usage like the quota controller', async () => {
    const q = await c.core.readNamespacedResourceQuota({
      name: 'ocdp-quota',
      namespace: 'team-b',
    });
    expect(q.status?.hard?.['requests.nvidia.com/gpu']).toBe('6');
    expect(q.status?.used?.['requests.nvidia.com/gpu']).toBe('6');
    expect(q.status?.used?.['requests.nvidia.com/mig-1g.10gb']).toBe('1');
    const a = await c.core.readNamespacedResourceQuota({
      name: 'ocdp-quota',
      namespace: 'team-a',
    });
    expect(a.status?.used?.['requests.storage']).toBe('20Gi');
    expect(a.status?.used?.['count/helmreleases.helm.toolkit.fluxcd.io']).toBe(
      '1',
    );
    expect(a.status?.used?.['requests.nvidia.com/gpu']).toBe('6');
  });

  it('installs the llama-3-8b HelmRelease through the simulated helm-controller', async () => {
    const hr: any = await c.custom.getNamespacedCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      plural: 'helmreleases',
      namespace: 'team-a',
      name: 'llama-3-8b',
    });
    expect(hr.status.conditions[0]).toMatchObject({
      type: 'Ready',
      status: 'True',
      reason: 'InstallSucceeded',
    });
    const d = await c.apps.readNamespacedDeployment({
      name: 'llama-3-8b',
      namespace: 'team-a',
    });
    expect(d.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'Helm',
      'helm.sh/chart': 'model-server-0.1.0',
      'backstage.io/kubernetes-id': 'llama-3-8b',
    });
    const pods = await c.core.listNamespacedPod({
      namespace: 'team-a',
      labelSelector: 'backstage.io/kubernetes-id=llama-3-8b',
    });
    expect(pods.items.map(p => p.status?.phase)).toEqual(['Running']);
  });

  it('runs the workloads of the example component vision-inference, found by its kubernetes-id', async () => {
    const selector = 'backstage.io/kubernetes-id=vision-inference';
    const pods = await c.core.listPodForAllNamespaces({
      labelSelector: selector,
    });
    expect(pods.items.map(p => p.status?.phase)).toEqual([
      'Running',
      'Running',
    ]);
    expect(pods.items[0].metadata?.namespace).toBe('team-a');
    const deployments = await c.apps.listDeploymentForAllNamespaces({
      labelSelector: selector,
    });
    expect(deployments.items.map(x => x.status?.availableReplicas)).toEqual([
      2,
    ]);
    const services = await c.core.listServiceForAllNamespaces({
      labelSelector: selector,
    });
    expect(services.items.map(x => x.metadata?.name)).toEqual([
      'vision-inference',
    ]);
    const hpas = await (
      await fetch(
        `${
          sim.url
        }/apis/autoscaling/v2/horizontalpodautoscalers?labelSelector=${encodeURIComponent(
          selector,
        )}`,
      )
    ).json();
    expect(hpas.items).toHaveLength(1);
  });

  it('serves DCGM metrics for GPUs allocated to pods', async () => {
    const text = await (await fetch(`${sim.url}/metrics`)).text();
    expect(text).toMatch(
      /^DCGM_FI_DEV_GPU_UTIL\{gpu="0",UUID="GPU-[0-9a-f-]+",device="nvidia0",modelName="NVIDIA A100-SXM4-80GB",Hostname="gpu-a100-1",container="vllm",namespace="team-a",pod="llama-3-8b-[a-z0-9-]+"\} \d+$/m,
    );
    expect(text).toContain('# TYPE DCGM_FI_DEV_FB_FREE gauge');
  });
});
