import { startKubeSim, KubeSim } from './sim';
import {
  clientsFor,
  expectApiError,
  pod,
  cpuNode,
  gpuNode,
} from './__testutils__/clients';

describe('ResourceQuota and LimitRange admission', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
    await c.core.createNode({
      body: gpuNode('gpu-1', 'NVIDIA-A100-SXM4-80GB', 8, 81920) as any,
    });
    await c.core.createNode({ body: cpuNode('cpu-1', '64', '256Gi') as any });
  });
  afterAll(() => sim.close());

  it('accepts pods exactly up to the GPU quota and rejects one over with the real message', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'gpu-quota' } } });
    await c.core.createNamespacedResourceQuota({
      namespace: 'gpu-quota',
      body: {
        metadata: { name: 'gpus' },
        spec: { hard: { 'requests.nvidia.com/gpu': '4', pods: '10' } },
      },
    });
    const gpus = (n: number) => ({
      requests: { 'nvidia.com/gpu': String(n) },
      limits: { 'nvidia.com/gpu': String(n) },
    });
    await c.core.createNamespacedPod({
      namespace: 'gpu-quota',
      body: pod('a', gpus(1)) as any,
    });
    await c.core.createNamespacedPod({
      namespace: 'gpu-quota',
      body: pod('b', gpus(2)) as any,
    });
    const over = await expectApiError(() =>
      c.core.createNamespacedPod({
        namespace: 'gpu-quota',
        body: pod('c', gpus(2)) as any,
      }),
    );
    expect(over.code).toBe(403);
    expect(over.status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
    });
    expect(over.status.message).toBe(
      'pods "c" is forbidden: exceeded quota: gpus, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=3, limited: requests.nvidia.com/gpu=4',
    );
    // exactly at the limit is fine
    await c.core.createNamespacedPod({
      namespace: 'gpu-quota',
      body: pod('d', gpus(1)) as any,
    });
    const q = await c.core.readNamespacedResourceQuota({
      name: 'gpus',
      namespace: 'gpu-quota',
    });
    expect(q.status?.hard).toEqual({
      'requests.nvidia.com/gpu': '4',
      pods: '10',
    });
    expect(q.status?.used).toEqual({
      'requests.nvidia.com/gpu': '4',
      pods: '3',
    });
    const one = await expectApiError(() =>
      c.core.createNamespacedPod({
        namespace: 'gpu-quota',
        body: pod('e', gpus(1)) as any,
      }),
    );
    expect(one.status.message).toContain(
      'exceeded quota: gpus, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=4, limited: requests.nvidia.com/gpu=4',
    );

    // deleting a pod frees quota; terminal pods do not count
    await c.core.deleteNamespacedPod({ name: 'a', namespace: 'gpu-quota' });
    await c.core.createNamespacedPod({
      namespace: 'gpu-quota',
      body: pod('e', gpus(1)) as any,
    });
    await c.core.replaceNamespacedPodStatus({
      name: 'e',
      namespace: 'gpu-quota',
      body: {
        ...(await c.core.readNamespacedPod({
          name: 'e',
          namespace: 'gpu-quota',
        })),
        status: { phase: 'Succeeded' },
      },
    });
    const after = await c.core.readNamespacedResourceQuota({
      name: 'gpus',
      namespace: 'gpu-quota',
    });
    expect(after.status?.used).toEqual({
      'requests.nvidia.com/gpu': '3',
      pods: '2',
    });
  });

  it('recomputes status when a hard key is removed while pods use it', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'shrink' } } });
    await c.core.createNamespacedResourceQuota({
      namespace: 'shrink',
      body: {
        metadata: { name: 'q' },
        spec: { hard: { 'limits.cpu': '8', pods: '5' } },
      },
    });
    await c.core.createNamespacedPod({
      namespace: 'shrink',
      body: pod('p', { requests: { cpu: '1' }, limits: { cpu: '2' } }) as any,
    });
    await c.core.patchNamespacedResourceQuota({
      name: 'q',
      namespace: 'shrink',
      body: [{ op: 'remove', path: '/spec/hard/limits.cpu' }],
    });
    const q = await c.core.readNamespacedResourceQuota({
      name: 'q',
      namespace: 'shrink',
    });
    expect(q.status).toEqual({ hard: { pods: '5' }, used: { pods: '1' } });
  });

  it('checks several resources and reports only the exceeded ones, sorted', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'multi' } } });
    await c.core.createNamespacedResourceQuota({
      namespace: 'multi',
      body: {
        metadata: { name: 'compute' },
        spec: {
          hard: {
            'requests.cpu': '2',
            'requests.memory': '4Gi',
            'limits.memory': '4Gi',
          },
        },
      },
    });
    await c.core.createNamespacedPod({
      namespace: 'multi',
      body: pod('p1', {
        requests: { cpu: '1500m', memory: '3Gi' },
        limits: { memory: '3Gi' },
      }) as any,
    });
    const err = await expectApiError(() =>
      c.core.createNamespacedPod({
        namespace: 'multi',
        body: pod('p2', {
          requests: { cpu: '1', memory: '512Mi' },
          limits: { memory: '2Gi' },
        }) as any,
      }),
    );
    expect(err.status.message).toBe(
      'pods "p2" is forbidden: exceeded quota: compute, requested: limits.memory=2Gi,requests.cpu=1, used: limits.memory=3Gi,requests.cpu=1500m, limited: limits.memory=4Gi,requests.cpu=2',
    );
  });

  it('requires requests when a quota tracks cpu/memory, and LimitRange defaults satisfy it', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'lr' } } });
    await c.core.createNamespacedResourceQuota({
      namespace: 'lr',
      body: {
        metadata: { name: 'cpu-quota' },
        spec: { hard: { 'requests.cpu': '1', 'limits.cpu': '2' } },
      },
    });
    const missing = await expectApiError(() =>
      c.core.createNamespacedPod({ namespace: 'lr', body: pod('bare') as any }),
    );
    expect(missing.code).toBe(403);
    expect(missing.status.message).toBe(
      'pods "bare" is forbidden: failed quota: cpu-quota: must specify limits.cpu,requests.cpu',
    );

    await c.core.createNamespacedLimitRange({
      namespace: 'lr',
      body: {
        metadata: { name: 'defaults' },
        spec: {
          limits: [
            {
              type: 'Container',
              _default: { cpu: '500m' },
              defaultRequest: { cpu: '250m' },
            },
          ],
        },
      }, // client-node names it _default
    });
    const created = await c.core.createNamespacedPod({
      namespace: 'lr',
      body: pod('bare') as any,
    });
    expect(created.spec?.containers[0].resources).toEqual({
      requests: { cpu: '250m' },
      limits: { cpu: '500m' },
    });
    expect(
      created.metadata?.annotations?.['kubernetes.io/limit-ranger'],
    ).toContain('cpu request for container main');
    for (const name of ['d2', 'd3', 'd4']) {
      await c.core.createNamespacedPod({
        namespace: 'lr',
        body: pod(name) as any,
      });
    }
    const q = await c.core.readNamespacedResourceQuota({
      name: 'cpu-quota',
      namespace: 'lr',
    });
    expect(q.status?.used).toEqual({ 'limits.cpu': '2', 'requests.cpu': '1' });
    const over = await expectApiError(() =>
      c.core.createNamespacedPod({ namespace: 'lr', body: pod('d5') as any }),
    );
    expect(over.status.message).toBe(
      'pods "d5" is forbidden: exceeded quota: cpu-quota, requested: limits.cpu=500m,requests.cpu=250m, used: limits.cpu=2,requests.cpu=1, limited: limits.cpu=2,requests.cpu=1',
    );
  });

  it('enforces LimitRange max', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'lrmax' } } });
    await c.core.createNamespacedLimitRange({
      namespace: 'lrmax',
      body: {
        metadata: { name: 'max' },
        spec: { limits: [{ type: 'Container', max: { cpu: '2' } }] },
      },
    });
    const err = await expectApiError(() =>
      c.core.createNamespacedPod({
        namespace: 'lrmax',
        body: pod('big', { limits: { cpu: '4' } }) as any,
      }),
    );
    expect(err.status.message).toBe(
      'pods "big" is forbidden: maximum cpu usage per Container is 2, but limit is 4',
    );
  });

  it('counts PVC storage, services and count/<resource> and honours scopes', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'objs' } } });
    await c.core.createNamespacedResourceQuota({
      namespace: 'objs',
      body: {
        metadata: { name: 'objects' },
        spec: {
          hard: {
            'requests.storage': '10Gi',
            persistentvolumeclaims: '2',
            'services.loadbalancers': '1',
            'count/deployments.apps': '1',
          },
        },
      },
    });
    await c.core.createNamespacedResourceQuota({
      namespace: 'objs',
      body: {
        metadata: { name: 'best-effort' },
        spec: { hard: { pods: '1' }, scopes: ['BestEffort'] },
      },
    });
    const pvc = (name: string, size: string) => ({
      metadata: { name },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: size } },
      },
    });
    await c.core.createNamespacedPersistentVolumeClaim({
      namespace: 'objs',
      body: pvc('a', '6Gi'),
    });
    const tooBig = await expectApiError(() =>
      c.core.createNamespacedPersistentVolumeClaim({
        namespace: 'objs',
        body: pvc('b', '5Gi'),
      }),
    );
    expect(tooBig.status.message).toBe(
      'persistentvolumeclaims "b" is forbidden: exceeded quota: objects, requested: requests.storage=5Gi, used: requests.storage=6Gi, limited: requests.storage=10Gi',
    );
    await c.core.createNamespacedPersistentVolumeClaim({
      namespace: 'objs',
      body: pvc('b', '4Gi'),
    });

    await c.core.createNamespacedService({
      namespace: 'objs',
      body: {
        metadata: { name: 'lb1' },
        spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
      },
    });
    const lb = await expectApiError(() =>
      c.core.createNamespacedService({
        namespace: 'objs',
        body: {
          metadata: { name: 'lb2' },
          spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
        },
      }),
    );
    expect(lb.status.message).toContain(
      'exceeded quota: objects, requested: services.loadbalancers=1',
    );
    await c.core.createNamespacedService({
      namespace: 'objs',
      body: { metadata: { name: 'cip' }, spec: { ports: [{ port: 80 }] } },
    });

    const deploy = (name: string) => ({
      metadata: { name },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'c', image: 'x' }] },
        },
      },
    });
    await c.apps.createNamespacedDeployment({
      namespace: 'objs',
      body: deploy('d1'),
    });
    const d2 = await expectApiError(() =>
      c.apps.createNamespacedDeployment({
        namespace: 'objs',
        body: deploy('d2'),
      }),
    );
    expect(d2.status.message).toBe(
      'deployments.apps "d2" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );

    // BestEffort scope: only pods without cpu/memory requests count
    await c.core.createNamespacedPod({
      namespace: 'objs',
      body: pod('be1') as any,
    });
    await c.core.createNamespacedPod({
      namespace: 'objs',
      body: pod('burst', { requests: { cpu: '100m' } }) as any,
    });
    const be2 = await expectApiError(() =>
      c.core.createNamespacedPod({
        namespace: 'objs',
        body: pod('be2') as any,
      }),
    );
    expect(be2.status.message).toContain(
      'exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });
});
