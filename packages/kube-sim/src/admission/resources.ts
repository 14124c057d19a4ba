/** Pod resource requirements, the way Kubernetes computes them for quota and scheduling. */
import {
  Quantity,
  ResourceList,
  addQuantity,
  compareQuantity,
  parseResourceList,
} from '../quantity';
import type { KObject } from '../util';

/** Native resource names have no domain or a kubernetes.io domain. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** Extended resources: domain-prefixed, not kubernetes.io, not "requests.*" (e.g. nvidia.com/gpu). */
export function isExtendedResource(name: string): boolean {
  return !isNativeResource(name) && !name.startsWith('requests.');
}

function maxInto(acc: ResourceList, list: ResourceList): void {
  for (const [k, v] of list) {
    const cur = acc.get(k);
    if (!cur || compareQuantity(v, cur) > 0) acc.set(k, v);
  }
}

function sumInto(acc: ResourceList, list: ResourceList): void {
  for (const [k, v] of list) {
    const cur = acc.get(k);
    acc.set(k, cur ? addQuantity(cur, v) : v);
  }
}

function podResources(
  pod: KObject,
  field: 'requests' | 'limits',
): ResourceList {
  const spec = pod.spec ?? {};
  const sum: ResourceList = new Map();
  for (const c of spec.containers ?? []) {
    sumInto(sum, parseResourceList(c?.resources?.[field]));
  }
  const initMax: ResourceList = new Map();
  for (const c of spec.initContainers ?? []) {
    maxInto(initMax, parseResourceList(c?.resources?.[field]));
  }
  maxInto(sum, initMax);
  if (spec.overhead) {
    sumInto(sum, parseResourceList(spec.overhead));
  }
  return sum;
}

/** max(sum(containers), max(initContainers)) + overhead, like resourcehelper.PodRequests. */
export function podRequests(pod: KObject): ResourceList {
  return podResources(pod, 'requests');
}

export function podLimits(pod: KObject): ResourceList {
  return podResources(pod, 'limits');
}

export function isTerminalPod(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** QoS class: BestEffort when no container sets cpu/memory requests or limits. */
export function podQosClass(
  pod: KObject,
): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const containers = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
  ];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (
        lim[r] === undefined ||
        (req[r] !== undefined && String(req[r]) !== String(lim[r]))
      ) {
        guaranteed = false;
      }
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function q(n: number | bigint): Quantity {
  return { nano: BigInt(n) * 1_000_000_000n, format: 'DecimalSI' };
}
