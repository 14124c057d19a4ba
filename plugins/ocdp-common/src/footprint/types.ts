import { Quantity } from '../quantity';

/**
 * Resource name → exact quantity (`cpu`, `memory`, `nvidia.com/gpu`, `nvidia.com/gpumem`, …).
 *
 * @public
 */
export type ResourceQuantities = Readonly<Record<string, Quantity>>;

/**
 * A Kubernetes toleration, as written in a pod spec.
 *
 * @public
 */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/**
 * One requirement of a node selector term (`key In [a, b]`).
 *
 * @public
 */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/**
 * A term of `requiredDuringSchedulingIgnoredDuringExecution`; a node must match one term.
 *
 * @public
 */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/**
 * How a workload replaces its pods. `maxSurge` / `maxUnavailable` are as written: a count or a
 * percentage string (`25%`).
 *
 * @public
 */
export type UpdateStrategy =
  | {
      type: 'RollingUpdate';
      maxSurge: number | string;
      maxUnavailable: number | string;
    }
  | { type: 'Recreate' }
  | { type: 'OnDelete' }
  | { type: 'None' };

/**
 * Kinds that create pods.
 *
 * @public
 */
export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'ReplicaSet'
  | 'Job'
  | 'Pod';

/**
 * What one pod of a workload asks for and where it may run.
 *
 * @public
 */
export interface PodFootprint {
  /** Effective pod requests, as the scheduler and the quota controller compute them. */
  requests: ResourceQuantities;
  /** Effective pod limits, computed the same way. */
  limits: ResourceQuantities;
  nodeSelector: Readonly<Record<string, string>>;
  /** Required node affinity terms (a node must match one). */
  nodeAffinity: readonly NodeSelectorTerm[];
  tolerations: readonly Toleration[];
  runtimeClassName?: string;
  /** The GPU model asked for through the GPU Feature Discovery label `nvidia.com/gpu.product`. */
  gpuProduct?: string;
  /** For ResourceQuota `PriorityClass` scopes. */
  priorityClassName?: string;
  /** Set on pods that end on their own (ResourceQuota `Terminating` scope). */
  activeDeadlineSeconds?: number;
  /**
   * Each container's own requests and limits (after the API server's defaulting), app containers
   * first, so admission that works per container (LimitRange defaults, min and max) can be
   * replayed. A non-enumerable property: JSON, equality checks and object spread leave it out.
   */
  containers?: readonly PodContainerResources[];
}

/**
 * One container of a pod footprint.
 *
 * @public
 */
export interface PodContainerResources {
  name: string;
  requests: ResourceQuantities;
  limits: ResourceQuantities;
  /** An init container (`sidecar` when it keeps running: `restartPolicy: Always`). */
  init?: 'once' | 'sidecar';
}

/**
 * A PersistentVolumeClaim the release creates.
 *
 * @public
 */
export interface VolumeClaimFootprint {
  name: string;
  storage: Quantity;
  storageClassName?: string;
}

/**
 * A Kubernetes Service type.
 *
 * @public
 */
export type ServiceType =
  | 'ClusterIP'
  | 'NodePort'
  | 'LoadBalancer'
  | 'ExternalName';

/**
 * A Service the release creates.
 *
 * @public
 */
export interface ServiceFootprint {
  name: string;
  type: ServiceType;
  /** Node ports it takes, as the quota controller counts them (`services.nodeports`). */
  nodePorts: number;
}

/**
 * One pod-creating workload.
 *
 * @public
 */
export interface WorkloadFootprint {
  kind: WorkloadKind;
  name: string;
  replicas: number;
  strategy: UpdateStrategy;
  /** Extra pods a rollout may run above `replicas` (resolved `maxSurge`; 0 unless RollingUpdate). */
  surge: number;
  /** Pods a rollout may take down (resolved `maxUnavailable`; 0 unless RollingUpdate). */
  maxUnavailable: number;
  pod: PodFootprint;
  /** StatefulSet volume claim templates: one claim of each per replica. */
  volumeClaimTemplates: readonly VolumeClaimFootprint[];
}

/**
 * What a release asks of a namespace: workloads, claims, services and object counts.
 *
 * @public
 */
export interface Footprint {
  workloads: readonly WorkloadFootprint[];
  volumeClaims: readonly VolumeClaimFootprint[];
  services: readonly ServiceFootprint[];
  /**
   * Object-count quota keys at steady state (`pods`, `count/pods`, `count/deployments.apps`,
   * `services`, `services.nodeports`, `persistentvolumeclaims`, …), keys sorted.
   */
  objects: Readonly<Record<string, number>>;
}
