import {
  ClusterGpuReport,
  ClusterGpuSummary,
  ClusterGpuUtilization,
  EntityGpuUsage,
  GpuAmounts,
  OcdpCluster,
} from '@ocdp/plugin-ocdp-common';

const amounts = (allocatable: number, allocated: number): GpuAmounts => ({
  capacity: allocatable,
  allocatable,
  allocated,
  free: Math.max(allocatable - allocated, 0),
});

export const healthy = { synced: true, watching: true, stale: false };

export const withPrometheus = {
  available: true as const,
  window: '10m',
  idleThresholdPercent: 5,
  readAt: '2026-11-30T06:00:00Z',
};

export const withoutPrometheus = {
  available: false as const,
  reason: 'not-configured: set ocdp.prometheus.url to show GPU utilization',
};

/** The demo cluster's GPU line in `GET /clusters`, as an admin sees it. */
export const demoSummary: ClusterGpuSummary = {
  scope: 'cluster',
  gpus: amounts(26, 19),
  gpuNodes: 5,
  models: [
    { product: 'NVIDIA-A100-SXM4-80GB', ...amounts(18, 15) },
    { product: 'NVIDIA-L4', ...amounts(8, 4) },
  ],
  yours: { allocated: 19, pendingPods: 1, pendingGpus: 2, idleGpus: 3 },
  health: healthy,
};

export const demoCluster: OcdpCluster = {
  name: 'demo',
  title: 'Demo GPU cluster',
  reachable: true,
  entityRef: 'resource:default/demo',
  gpu: demoSummary,
};

export const labCluster: OcdpCluster = {
  name: 'lab',
  title: 'Lab cluster',
  reachable: false,
  error: 'API server unreachable (ECONNREFUSED)',
};

/** `GET /clusters/demo/gpu` for an admin (scope `cluster`) with Prometheus. */
export const demoReport: ClusterGpuReport = {
  cluster: 'demo',
  title: 'Demo GPU cluster',
  scope: 'cluster',
  generatedAt: '2026-11-30T06:00:00Z',
  health: healthy,
  utilization: withPrometheus,
  gpus: amounts(26, 19),
  resources: {
    'nvidia.com/gpu': amounts(26, 19),
    'nvidia.com/mig-1g.10gb': amounts(14, 3),
  },
  models: [
    {
      product: 'NVIDIA-A100-SXM4-80GB',
      memoryMiB: 81920,
      nodes: 3,
      sharingStrategies: ['none'],
      ...amounts(18, 15),
    },
    {
      product: 'NVIDIA-L4',
      memoryMiB: 23034,
      nodes: 2,
      sharingStrategies: ['time-slicing'],
      ...amounts(8, 4),
    },
  ],
  nodes: [
    {
      name: 'gpu-a100-1',
      product: 'NVIDIA-A100-SXM4-80GB',
      memoryMiB: 81920,
      gpuCount: 8,
      sharingStrategy: 'none',
      ready: true,
      unschedulable: false,
      gpus: amounts(8, 8),
      resources: { 'nvidia.com/gpu': amounts(8, 8) },
      gpuPods: 2,
      utilization: {
        gpuUtilPercent: 71.5,
        memoryUsedMiB: 400000,
        memoryFreeMiB: 255360,
        gpus: 8,
      },
    },
    {
      name: 'gpu-l4-1',
      product: 'NVIDIA-L4',
      memoryMiB: 23034,
      gpuCount: 4,
      sharingStrategy: 'time-slicing',
      ready: true,
      unschedulable: true,
      gpus: amounts(4, 4),
      resources: { 'nvidia.com/gpu': amounts(4, 4) },
      gpuPods: 1,
      utilization: { gpuUtilPercent: 2, memoryUsedMiB: 1024, gpus: 4 },
    },
  ],
  tenants: [
    {
      tenant: 'team-a',
      owner: 'group:default/team-vision',
      namespaces: ['team-a'],
      gpus: 12,
      resources: { 'nvidia.com/gpu': 12 },
      pods: 3,
      pendingPods: 1,
      pendingGpus: 2,
      idleGpus: 3,
      utilization: { gpuUtilPercent: 48.25, gpus: 12 },
    },
    {
      namespaces: ['kube-system'],
      gpus: 1,
      resources: { 'nvidia.com/gpu': 1 },
      pods: 1,
      pendingPods: 0,
      pendingGpus: 0,
    },
  ],
  users: [
    {
      owner: 'user:default/ben',
      tenants: ['team-a', 'u-ben'],
      gpus: 4,
      resources: { 'nvidia.com/gpu': 4 },
      pods: 1,
      pendingPods: 0,
      pendingGpus: 0,
      idleGpus: 0,
      utilization: { gpuUtilPercent: 88, gpus: 4 },
    },
  ],
  pending: [
    {
      namespace: 'team-a',
      name: 'trainer-0',
      tenant: 'team-a',
      gpus: 2,
      resources: { 'nvidia.com/gpu': 2 },
      product: 'NVIDIA-L4',
      reason: '0/8 nodes are available: 2 Insufficient nvidia.com/gpu.',
    },
  ],
  pendingTotal: 1,
  idle: [
    {
      node: 'gpu-l4-1',
      gpu: '2',
      modelName: 'NVIDIA L4',
      namespace: 'team-a',
      pod: 'notebook-1',
      tenant: 'team-a',
      gpuUtilPercent: 0.4,
    },
  ],
  totals: {
    gpus: 19,
    resources: { 'nvidia.com/gpu': 19 },
    pods: 6,
    pendingPods: 1,
    pendingGpus: 2,
    idleGpus: 3,
  },
};

/** What an ordinary member sees of the demo cluster without Prometheus: own rows, no nodes. */
export const memberReport: ClusterGpuReport = {
  ...demoReport,
  scope: 'tenants',
  utilization: withoutPrometheus,
  nodes: [],
  tenants: [
    { ...demoReport.tenants[0], idleGpus: undefined, utilization: undefined },
  ],
  users: [
    { ...demoReport.users[0], idleGpus: undefined, utilization: undefined },
  ],
  idle: [],
};

export const demoUtilization: ClusterGpuUtilization = {
  cluster: 'demo',
  scope: 'cluster',
  range: '1h',
  stepSeconds: 30,
  start: 1_795_996_800,
  end: 1_796_000_400,
  utilization: withPrometheus,
  series: [
    {
      metric: 'gpuUtilPercent',
      aggregation: 'avg',
      groupBy: 'all',
      key: 'all',
      points: [
        [1_795_996_800, 40],
        [1_795_996_830, 55],
      ],
    },
    {
      metric: 'memoryUsedMiB',
      aggregation: 'sum',
      groupBy: 'all',
      key: 'all',
      points: [
        [1_795_996_800, 300_000],
        [1_795_996_830, 320_000],
      ],
    },
  ],
};

export const modelInstanceGpu: EntityGpuUsage = {
  entityRef: 'component:default/llama-3-8b',
  selector: 'backstage.io/kubernetes-id=llama-3-8b',
  utilization: withPrometheus,
  clusters: [
    {
      cluster: 'demo',
      health: healthy,
      pods: [
        {
          namespace: 'team-a',
          name: 'llama-3-8b-0',
          phase: 'Running',
          node: 'gpu-a100-1',
          product: 'NVIDIA-A100-SXM4-80GB',
          gpus: 1,
          resources: { 'nvidia.com/gpu': 1 },
          utilization: { gpuUtilPercent: 63, memoryUsedMiB: 40960, gpus: 1 },
          idle: false,
        },
        {
          namespace: 'team-a',
          name: 'llama-3-8b-1',
          phase: 'Pending',
          gpus: 1,
          resources: { 'nvidia.com/gpu': 1 },
          reason: '0/8 nodes are available: 8 Insufficient nvidia.com/gpu.',
        },
      ],
      totals: {
        gpus: 1,
        resources: { 'nvidia.com/gpu': 1 },
        pods: 1,
        pendingPods: 1,
        pendingGpus: 1,
        idleGpus: 0,
      },
    },
  ],
};
