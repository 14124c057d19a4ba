/**
 * A first-fit scheduler: binds pending pods to the first Ready node (by name) that
 * passes unschedulable/taint/nodeSelector/affinity filters and has enough
 * allocatable cpu, memory, pods and extended resources (nvidia.com/gpu, MIG
 * profiles, nvidia.com/gpumem...). Otherwise the pod stays Pending with a
 * PodScheduled=False condition and a FailedScheduling event, and is retried
 * when capacity frees up or nodes change.
 */
import { isTerminalPod, podRequests } from './admission/resources';
import type { KubeApi } from './api';
import type { Controller } from './controllers/manager';
import type { EventRecorder } from './events';
import { parseResourceList } from './quantity';
import { Change, Entry, Store, derived, objectKey } from './store';
import { KObject, deepClone, nowTimestamp } from './util';

type Usage = Map<string, bigint>;

/** Requests (nano-units) a bound pod holds on its node, including one "pods" slot. */
export function podNodeUsage(entry: Entry): Usage {
  return derived(entry, 'node-usage', () => {
    const out: Usage = new Map([['pods', 1_000_000_000n]]);
    for (const [k, v] of podRequests(entry.obj)) out.set(k, v.nano);
    return out;
  });
}

function holdsResources(pod: KObject): boolean {
  return !!pod.spec?.nodeName && !isTerminalPod(pod);
}

export function nodeAllocatable(node: KObject): Usage {
  const out: Usage = new Map();
  for (const [k, v] of parseResourceList(
    node.status?.allocatable ?? node.status?.capacity,
  )) {
    out.set(k, v.nano);
  }
  return out;
}

export function isNodeReady(node: KObject): boolean {
  const ready = (node.status?.conditions ?? []).find(
    (c: any) => c.type === 'Ready',
  );
  return ready ? ready.status === 'True' : true;
}

function tolerates(tolerations: any[], taint: any): boolean {
  return tolerations.some(t => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

function matchNodeSelectorTerm(
  term: any,
  labels: Record<string, string>,
): boolean {
  return (term.matchExpressions ?? []).every((e: any) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const v = labels[e.key];
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(v);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(v);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'Gt':
        return has && Number(v) > Number(e.values?.[0]);
      case 'Lt':
        return has && Number(v) < Number(e.values?.[0]);
      default:
        return false;
    }
  });
}

/** nodeSelector plus requiredDuringSchedulingIgnoredDuringExecution node affinity. */
export function matchesNodeSelection(pod: KObject, node: KObject): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries<string>(pod.spec?.nodeSelector ?? {})) {
    if (labels[k] !== v) return false;
  }
  const terms =
    pod.spec?.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (Array.isArray(terms) && terms.length) {
    return terms.some(t => matchNodeSelectorTerm(t, labels));
  }
  return true;
}

export class Scheduler implements Controller {
  readonly name = 'scheduler';
  /** nodeName -> requested nano-units of bound, non-terminal pods. */
  private readonly usage = new Map<string, Usage>();
  /** Keys of pods waiting for a node, in arrival order. */
  private readonly pending = new Set<string>();
  private podIp = 0;

  constructor(
    private readonly store: Store,
    private readonly api: KubeApi,
    private readonly events: EventRecorder,
  ) {}

  private get podType() {
    return this.store.typeOf('pods');
  }

  private get nodeType() {
    return this.store.typeOf('nodes');
  }

  private add(nodeName: string, u: Usage, sign: 1n | -1n): void {
    let cur = this.usage.get(nodeName);
    if (!cur) {
      cur = new Map();
      this.usage.set(nodeName, cur);
    }
    for (const [k, v] of u) cur.set(k, (cur.get(k) ?? 0n) + sign * v);
  }

  /** Node usage of a node (requests of bound pods). */
  nodeUsage(nodeName: string): Map<string, bigint> {
    return this.usage.get(nodeName) ?? new Map();
  }

  /** Rebuilds usage and the pending queue from the store (after bulk loads). */
  resync(): void {
    this.usage.clear();
    this.pending.clear();
    for (const [key, e] of this.store.table(this.podType).map) {
      if (holdsResources(e.obj))
        this.add(e.obj.spec.nodeName, podNodeUsage(e), 1n);
      else if (this.isSchedulable(e.obj)) this.pending.add(key);
    }
  }

  private isSchedulable(pod: KObject): boolean {
    return (
      !pod.spec?.nodeName &&
      !isTerminalPod(pod) &&
      !pod.metadata?.deletionTimestamp &&
      (pod.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler'
    );
  }

  onChange(c: Change, enqueue: (key: string) => void): void {
    if (c.table.id === 'nodes') {
      if (c.type !== 'DELETED') enqueue('*');
      return;
    }
    if (c.table.id !== 'pods') return;
    const was = c.old && holdsResources(c.old.obj);
    const is = c.type !== 'DELETED' && holdsResources(c.entry.obj);
    if (was) this.add(c.old!.obj.spec.nodeName, podNodeUsage(c.old!), -1n);
    if (is) this.add(c.entry.obj.spec.nodeName, podNodeUsage(c.entry), 1n);
    if (
      is &&
      c.entry.obj.status?.phase === 'Pending' &&
      !c.entry.obj.metadata?.deletionTimestamp
    ) {
      enqueue(`start:${c.key}`);
    }
    if (c.type !== 'DELETED' && this.isSchedulable(c.entry.obj)) {
      if (!this.pending.has(c.key)) {
        this.pending.add(c.key);
        enqueue(c.key);
      }
    } else {
      this.pending.delete(c.key);
    }
    // capacity freed: retry pending pods
    if (was && !is && this.pending.size) enqueue('*');
  }

  reconcile(key: string): void {
    if (key === '*') {
      for (const k of [...this.pending]) this.schedule(k);
      return;
    }
    if (key.startsWith('start:')) {
      const pod = this.store.table(this.podType).map.get(key.slice(6))?.obj;
      const node =
        pod &&
        this.store.getObject(this.nodeType, undefined, pod.spec?.nodeName);
      if (pod && node) this.startPod(pod, node);
      return;
    }
    this.schedule(key);
  }

  private schedule(key: string): void {
    const entry = this.store.table(this.podType).map.get(key);
    if (!entry || !this.isSchedulable(entry.obj)) {
      this.pending.delete(key);
      return;
    }
    const pod = entry.obj;
    const nodes = [...this.store.table(this.nodeType).scan(undefined)].map(
      ([, e]) => e.obj,
    );
    const requests = podNodeUsage(entry);
    const reasons = new Map<string, number>();
    const bump = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const tolerations = pod.spec?.tolerations ?? [];
    for (const node of nodes) {
      if (pod.spec?.nodeName && pod.spec.nodeName !== node.metadata!.name)
        continue;
      if (node.spec?.unschedulable) {
        bump('node(s) were unschedulable');
        continue;
      }
      if (!isNodeReady(node)) {
        const t = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
        if (!tolerates(tolerations, t)) {
          bump(
            'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
          );
          continue;
        }
      }
      const taint = (node.spec?.taints ?? []).find(
        (t: any) =>
          (t.effect === 'NoSchedule' || t.effect === 'NoExecute') &&
          !tolerates(tolerations, t),
      );
      if (taint) {
        bump(
          `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
        );
        continue;
      }
      if (!matchesNodeSelection(pod, node)) {
        bump("node(s) didn't match Pod's node affinity/selector");
        continue;
      }
      const alloc = nodeAllocatable(node);
      const used = this.nodeUsage(node.metadata!.name!);
      const insufficient: string[] = [];
      for (const [res, req] of requests) {
        if (req <= 0n) continue;
        const free = (alloc.get(res) ?? 0n) - (used.get(res) ?? 0n);
        if (req > free)
          insufficient.push(
            res === 'pods' ? 'Too many pods' : `Insufficient ${res}`,
          );
      }
      if (insufficient.length) {
        insufficient.forEach(bump);
        continue;
      }
      this.bind(entry, node);
      return;
    }
    this.markUnschedulable(entry, nodes.length, reasons);
  }

  private bind(entry: Entry, node: KObject): void {
    const pod = deepClone(entry.obj);
    const nodeName = node.metadata!.name!;
    pod.spec.nodeName = nodeName;
    const now = nowTimestamp();
    pod.status = pod.status ?? {};
    pod.status.conditions = [
      ...(pod.status.conditions ?? []).filter(
        (c: any) => c.type !== 'PodScheduled',
      ),
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: now,
      },
    ];
    this.pending.delete(
      objectKey(pod.metadata!.namespace, pod.metadata!.name!),
    );
    const bound = this.api.update(
      this.podType,
      pod.metadata!.namespace,
      pod.metadata!.name!,
      pod,
      { internal: true },
    );
    this.events.record(
      bound,
      'Normal',
      'Scheduled',
      `Successfully assigned ${pod.metadata!.namespace}/${
        pod.metadata!.name
      } to ${nodeName}`,
      'default-scheduler',
    );
  }

  /** The simulated kubelet: a bound pod starts running right away. */
  private startPod(pod: KObject, node: KObject): void {
    const current = this.store.getObject(
      this.podType,
      pod.metadata!.namespace,
      pod.metadata!.name!,
    );
    if (!current || current.status?.phase !== 'Pending') return;
    const obj = deepClone(current);
    const now = nowTimestamp();
    const n = ++this.podIp;
    const hostIP =
      (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')
        ?.address ?? '10.0.0.1';
    const cond = (type: string) => ({
      type,
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: now,
    });
    obj.status = {
      ...obj.status,
      phase: 'Running',
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP: `10.${128 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${n & 255}`,
      startTime: now,
      conditions: [
        cond('PodReadyToStartContainers'),
        cond('Initialized'),
        cond('Ready'),
        cond('ContainersReady'),
        ...(obj.status?.conditions ?? []).filter(
          (c: any) => c.type === 'PodScheduled',
        ),
      ],
      containerStatuses: (obj.spec?.containers ?? []).map((c: any) => ({
        name: c.name,
        image: c.image,
        imageID: `${c.image}@sha256:simulated`,
        containerID: `containerd://${this.store.rng.uid().replace(/-/g, '')}`,
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: now } },
      })),
    };
    obj.status.podIPs = [{ ip: obj.status.podIP }];
    this.api.update(
      this.podType,
      obj.metadata!.namespace,
      obj.metadata!.name!,
      obj,
      { internal: true },
    );
  }

  private markUnschedulable(
    entry: Entry,
    nodeCount: number,
    reasons: Map<string, number>,
  ): void {
    const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
    const message = `0/${nodeCount} nodes are available${
      parts.length ? `: ${parts.join(', ')}` : ''
    }. preemption: 0/${nodeCount} nodes are available: ${nodeCount} Preemption is not helpful for scheduling.`;
    const pod = entry.obj;
    const existing = (pod.status?.conditions ?? []).find(
      (c: any) => c.type === 'PodScheduled',
    );
    if (existing?.status === 'False' && existing.message === message) return;
    const obj = deepClone(pod);
    obj.status = obj.status ?? {};
    obj.status.conditions = [
      ...(obj.status.conditions ?? []).filter(
        (c: any) => c.type !== 'PodScheduled',
      ),
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: nowTimestamp(),
        reason: 'Unschedulable',
        message,
      },
    ];
    const updated = this.api.update(
      this.podType,
      obj.metadata!.namespace,
      obj.metadata!.name!,
      obj,
      { internal: true },
    );
    this.events.record(
      updated,
      'Warning',
      'FailedScheduling',
      message,
      'default-scheduler',
    );
  }
}
