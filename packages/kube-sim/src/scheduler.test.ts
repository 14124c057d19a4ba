import { startKubeSim, KubeSim } from './sim';
import { clientsFor, pod, cpuNode, gpuNode } from './__testutils__/clients';

describe('scheduler and simulated kubelet', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;
  const gpus = (n: number) => ({
    requests: { cpu: '1', 'nvidia.com/gpu': String(n) },
    limits: { 'nvidia.com/gpu': String(n) },
  });

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
    await c.core.createNode({ body: cpuNode('cpu-1') as any });
    await c.core.createNode({
      body: gpuNode('gpu-a100', 'NVIDIA-A100-SXM4-80GB', 8, 81920) as any,
    });
    await c.core.createNode({
      body: gpuNode('gpu-l4', 'NVIDIA-L4', 4, 23034) as any,
    });
    const tainted = gpuNode(
      'gpu-h100',
      'NVIDIA-H100-80GB-HBM3',
      8,
      81559,
    ) as any;
    tainted.spec = {
      taints: [{ key: 'dedicated', value: 'research', effect: 'NoSchedule' }],
    };
    await c.core.createNode({ body: tainted });
    await c.core.createNamespace({ body: { metadata: { name: 's' } } });
  });
  afterAll(() => sim.close());

  it('binds a GPU pod to a node of the requested GPU model and runs it', async () => {
    await c.core.createNamespacedPod({
      namespace: 's',
      body: pod('l4-job', gpus(2), {
        nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
      }) as any,
    });
    await sim.settle();
    const p = await c.core.readNamespacedPod({
      name: 'l4-job',
      namespace: 's',
    });
    expect(p.spec?.nodeName).toBe('gpu-l4');
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.podIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(p.status?.conditions?.find(x => x.type === 'Ready')?.status).toBe(
      'True',
    );
    expect(p.status?.containerStatuses?.[0]).toMatchObject({
      name: 'main',
      ready: true,
    });
    const listed = await c.core.listPodForAllNamespaces({
      fieldSelector: 'spec.nodeName=gpu-l4,status.phase=Running',
    });
    expect(listed.items.map(x => x.metadata?.name)).toEqual(['l4-job']);
  });

  it('leaves a pod Pending with FailedScheduling when no GPU fits, and retries when capacity frees up', async () => {
    await c.core.createNamespacedPod({
      namespace: 's',
      body: pod('l4-big', gpus(3), {
        nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
      }) as any,
    });
    await sim.settle();
    const p = await c.core.readNamespacedPod({
      name: 'l4-big',
      namespace: 's',
    });
    expect(p.status?.phase).toBe('Pending');
    expect(p.spec?.nodeName).toBeUndefined();
    const cond = p.status?.conditions?.find(x => x.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    const expected =
      "0/4 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) had untolerated taint {dedicated: research}, 2 node(s) didn't match Pod's node affinity/selector.";
    expect(cond?.message?.startsWith(expected)).toBe(true);
    const events = await c.core.listNamespacedEvent({
      namespace: 's',
      fieldSelector: 'involvedObject.name=l4-big,reason=FailedScheduling',
    });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      type: 'Warning',
      source: { component: 'default-scheduler' },
    });
    expect(events.items[0].message?.startsWith(expected)).toBe(true);
    const pending = await c.core.listPodForAllNamespaces({
      fieldSelector: 'spec.nodeName=',
    });
    expect(pending.items.map(x => x.metadata?.name)).toEqual(['l4-big']);

    await c.core.deleteNamespacedPod({ name: 'l4-job', namespace: 's' });
    await sim.settle();
    const again = await c.core.readNamespacedPod({
      name: 'l4-big',
      namespace: 's',
    });
    expect(again.spec?.nodeName).toBe('gpu-l4');
    expect(again.status?.phase).toBe('Running');
  });

  it('honours NoSchedule taints unless tolerated, and pod count / cpu capacity', async () => {
    const sel = {
      nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' },
    };
    await c.core.createNamespacedPod({
      namespace: 's',
      body: pod('h100-no-tol', gpus(1), sel) as any,
    });
    await c.core.createNamespacedPod({
      namespace: 's',
      body: pod('h100-tol', gpus(1), {
        ...sel,
        tolerations: [
          {
            key: 'dedicated',
            operator: 'Equal',
            value: 'research',
            effect: 'NoSchedule',
          },
        ],
      }) as any,
    });
    await sim.settle();
    expect(
      (await c.core.readNamespacedPod({ name: 'h100-no-tol', namespace: 's' }))
        .spec?.nodeName,
    ).toBeUndefined();
    expect(
      (await c.core.readNamespacedPod({ name: 'h100-tol', namespace: 's' }))
        .spec?.nodeName,
    ).toBe('gpu-h100');

    await c.core.createNamespacedPod({
      namespace: 's',
      body: pod('huge-cpu', { requests: { cpu: '100' } }) as any,
    });
    await sim.settle();
    const huge = await c.core.readNamespacedPod({
      name: 'huge-cpu',
      namespace: 's',
    });
    expect(
      huge.status?.conditions?.find(x => x.type === 'PodScheduled')?.message,
    ).toMatch(
      /^0\/4 nodes are available: 1 node\(s\) had untolerated taint \{dedicated: research\}, 3 Insufficient cpu\./,
    );
  });

  it('schedules MIG slices as extended resources', async () => {
    const mig = cpuNode('mig-node') as any;
    mig.status.capacity['nvidia.com/mig-1g.10gb'] = '2';
    await c.core.createNode({ body: mig });
    const res = {
      requests: { 'nvidia.com/mig-1g.10gb': '1' },
      limits: { 'nvidia.com/mig-1g.10gb': '1' },
    };
    for (const n of ['m1', 'm2', 'm3'])
      await c.core.createNamespacedPod({
        namespace: 's',
        body: pod(n, res) as any,
      });
    await sim.settle();
    const nodes = await Promise.all(
      ['m1', 'm2', 'm3'].map(
        async n =>
          (
            await c.core.readNamespacedPod({ name: n, namespace: 's' })
          ).spec?.nodeName,
      ),
    );
    expect(nodes).toEqual(['mig-node', 'mig-node', undefined]);
  });
});
