/** Helpers shared by the simulated workload controllers. */
import { isTerminalPod } from '../admission/resources';
import type { KubeApi } from '../api';
import { KubeStatusError } from '../errors';
import type { ResourceType } from '../resources';
import type { Entry, Store } from '../store';
import { KObject, deepClone, deepEqual, ownerRefTo } from '../util';

export function ownedBy(
  store: Store,
  owner: KObject,
  tableId: string,
): Entry[] {
  const uid = owner.metadata?.uid;
  if (!uid) return [];
  return store
    .dependentsOf(uid)
    .filter(
      d =>
        d.table.id === tableId &&
        d.entry.obj.metadata?.ownerReferences?.some(
          r => r.uid === uid && r.controller,
        ),
    )
    .map(d => d.entry);
}

export function isPodActive(pod: KObject): boolean {
  return !isTerminalPod(pod) && !pod.metadata?.deletionTimestamp;
}

export function isPodReady(pod: KObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
}

/** A pod built from a pod template, owned (controller=true) by `owner`. */
export function podFromTemplate(
  template: any,
  owner: KObject,
  name: { name?: string; generateName?: string },
  extraLabels: Record<string, string> = {},
): KObject {
  const t = deepClone(template ?? {});
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...name,
      namespace: owner.metadata!.namespace,
      labels: { ...(t.metadata?.labels ?? {}), ...extraLabels },
      ...(t.metadata?.annotations
        ? { annotations: t.metadata.annotations }
        : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    spec: t.spec ?? {},
  };
}

/** Writes `status` if it changed (controller status update). */
export function writeStatus(
  api: KubeApi,
  type: ResourceType,
  obj: KObject,
  status: any,
): void {
  if (deepEqual(obj.status, status)) return;
  const next = { ...deepClone(obj), status };
  api.update(type, obj.metadata!.namespace, obj.metadata!.name!, next, {
    internal: true,
  });
}

export function errorMessage(e: unknown): string {
  return e instanceof KubeStatusError || e instanceof Error
    ? e.message
    : String(e);
}

/** Kubernetes' intstr percentages: "25%" of total, rounded up or down. */
export function resolveIntOrPercent(
  v: unknown,
  total: number,
  roundUp: boolean,
): number {
  if (typeof v === 'number') return v;
  const s = String(v ?? '0');
  if (s.endsWith('%')) {
    const x = (Number(s.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return Number(s) || 0;
}

/** Orders pods for scale-down: unscheduled, pending, not ready, then newest first. */
export function scaleDownOrder(a: KObject, b: KObject): number {
  const rank = (p: KObject) => {
    if (!p.spec?.nodeName) return 0;
    if (p.status?.phase === 'Pending') return 1;
    return isPodReady(p) ? 3 : 2;
  };
  const d = rank(a) - rank(b);
  if (d) return d;
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? 1 : -1;
}

export function parseKey(key: string): { ns?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0
    ? { name: key }
    : { ns: key.slice(0, i), name: key.slice(i + 1) };
}

/** Enqueue the controller owner (of a given kind) of a changed object. */
export function ownerKey(
  obj: KObject | undefined,
  kind: string,
): string | undefined {
  const ref = obj?.metadata?.ownerReferences?.find(
    r => r.controller && r.kind === kind,
  );
  return ref ? `${obj!.metadata!.namespace}/${ref.name}` : undefined;
}
