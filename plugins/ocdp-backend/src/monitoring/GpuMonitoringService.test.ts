import { mockServices } from '@backstage/backend-test-utils';
import { V1Node, V1Pod } from '@kubernetes/client-node';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { ClusterState } from '../clusters/cache/ClusterState';
import { stripNode, stripPod } from '../clusters/cache/strip';
import { ClusterGpuAggregates } from './ClusterGpuAggregates';
import { DcgmReader, GpuSample } from './DcgmReader';
import { GpuMonitoringService } from './GpuMonitoringService';
import { MonitoringScope } from './scope';
import { TenantDirectory } from './TenantDirectory';

const node = (name: string, gpus: number): V1Node => ({
  metadata: {
    name,
    labels: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
  },
  status: {
    capacity: { 'nvidia.com/gpu': String(gpus) },
    allocatable: { 'nvidia.com/gpu': String(gpus) },
  },
});

const pod = (
  namespace: string,
  name: string,
  gpus: number,
  nodeName?: string,
  release?: string,
): V1Pod => ({
  metadata: {
    namespace,
    name,
    labels: release ? { 'app.kubernetes.io/instance': release } : {},
  },
  spec: {
    ...(nodeName ? { nodeName } : {}),
    containers: [
      { name: 'c', resources: { limits: { 'nvidia.com/gpu': String(gpus) } } },
    ],
  },
  status: { phase: nodeName ? 'Running' : 'Pending' },
});

const sample = (
  nodeName: string,
  gpu: string,
  util: number,
  workload?: { namespace: string; pod: string },
): GpuSample => ({
  node: nodeName,
  gpu,
  ...workload,
  values: { gpuUtilPercent: util, memoryUsedMiB: 1000, memoryFreeMiB: 500 },
  windowUtilPercent: util,
});

function setup(options: { prometheus: boolean }) {
  const gpu = new ClusterGpuAggregates();
  const state = new ClusterState(gpu);
  state.upsertNode(stripNode(node('n1', 4)));
  state.upsertNode(stripNode(node('n2', 4)));
  // team tenant "vision" (group): one instance owned by ben, one pod of no instance
  state.upsertPod(stripPod(pod('vision', 'llama-0', 2, 'n1', 'llama')));
  state.upsertPod(stripPod(pod('vision', 'notebook', 1, 'n1')));
  // personal tenant of cleo
  state.upsertPod(stripPod(pod('ocdp-u-cleo', 'chat-0', 1, 'n2', 'chat')));
  state.upsertPod(stripPod(pod('ocdp-u-cleo', 'waiting', 4)));
  // a namespace no tenant binds
  state.upsertPod(stripPod(pod('kube-system', 'dcgm', 1, 'n2')));

  const samples = [
    sample('n1', '0', 90, { namespace: 'vision', pod: 'llama-0' }),
    sample('n1', '1', 0, { namespace: 'vision', pod: 'llama-0' }),
    sample('n1', '2', 1, { namespace: 'vision', pod: 'notebook' }),
    sample('n1', '3', 0),
    sample('n2', '0', 2, { namespace: 'ocdp-u-cleo', pod: 'chat-0' }),
    sample('n2', '1', 50, { namespace: 'kube-system', pod: 'dcgm' }),
  ];
  const service = new GpuMonitoringService({
    clusters: {
      get: () => ({ name: 'demo', title: 'Demo' }),
      list: () => [{ name: 'demo', title: 'Demo' }],
    } as unknown as OcdpClustersService,
    cache: {
      health: () => ({
        cluster: 'demo',
        synced: true,
        watching: true,
        staleSeconds: 1,
        relists: 0,
        nodes: 2,
        pods: 5,
      }),
      pods: () => state.pods.values(),
    },
    aggregates: () => gpu,
    directory: new TenantDirectory({
      store: {
        activeBindings: async () =>
          [
            {
              tenant: 'vision',
              owner: 'group:default/team-vision',
              namespace: 'vision',
            },
            {
              tenant: 'u-cleo',
              owner: 'user:default/cleo',
              namespace: 'ocdp-u-cleo',
            },
          ] as any,
      },
      instanceOwners: async () => [
        { namespace: 'vision', release: 'llama', owner: 'user:default/ben' },
      ],
    }),
    ...(options.prometheus
      ? { dcgm: { gpus: async () => samples } as unknown as DcgmReader }
      : {}),
    config: {
      prometheus: () => ({ url: 'http://prom', headers: {} }),
      idleThresholdPercent: 5,
      idleWindow: '10m',
      cacheTtlMs: 1000,
      timeoutMs: 1000,
      staleAfterSeconds: 120,
    },
    logger: mockServices.logger.mock(),
  });
  return { service };
}

const all: MonitoringScope = { kind: 'cluster' };
const onlyVision: MonitoringScope = {
  kind: 'tenants',
  allows: t => t.tenant === 'vision',
};

describe('GpuMonitoringService', () => {
  it('attributes pods to tenants, and to users through the instances that own them', async () => {
    const { service } = setup({ prometheus: true });
    const report = await service.report('demo', all, { pendingLimit: 10 });
    expect(
      report.tenants.map(t => [
        t.tenant ?? t.namespaces[0],
        t.gpus,
        t.idleGpus,
      ]),
    ).toEqual([
      ['vision', 3, 2],
      ['kube-system', 1, 0],
      ['u-cleo', 1, 1],
    ]);
    expect(
      report.users.map(u => [u.owner, u.gpus, u.tenants, u.idleGpus]),
    ).toEqual([
      ['user:default/ben', 2, ['vision'], 1],
      ['group:default/team-vision', 1, ['vision'], 1],
      ['user:default/cleo', 1, ['u-cleo'], 1],
    ]);
    // the unallocated GPU n1/3 at 0 % is not "idle allocated"
    expect(report.idle.map(i => `${i.node}/${i.gpu}`)).toEqual([
      'n1/1',
      'n1/2',
      'n2/0',
    ]);
    expect(report.pending).toEqual([
      expect.objectContaining({
        namespace: 'ocdp-u-cleo',
        name: 'waiting',
        tenant: 'u-cleo',
        gpus: 4,
      }),
    ]);
    expect(report.totals).toMatchObject({
      gpus: 5,
      pendingGpus: 4,
      idleGpus: 3,
    });
    expect(report.nodes.find(n => n.name === 'n1')).toMatchObject({
      gpus: { allocatable: 4, allocated: 3, free: 1 },
      gpuPods: 2,
      utilization: { gpus: 4, gpuUtilPercent: 22.8, memoryUsedMiB: 4000 },
    });
  });

  it('keeps an ordinary user to their tenants: no nodes, no other rows, totals of their own', async () => {
    const { service } = setup({ prometheus: true });
    const report = await service.report('demo', onlyVision, {
      pendingLimit: 10,
    });
    expect(report.scope).toBe('tenants');
    expect(report.nodes).toEqual([]);
    expect(report.tenants.map(t => t.tenant)).toEqual(['vision']);
    expect(report.users.map(u => u.owner).sort()).toEqual([
      'group:default/team-vision',
      'user:default/ben',
    ]);
    expect(report.idle.map(i => i.pod)).toEqual(['llama-0', 'notebook']);
    expect(report.pending).toEqual([]);
    expect(report.totals).toMatchObject({
      gpus: 3,
      pendingPods: 0,
      idleGpus: 2,
    });
    const summary = await service.summary('demo', onlyVision);
    expect(summary).toMatchObject({
      scope: 'tenants',
      gpus: { capacity: 8, allocated: 5 },
      yours: { allocated: 3, pendingPods: 0, idleGpus: 2 },
    });
  });

  it('says so when Prometheus is not there and gives allocation only', async () => {
    const { service } = setup({ prometheus: false });
    const report = await service.report('demo', all, { pendingLimit: 10 });
    expect(report.utilization).toEqual({
      available: false,
      reason: expect.stringMatching(/^not-configured/),
    });
    expect(report.idle).toEqual([]);
    expect(report.tenants[0]).not.toHaveProperty('idleGpus');
    expect(report.nodes[0]).not.toHaveProperty('utilization');
    expect(report.gpus).toEqual({
      capacity: 8,
      allocatable: 8,
      allocated: 5,
      free: 3,
    });
  });

  it('limits the pending list but counts every pending pod', async () => {
    const { service } = setup({ prometheus: false });
    const report = await service.report('demo', all, { pendingLimit: 1 });
    expect(report.pending).toHaveLength(1);
    expect(report.pendingTotal).toBe(1);
  });
});
