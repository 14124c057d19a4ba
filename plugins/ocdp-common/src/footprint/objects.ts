import { ServiceFootprint, ServiceType } from './types';

/** Core kinds that also have a legacy quota key without the `count/` prefix. */
const LEGACY_COUNT_KEYS: Readonly<Record<string, string>> = {
  Pod: 'pods',
  Service: 'services',
  Secret: 'secrets',
  ConfigMap: 'configmaps',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  ReplicationController: 'replicationcontrollers',
  ResourceQuota: 'resourcequotas',
};

/** Kubernetes `UnsafeGuessKindToResource`: `Ingress` → `ingresses`, `NetworkPolicy` → `networkpolicies`. */
export function guessResource(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular.endsWith('s')) {
    return `${singular}es`;
  }
  if (singular.endsWith('y')) {
    return `${singular.slice(0, -1)}ies`;
  }
  return `${singular}s`;
}

/**
 * The object-count quota keys one object of a kind uses: `count/<resource>[.<group>]`, plus the
 * legacy key for core kinds (`services`, `persistentvolumeclaims`, …).
 */
export function objectCountKeys(kind: string, apiVersion: string): string[] {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const resource = guessResource(kind);
  const keys = [group ? `count/${resource}.${group}` : `count/${resource}`];
  const legacy = group ? undefined : LEGACY_COUNT_KEYS[kind];
  return legacy ? [...keys, legacy] : keys;
}

/** The `apiVersion` each workload kind is written with. */
export const KIND_API_VERSIONS: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  Pod: 'v1',
  Service: 'v1',
  PersistentVolumeClaim: 'v1',
  Ingress: 'networking.k8s.io/v1',
};

/** Adds `n` to each key. */
export function countInto(
  counts: Record<string, number>,
  keys: readonly string[],
  n = 1,
): void {
  for (const key of keys) {
    counts[key] = (counts[key] ?? 0) + n;
  }
}

/**
 * Node ports a Service takes as the quota controller counts them: every port of a NodePort
 * Service and of a LoadBalancer Service, unless `allocateLoadBalancerNodePorts: false`, when
 * only ports given an explicit `nodePort` count.
 */
export function serviceNodePorts(
  type: ServiceType,
  ports: number,
  explicitNodePorts: number,
  allocateLoadBalancerNodePorts = true,
): number {
  if (type === 'NodePort') {
    return ports;
  }
  if (type === 'LoadBalancer') {
    return allocateLoadBalancerNodePorts ? ports : explicitNodePorts;
  }
  return 0;
}

/** The quota keys of a set of Services: counts, `services.nodeports`, `services.loadbalancers`. */
export function serviceCounts(
  services: readonly ServiceFootprint[],
  counts: Record<string, number>,
): void {
  for (const service of services) {
    countInto(counts, objectCountKeys('Service', 'v1'));
    countInto(counts, ['services.nodeports'], service.nodePorts);
    countInto(
      counts,
      ['services.loadbalancers'],
      service.type === 'LoadBalancer' ? 1 : 0,
    );
  }
}

/** The non-zero counts, keys sorted. */
export function sortedCounts(
  counts: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(counts).sort()) {
    if (counts[key] !== 0) {
      out[key] = counts[key];
    }
  }
  return out;
}
