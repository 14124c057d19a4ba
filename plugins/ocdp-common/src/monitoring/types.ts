/**
 * Amounts of one GPU resource on a node, a GPU model or a cluster: whole GPUs for
 * `nvidia.com/gpu`, slices for MIG profiles (`nvidia.com/mig-1g.10gb`), MiB for HAMi's
 * `nvidia.com/gpumem`, percent for HAMi's `nvidia.com/gpucores`.
 *
 * @public
 */
export interface GpuAmounts {
  capacity: number;
  allocatable: number;
  /** Requested by unfinished pods bound to the nodes. */
  allocated: number;
  /** `allocatable - allocated`, never below 0. */
  free: number;
}

/**
 * Whether utilization numbers are in the answer: they come from Prometheus (DCGM exporter series)
 * when `ocdp.prometheus.url` is configured; otherwise the answer holds allocation only and says why.
 *
 * @public
 */
export type GpuUtilizationAvailability =
  | {
      available: true;
      /** Window of the idle test and of the averages, e.g. `10m`. */
      window: string;
      /** A GPU whose average utilization over the window is below this (percent) is idle. */
      idleThresholdPercent: number;
      /** When the numbers were read from Prometheus (they are cached briefly). */
      readAt: string;
    }
  | {
      available: false;
      /** `not-configured` or the error Prometheus gave (never credentials). */
      reason: string;
    };

/** Utilization of one GPU or the average of several, from DCGM exporter series. @public */
export interface GpuUtilization {
  /** `DCGM_FI_DEV_GPU_UTIL`, percent. */
  gpuUtilPercent?: number;
  /** `DCGM_FI_DEV_FB_USED`, MiB. */
  memoryUsedMiB?: number;
  /** `DCGM_FI_DEV_FB_FREE`, MiB. */
  memoryFreeMiB?: number;
  /** `DCGM_FI_DEV_POWER_USAGE`, W. */
  powerWatts?: number;
  /** `DCGM_FI_DEV_GPU_TEMP`, °C. */
  temperatureC?: number;
  /** GPUs the numbers cover. */
  gpus: number;
}

/** How fresh the numbers are: the cluster's watch cache. @public */
export interface ClusterGpuHealth {
  /** The first full LIST of nodes and pods is loaded. */
  synced: boolean;
  watching: boolean;
  /** The cache has not heard from the API server for a while, or is not synced: numbers may be old. */
  stale: boolean;
  staleSeconds?: number;
  lastError?: string;
}

/**
 * The GPU line of a cluster in `GET /clusters`. Capacity and free are cluster-wide; `yours` is the
 * part of the allocation and demand in the caller's tenants (everything for `ocdp.cluster.read`).
 *
 * @public
 */
export interface ClusterGpuSummary {
  /** `cluster`: cluster-wide rows are included; `tenants`: only the caller's tenants. */
  scope: 'cluster' | 'tenants';
  /** Whole GPUs (`nvidia.com/gpu`) of the cluster. */
  gpus: GpuAmounts;
  /** Nodes with any GPU resource. */
  gpuNodes: number;
  models: Array<{ product: string } & GpuAmounts>;
  /** GPUs allocated, GPUs asked for by Pending pods, and idle allocated GPUs in the scope. */
  yours: {
    allocated: number;
    pendingPods: number;
    pendingGpus: number;
    /** Absent when utilization is not available. */
    idleGpus?: number;
  };
  health: ClusterGpuHealth;
}

/** A GPU model (GPU Feature Discovery `nvidia.com/gpu.product`) across a cluster's nodes. @public */
export interface GpuModelRow extends GpuAmounts {
  /** `nvidia.com/gpu.product`, or `unknown` for nodes without the label. */
  product: string;
  /** `nvidia.com/gpu.memory` in MiB, when the nodes say it. */
  memoryMiB?: number;
  nodes: number;
  /** `nvidia.com/gpu.sharing-strategy` values seen (`none`, `time-slicing`, `mps`). */
  sharingStrategies: string[];
}

/** A GPU node and what is allocated on it. Cluster-wide detail: needs `ocdp.cluster.read`. @public */
export interface GpuNodeRow {
  name: string;
  product: string;
  memoryMiB?: number;
  /** `nvidia.com/gpu.count`: physical GPUs as GPU Feature Discovery counts them. */
  gpuCount?: number;
  sharingStrategy?: string;
  /** `nvidia.com/mig.strategy` (`single`, `mixed`). */
  migStrategy?: string;
  ready: boolean;
  unschedulable: boolean;
  /** `nvidia.com/gpu`. */
  gpus: GpuAmounts;
  /** Every GPU resource of the node: `nvidia.com/gpu`, `nvidia.com/mig-*`, `nvidia.com/gpumem`, … */
  resources: Record<string, GpuAmounts>;
  /** Pods holding GPU resources on the node. */
  gpuPods: number;
  /** Averages over the node's GPUs, when Prometheus answers. */
  utilization?: GpuUtilization;
}

/** GPU resources held and asked for in a namespace, or in every namespace of a tenant or user. @public */
export interface GpuHolding {
  /** Whole GPUs (`nvidia.com/gpu`) held by running pods. */
  gpus: number;
  /** Every GPU resource held: `nvidia.com/gpu`, MIG profiles, `nvidia.com/gpumem` (MiB), … */
  resources: Record<string, number>;
  /** Pods holding GPU resources. */
  pods: number;
  pendingPods: number;
  /** Whole GPUs asked for by Pending pods. */
  pendingGpus: number;
  /** Allocated GPUs whose utilization stayed under the idle threshold (with Prometheus). */
  idleGpus?: number;
  /** Average over the held GPUs, with Prometheus. */
  utilization?: GpuUtilization;
}

/** A tenant's GPU holding on a cluster; `tenant` is absent for namespaces no tenant binds. @public */
export interface TenantGpuRow extends GpuHolding {
  tenant?: string;
  /** Owner entity ref of the tenant. */
  owner?: string;
  namespaces: string[];
}

/**
 * A user's GPU holding: pods of model instances count for the instance owner, other pods for the
 * tenant's owner (a user, or a group when a team tenant owns them).
 *
 * @public
 */
export interface UserGpuRow extends GpuHolding {
  /** `user:default/ben`, or a group ref for team pods no instance names an owner of. */
  owner: string;
  tenants: string[];
}

/** A Pending pod that asks for GPU resources: queued demand. @public */
export interface PendingGpuPod {
  namespace: string;
  name: string;
  tenant?: string;
  /** Whole GPUs asked for. */
  gpus: number;
  /** Every GPU resource asked for. */
  resources: Record<string, number>;
  /** `nvidia.com/gpu.product` the pod selects, when it does. */
  product?: string;
  /** The scheduler's message (condition `PodScheduled=False`), e.g. `0/4 nodes are available: …`. */
  reason?: string;
}

/** An allocated GPU whose utilization stayed under the threshold over the window. @public */
export interface IdleGpu {
  node: string;
  /** GPU index on the node (DCGM `gpu` label). */
  gpu: string;
  uuid?: string;
  modelName?: string;
  namespace: string;
  pod: string;
  tenant?: string;
  /** Average utilization over the window, percent. */
  gpuUtilPercent: number;
}

/**
 * `GET /clusters/:cluster/gpu`. With `ocdp.cluster.read` (scope `cluster`) every row; otherwise
 * (scope `tenants`) `nodes` is empty and tenant, user, pending and idle rows are the caller's
 * tenants' only. Model rows and `gpus` are cluster-wide amounts in both scopes.
 *
 * @public
 */
export interface ClusterGpuReport {
  cluster: string;
  title: string;
  scope: 'cluster' | 'tenants';
  generatedAt: string;
  health: ClusterGpuHealth;
  utilization: GpuUtilizationAvailability;
  gpus: GpuAmounts;
  /** Every GPU resource of the cluster (`nvidia.com/gpu`, `nvidia.com/mig-*`, `nvidia.com/gpumem`). */
  resources: Record<string, GpuAmounts>;
  models: GpuModelRow[];
  nodes: GpuNodeRow[];
  tenants: TenantGpuRow[];
  users: UserGpuRow[];
  /** Pending GPU pods in the scope, oldest names first, at most `pendingLimit`. */
  pending: PendingGpuPod[];
  /** Pending GPU pods in the scope, all of them. */
  pendingTotal: number;
  idle: IdleGpu[];
  /** Totals over the rows of the scope. */
  totals: GpuHolding;
}

/** One metric of a chart. @public */
export type GpuMetric =
  | 'gpuUtilPercent'
  | 'memoryUsedMiB'
  | 'memoryFreeMiB'
  | 'powerWatts'
  | 'temperatureC';

/**
 * One line of a chart: a metric of the cluster's GPUs in the scope (`key` `all`), or of a
 * tenant's GPUs (`key` the tenant or namespace), or of a node's (`key` the node, cluster scope).
 *
 * @public
 */
export interface GpuUtilizationSeries {
  metric: GpuMetric;
  /** `avg` for utilization and temperature, `sum` for memory and power. */
  aggregation: 'avg' | 'sum';
  groupBy: 'all' | 'tenant' | 'node';
  key: string;
  /** `[unix seconds, value]`, oldest first. */
  points: Array<[number, number]>;
}

/**
 * `GET /clusters/:cluster/gpu/utilization?range=1h&groupBy=all|tenant|node`: range `5m`…`7d`,
 * step chosen from the range (about 120 points).
 *
 * @public
 */
export interface ClusterGpuUtilization {
  cluster: string;
  scope: 'cluster' | 'tenants';
  range: string;
  stepSeconds: number;
  /** Unix seconds. */
  start: number;
  end: number;
  utilization: GpuUtilizationAvailability;
  series: GpuUtilizationSeries[];
}

/** A pod of an entity's workload and the GPU resources it holds or asks for. @public */
export interface EntityGpuPod {
  namespace: string;
  name: string;
  phase: string;
  node?: string;
  /** The node's `nvidia.com/gpu.product`. */
  product?: string;
  gpus: number;
  resources: Record<string, number>;
  /** The scheduler's message while Pending. */
  reason?: string;
  /** The pod's GPUs now, with Prometheus. */
  utilization?: GpuUtilization;
  /** With Prometheus: utilization stayed under the idle threshold over the window. */
  idle?: boolean;
}

/**
 * `GET /entity/:kind/:namespace/:name/gpu`: the entity's pods on every cluster, found by the
 * `backstage.io/kubernetes-id` label (or `backstage.io/kubernetes-label-selector`) as the Backstage
 * Kubernetes plugin finds them, limited to the caller's tenants unless they have `ocdp.cluster.read`.
 *
 * @public
 */
export interface EntityGpuUsage {
  entityRef: string;
  /** The selector used, e.g. `backstage.io/kubernetes-id=llama-3-8b`. */
  selector?: string;
  clusters: Array<{
    cluster: string;
    health: ClusterGpuHealth;
    pods: EntityGpuPod[];
    totals: GpuHolding;
  }>;
  utilization: GpuUtilizationAvailability;
}
