/**
 * ResourceQuota evaluation and admission, modelled on Kubernetes'
 * pkg/quota/v1/evaluator/core and the ResourceQuota admission plugin:
 * per-object usage, scopes, required-resource constraints, and the real
 * `exceeded quota: <name>, requested: ..., used: ..., limited: ...` message.
 */
import { forbidden } from '../errors';
import {
  Quantity,
  ResourceList,
  compareQuantity,
  formatResourceList,
  parseResourceList,
  prettyPrintResourceList,
  subtractQuantity,
  addQuantity,
} from '../quantity';
import type { ResourceType } from '../resources';
import { resourceId } from '../resources';
import { Entry, derived } from '../store';
import type { KObject } from '../util';
import {
  isExtendedResource,
  isTerminalPod,
  podLimits,
  podQosClass,
  podRequests,
  q,
} from './resources';

const POD_RESOURCES = new Set([
  'count/pods',
  'pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);

const VALIDATION_SET = [
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
];

const LEGACY_COUNT: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  persistentvolumeclaims: 'persistentvolumeclaims',
  configmaps: 'configmaps',
  secrets: 'secrets',
  resourcequotas: 'resourcequotas',
  replicationcontrollers: 'replicationcontrollers',
};

export function countResourceName(type: {
  plural: string;
  group: string;
}): string {
  return `count/${resourceId(type)}`;
}

/** Compute usage of a pod's containers (podComputeUsageHelper). */
function computeUsage(
  requests: ResourceList,
  limits: ResourceList,
): ResourceList {
  const out: ResourceList = new Map([['pods', q(1)]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [r, v] of requests) {
    if (r.startsWith('hugepages-')) {
      out.set(r, v);
      out.set(`requests.${r}`, v);
    }
    if (isExtendedResource(r)) out.set(`requests.${r}`, v);
  }
  return out;
}

/** All quota-tracked usage of one object (cached per stored entry). */
export function objectUsage(type: ResourceType, obj: KObject): ResourceList {
  const id = resourceId(type);
  const out: ResourceList = new Map([[countResourceName(type), q(1)]]);
  if (id === 'pods') {
    if (isTerminalPod(obj)) return out;
    for (const [k, v] of computeUsage(podRequests(obj), podLimits(obj)))
      out.set(k, v);
    return out;
  }
  const legacy = LEGACY_COUNT[id];
  if (legacy) out.set(legacy, q(1));
  if (id === 'persistentvolumeclaims') {
    const storage = parseResourceList(obj.spec?.resources?.requests).get(
      'storage',
    );
    const sc =
      obj.spec?.storageClassName ??
      obj.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
    if (storage) out.set('requests.storage', storage);
    if (sc) {
      out.set(`${sc}.storageclass.storage.k8s.io/persistentvolumeclaims`, q(1));
      if (storage)
        out.set(`${sc}.storageclass.storage.k8s.io/requests.storage`, storage);
    }
  }
  if (id === 'services') {
    const t = obj.spec?.type;
    const ports = (obj.spec?.ports ?? []).length;
    if (t === 'LoadBalancer') out.set('services.loadbalancers', q(1));
    if (t === 'NodePort' || t === 'LoadBalancer')
      out.set('services.nodeports', q(ports));
  }
  return out;
}

export function entryUsage(type: ResourceType, entry: Entry): ResourceList {
  return derived(entry, 'quota-usage', () => objectUsage(type, entry.obj));
}

/** Which of the quota's hard resource names the evaluator of this type tracks. */
export function matchingResources(
  type: ResourceType,
  names: string[],
): string[] {
  const id = resourceId(type);
  const count = countResourceName(type);
  return names.filter(n => {
    if (n === count) return true;
    if (id === 'pods') {
      return (
        POD_RESOURCES.has(n) ||
        n.startsWith('hugepages-') ||
        n.startsWith('requests.hugepages-') ||
        (n.startsWith('requests.') &&
          isExtendedResource(n.slice('requests.'.length)))
      );
    }
    if (LEGACY_COUNT[id] === n) return true;
    if (id === 'persistentvolumeclaims') {
      return (
        n === 'requests.storage' ||
        /\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/.test(
          n,
        )
      );
    }
    if (id === 'services')
      return n === 'services.loadbalancers' || n === 'services.nodeports';
    return false;
  });
}

function scopeMatches(
  scope: string,
  op: string,
  values: string[],
  pod: KObject,
): boolean {
  switch (scope) {
    case 'Terminating':
      return (
        typeof pod.spec?.activeDeadlineSeconds === 'number' &&
        pod.spec.activeDeadlineSeconds >= 0
      );
    case 'NotTerminating':
      return !(
        typeof pod.spec?.activeDeadlineSeconds === 'number' &&
        pod.spec.activeDeadlineSeconds >= 0
      );
    case 'BestEffort':
      return podQosClass(pod) === 'BestEffort';
    case 'NotBestEffort':
      return podQosClass(pod) !== 'BestEffort';
    case 'PriorityClass': {
      const pc = pod.spec?.priorityClassName;
      switch (op) {
        case 'Exists':
          return !!pc;
        case 'DoesNotExist':
          return !pc;
        case 'In':
          return !!pc && values.includes(pc);
        case 'NotIn':
          return !pc || !values.includes(pc);
        default:
          return false;
      }
    }
    default:
      return false;
  }
}

/** Whether a quota applies to an object: tracks one of its resources and all scopes match. */
export function quotaMatches(
  quota: KObject,
  type: ResourceType,
  obj: KObject,
): boolean {
  const hard = Object.keys(quota.status?.hard ?? quota.spec?.hard ?? {});
  if (matchingResources(type, hard).length === 0) return false;
  const scopes: Array<{ scope: string; op: string; values: string[] }> = [
    ...(quota.spec?.scopes ?? []).map((s: string) => ({
      scope: s,
      op: 'Exists',
      values: [],
    })),
    ...(quota.spec?.scopeSelector?.matchExpressions ?? []).map((e: any) => ({
      scope: e.scopeName,
      op: e.operator,
      values: e.values ?? [],
    })),
  ];
  if (scopes.length === 0) return true;
  if (resourceId(type) !== 'pods') return false;
  return scopes.every(s => scopeMatches(s.scope, s.op, s.values, obj));
}

/** Pods must request each of cpu/memory the quota tracks (backward-compatible constraint). */
export function quotaConstraints(
  type: ResourceType,
  required: string[],
  obj: KObject,
): string | undefined {
  if (resourceId(type) !== 'pods') return undefined;
  const requiredSet = required.filter(r => VALIDATION_SET.includes(r));
  if (!requiredSet.length) return undefined;
  const missing = new Set<string>();
  for (const c of [
    ...(obj.spec?.containers ?? []),
    ...(obj.spec?.initContainers ?? []),
  ]) {
    const usage = computeUsage(
      parseResourceList(c?.resources?.requests),
      parseResourceList(c?.resources?.limits),
    );
    for (const r of requiredSet) if (!usage.has(r)) missing.add(r);
  }
  return missing.size
    ? `must specify ${[...missing].sort().join(',')}`
    : undefined;
}

function mask(list: ResourceList, names: Iterable<string>): ResourceList {
  const out: ResourceList = new Map();
  for (const n of names) {
    const v = list.get(n);
    if (v) out.set(n, v);
  }
  return out;
}

/** The contribution of an object to a quota's usage (0 when the quota does not match it). */
export function contribution(
  quota: KObject,
  type: ResourceType,
  obj: KObject,
  usage: ResourceList,
): ResourceList {
  if (!quotaMatches(quota, type, obj)) return new Map();
  const hard = Object.keys(quota.status?.hard ?? quota.spec?.hard ?? {});
  return mask(usage, matchingResources(type, hard));
}

export interface QuotaCheckInput {
  type: ResourceType;
  obj: KObject;
  oldObj?: KObject;
  quotas: KObject[];
}

/**
 * ResourceQuota admission: throws 403 Forbidden if the object does not satisfy a quota's
 * constraints or would exceed any quota in its namespace. Accepts exactly up to the limit.
 */
export function checkQuota(input: QuotaCheckInput): void {
  const { type, obj, oldObj, quotas } = input;
  if (!quotas.length) return;
  const name = obj.metadata?.name ?? '';
  const sorted = [...quotas].sort((a, b) =>
    a.metadata!.name! < b.metadata!.name! ? -1 : 1,
  );
  const relevant: KObject[] = [];
  for (const quota of sorted) {
    if (!quotaMatches(quota, type, obj)) continue;
    const hardNames = Object.keys(quota.status?.hard ?? quota.spec?.hard ?? {});
    const restricted = matchingResources(type, hardNames);
    const err = quotaConstraints(type, restricted, obj);
    if (err) {
      throw forbidden(
        type,
        name,
        `failed quota: ${quota.metadata!.name}: ${err}`,
      );
    }
    relevant.push(quota);
  }
  if (!relevant.length) return;
  const newUsage = objectUsage(type, obj);
  const oldUsage = oldObj
    ? objectUsage(type, oldObj)
    : new Map<string, Quantity>();
  const delta: ResourceList = new Map();
  for (const [k, v] of newUsage) {
    const old = oldUsage.get(k);
    const d = old ? subtractQuantity(v, old) : v;
    if (d.nano !== 0n) delta.set(k, d);
  }
  if (!delta.size) return;
  for (const quota of relevant) {
    const hard = parseResourceList(quota.status?.hard ?? quota.spec?.hard);
    const used = parseResourceList(quota.status?.used);
    const requested = mask(delta, matchingResources(type, [...hard.keys()]));
    const exceeded: string[] = [];
    for (const [k, d] of requested) {
      if (d.nano <= 0n) continue;
      const u = used.get(k) ?? { nano: 0n, format: d.format };
      if (compareQuantity(addQuantity(u, d), hard.get(k)!) > 0)
        exceeded.push(k);
    }
    if (exceeded.length) {
      throw forbidden(
        type,
        name,
        `exceeded quota: ${
          quota.metadata!.name
        }, requested: ${prettyPrintResourceList(
          mask(requested, exceeded),
        )}, used: ${prettyPrintResourceList(
          mask(used, exceeded),
        )}, limited: ${prettyPrintResourceList(mask(hard, exceeded))}`,
      );
    }
  }
}

/** Full recomputation of a quota's status (like the quota controller's resync). */
export function computeQuotaStatus(
  quota: KObject,
  objectsByType: Array<{ type: ResourceType; entries: Iterable<Entry> }>,
): { hard: Record<string, string>; used: Record<string, string> } {
  const hard = parseResourceList(quota.spec?.hard);
  // status.hard is what is being recomputed: count against the new spec.hard only.
  const current = {
    ...quota,
    status: { ...quota.status, hard: quota.spec?.hard ?? {} },
  };
  const used: ResourceList = new Map();
  for (const [k, v] of hard) used.set(k, { nano: 0n, format: v.format });
  for (const { type, entries } of objectsByType) {
    if (!matchingResources(type, [...hard.keys()]).length) continue;
    for (const e of entries) {
      for (const [k, v] of contribution(
        current,
        type,
        e.obj,
        entryUsage(type, e),
      )) {
        const cur = used.get(k)!;
        used.set(k, addQuantity(cur, v));
      }
    }
  }
  return { hard: formatResourceList(hard), used: formatResourceList(used) };
}

/** Applies a usage delta to a quota status.used; returns undefined if nothing changed. */
export function applyUsageDelta(
  quota: KObject,
  type: ResourceType,
  oldEntry: Entry | undefined,
  newEntry: Entry | undefined,
): Record<string, string> | undefined {
  const before = oldEntry
    ? contribution(quota, type, oldEntry.obj, entryUsage(type, oldEntry))
    : new Map();
  const after = newEntry
    ? contribution(quota, type, newEntry.obj, entryUsage(type, newEntry))
    : new Map();
  const keys = new Set([...before.keys(), ...after.keys()]);
  if (!keys.size) return undefined;
  const used = parseResourceList(quota.status?.used);
  let changed = false;
  for (const k of keys) {
    const b: Quantity | undefined = before.get(k);
    const a: Quantity | undefined = after.get(k);
    const d = (a?.nano ?? 0n) - (b?.nano ?? 0n);
    if (d === 0n) continue;
    const cur = used.get(k) ?? { nano: 0n, format: (a ?? b)!.format };
    used.set(k, addQuantity(cur, { nano: d, format: (a ?? b)!.format }));
    changed = true;
  }
  return changed ? formatResourceList(used) : undefined;
}
