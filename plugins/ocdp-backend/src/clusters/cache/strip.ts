import { V1Node, V1Pod } from '@kubernetes/client-node';
import { readPodSpec } from '@ocdp/plugin-ocdp-common';
import { CachedNode, CachedPod } from './types';

function strings(list?: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(list ?? {})) {
    out[key] = String(value);
  }
  return out;
}

export function stripNode(node: V1Node): CachedNode {
  return {
    name: node.metadata?.name ?? '',
    labels: { ...(node.metadata?.labels ?? {}) },
    capacity: strings(node.status?.capacity),
    allocatable: strings(node.status?.allocatable),
    taints: (node.spec?.taints ?? []).map(t => ({
      key: t.key,
      ...(t.value ? { value: t.value } : {}),
      effect: t.effect,
    })),
    unschedulable: node.spec?.unschedulable === true,
    ready:
      node.status?.conditions?.find(c => c.type === 'Ready')?.status !==
      'False',
  };
}

/** client-node's typed objects hold quantities as strings already; `readPodSpec` reads them. */
export function stripPod(pod: V1Pod): CachedPod {
  const owner = pod.metadata?.ownerReferences?.find(o => o.controller);
  const scheduled = pod.status?.conditions?.find(
    c => c.type === 'PodScheduled',
  );
  const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  return {
    ...readPodSpec(pod.spec ?? { containers: [] }, `pod ${key}: spec`),
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid ?? '',
    labels: { ...(pod.metadata?.labels ?? {}) },
    ...(owner ? { owner: { kind: owner.kind, name: owner.name } } : {}),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    phase: pod.status?.phase ?? 'Pending',
    ...(pod.spec?.priorityClassName
      ? { priorityClassName: pod.spec.priorityClassName }
      : {}),
    ...(scheduled?.status === 'False' && scheduled.message
      ? { unschedulableMessage: scheduled.message }
      : {}),
    terminating: Boolean(pod.metadata?.deletionTimestamp),
  };
}
