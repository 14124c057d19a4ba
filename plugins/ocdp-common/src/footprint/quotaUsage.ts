import {
  Quantity,
  addQuantities,
  multiplyQuantity,
  parseQuantity,
} from '../quantity';
import { assembleFootprint } from './assemble';
import { resolveRollout } from './strategy';
import { Footprint, ResourceQuantities, WorkloadFootprint } from './types';

/**
 * Replicas to count instead of a footprint's own: one number for every workload, or a number per
 * workload name (workloads not named keep theirs).
 *
 * @public
 */
export type ReplicaOverride = number | Readonly<Record<string, number>>;

/**
 * Options of `quotaUsage`.
 *
 * @public
 */
export interface QuotaUsageOptions {
  /**
   * Count the extra pods a rolling update runs above the replicas (the peak of an upgrade).
   * Default `true`; a first install creates no surge pods, so pass `false` for it.
   */
  surge?: boolean;
}

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];

/** Kubernetes `IsExtendedResourceName`: a domain-prefixed name outside `kubernetes.io`. */
export function isExtendedResourceName(name: string): boolean {
  return (
    name.includes('/') &&
    !name.includes('kubernetes.io/') &&
    !name.startsWith('requests.')
  );
}

function addTo(
  usage: Record<string, Quantity>,
  key: string,
  q: Quantity,
): void {
  usage[key] = usage[key] ? addQuantities(usage[key], q) : q;
}

/**
 * The quota keys one pod uses, as the quota controller's pod evaluator computes them, from its
 * effective requests and limits (`readPodSpec`).
 *
 * @public
 */
export function podQuotaUsage(
  requests: ResourceQuantities,
  limits: ResourceQuantities,
): Record<string, Quantity> {
  const usage: Record<string, Quantity> = {};
  for (const name of COMPUTE) {
    if (requests[name]) {
      usage[name] = requests[name];
      usage[`requests.${name}`] = requests[name];
    }
    if (limits[name]) {
      usage[`limits.${name}`] = limits[name];
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    if (name.startsWith('hugepages-')) {
      usage[name] = q;
      usage[`requests.${name}`] = q;
    } else if (isExtendedResourceName(name)) {
      usage[`requests.${name}`] = q;
    }
  }
  return usage;
}

function replicasFor(w: WorkloadFootprint, override?: ReplicaOverride): number {
  if (override === undefined) {
    return w.replicas;
  }
  const n = typeof override === 'number' ? override : override[w.name];
  if (n === undefined) {
    return w.replicas;
  }
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`replicas must be a non-negative integer, got ${n}`);
  }
  return w.kind === 'Pod' ? Math.min(n, 1) : n;
}

function withReplicas(
  w: WorkloadFootprint,
  replicas: number,
): WorkloadFootprint {
  return replicas === w.replicas
    ? w
    : { ...w, replicas, ...resolveRollout(w.kind, w.strategy, replicas) };
}

/**
 * The ResourceQuota keys a footprint uses, as exact quantities: compute requests and limits
 * (`requests.cpu`, `cpu`, `limits.memory`, …), extended resources with the `requests.` prefix
 * (`requests.nvidia.com/gpu`, `requests.nvidia.com/gpumem`), storage (`requests.storage`, and per
 * storage class `<class>.storageclass.storage.k8s.io/requests.storage`), and object counts
 * (`pods`, `count/deployments.apps`, `services.nodeports`, …). Keys that would be zero are left
 * out; keys are sorted.
 *
 * @public
 */
export function quotaUsage(
  footprint: Footprint,
  replicas?: ReplicaOverride,
  options: QuotaUsageOptions = {},
): Record<string, Quantity> {
  const surge = options.surge ?? true;
  const scaled = assembleFootprint({
    ...footprint,
    workloads: footprint.workloads.map(w =>
      withReplicas(w, replicasFor(w, replicas)),
    ),
  });
  const usage: Record<string, Quantity> = {};
  const objects: Record<string, number> = { ...scaled.objects };
  // Objects other than workloads, claims and Services (an Ingress) are only in `objects`.
  const derived = assembleFootprint(footprint).objects;
  for (const [key, n] of Object.entries(footprint.objects)) {
    objects[key] = (objects[key] ?? 0) + n - (derived[key] ?? 0);
  }
  for (const w of scaled.workloads) {
    const pods = w.replicas + (surge ? w.surge : 0);
    const perPod = podQuotaUsage(w.pod.requests, w.pod.limits);
    for (const [key, q] of Object.entries(perPod)) {
      addTo(usage, key, multiplyQuantity(q, pods));
    }
    if (surge && w.surge > 0) {
      objects.pods = (objects.pods ?? 0) + w.surge;
      objects['count/pods'] = (objects['count/pods'] ?? 0) + w.surge;
    }
  }
  const claims = [
    ...scaled.volumeClaims.map(c => ({ claim: c, n: 1 })),
    ...scaled.workloads.flatMap(w =>
      w.volumeClaimTemplates.map(c => ({ claim: c, n: w.replicas })),
    ),
  ];
  for (const { claim, n } of claims) {
    const storage = multiplyQuantity(claim.storage, n);
    addTo(usage, 'requests.storage', storage);
    if (claim.storageClassName) {
      const prefix = `${claim.storageClassName}.storageclass.storage.k8s.io`;
      addTo(usage, `${prefix}/requests.storage`, storage);
      addTo(usage, `${prefix}/persistentvolumeclaims`, parseQuantity(n));
    }
  }
  for (const [key, n] of Object.entries(objects)) {
    addTo(usage, key, parseQuantity(n));
  }
  const out: Record<string, Quantity> = {};
  for (const key of Object.keys(usage).sort()) {
    if (usage[key].nanos !== 0n) {
      out[key] = usage[key];
    }
  }
  return out;
}
