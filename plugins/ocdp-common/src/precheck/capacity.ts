import {
  NodeSelectorTerm,
  PodFootprint,
  ResourceQuantities,
} from '../footprint/types';
import {
  addQuantities,
  formatQuantity,
  parseQuantity,
  Quantity,
  subtractQuantities,
  ZERO_QUANTITY,
} from '../quantity';

/** A node as the capacity check reads it. @public */
export interface PrecheckNode {
  name: string;
  labels: Record<string, string>;
  allocatable: Record<string, string>;
  /** What the unfinished pods on it request, with `pods` counting them. */
  requested: ResourceQuantities;
  taints: Array<{ key: string; value?: string; effect: string }>;
  unschedulable: boolean;
  ready: boolean;
}

/** Pods to place: `count` copies of one pod. */
export interface PodsToPlace {
  workload: string;
  pod: PodFootprint;
  count: number;
}

export interface CapacityVerdict {
  ok: boolean;
  pods: number;
  reasons: string[];
  /** The nodes with the placed pods added. */
  after: PrecheckNode[];
}

const ONE = parseQuantity(1);

/** Parsed allocatable per node's allocatable map: callers rebuild nodes, the maps stay shared. */
const parsedAllocatable = new WeakMap<object, Map<string, Quantity>>();

function allocatableOf(node: PrecheckNode, resource: string): Quantity {
  let parsed = parsedAllocatable.get(node.allocatable);
  if (!parsed) {
    parsed = new Map();
    parsedAllocatable.set(node.allocatable, parsed);
  }
  let quantity = parsed.get(resource);
  if (!quantity) {
    const text = node.allocatable[resource];
    quantity = text ? parseQuantity(text) : ZERO_QUANTITY;
    parsed.set(resource, quantity);
  }
  return quantity;
}

function tolerated(
  tolerations: PodFootprint['tolerations'],
  taint: PrecheckNode['taints'][number],
): boolean {
  return tolerations.some(t => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

function termMatches(term: NodeSelectorTerm, labels: Record<string, string>) {
  return (term.matchExpressions ?? []).every(e => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const v = labels[e.key];
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        return has && values.includes(v);
      case 'NotIn':
        return !has || !values.includes(v);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'Gt':
        return has && Number(v) > Number(values[0]);
      case 'Lt':
        return has && Number(v) < Number(values[0]);
      default:
        return false;
    }
  });
}

type Refusal = 'not-ready' | 'selector' | 'taint' | string;

/** What a pod asks of a node (its non-zero requests and one pod), worked out once per pod. */
const podAsks = new WeakMap<PodFootprint, Array<[string, Quantity]>>();

function asksOf(pod: PodFootprint): Array<[string, Quantity]> {
  let asks = podAsks.get(pod);
  if (!asks) {
    asks = [
      ...(Object.entries(pod.requests) as Array<[string, Quantity]>),
      ['pods', ONE] as [string, Quantity],
    ].filter(([, q]) => q.nanos !== 0n);
    podAsks.set(pod, asks);
  }
  return asks;
}

/** Why a node cannot take the pod, or undefined when it can. */
function refusal(
  node: PrecheckNode,
  pod: PodFootprint,
  used: Record<string, Quantity>,
): Refusal | undefined {
  if (!node.ready || node.unschedulable) return 'not-ready';
  for (const [k, v] of Object.entries(pod.nodeSelector)) {
    if (node.labels[k] !== v) return 'selector';
  }
  if (
    pod.nodeAffinity.length > 0 &&
    !pod.nodeAffinity.some(t => termMatches(t, node.labels))
  ) {
    return 'selector';
  }
  for (const taint of node.taints) {
    if (
      (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') &&
      !tolerated(pod.tolerations, taint)
    ) {
      return 'taint';
    }
  }
  for (const [resource, ask] of asksOf(pod)) {
    const taken = used[resource]?.nanos ?? 0n;
    if (allocatableOf(node, resource).nanos - taken < ask.nanos) {
      return resource;
    }
  }
  return undefined;
}

function describe(resource: string, pod: PodFootprint): string {
  return resource === 'pods'
    ? 'have no room for another pod'
    : `lack ${resource} (needs ${formatQuantity(pod.requests[resource])})`;
}

/**
 * The nodes' free room as pods come and go one by one: first-fit by node name, as `placePods`.
 */
export class NodeRoom {
  private readonly sorted: PrecheckNode[];
  private readonly byName: Map<string, PrecheckNode>;
  /** The requested totals of the nodes pods were placed on or removed from (copied on change). */
  private readonly changed = new Map<string, Record<string, Quantity>>();

  constructor(nodes: readonly PrecheckNode[]) {
    this.sorted = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
    this.byName = new Map(this.sorted.map(n => [n.name, n]));
  }

  private usedOn(node: PrecheckNode): Record<string, Quantity> {
    return this.changed.get(node.name) ?? node.requested;
  }

  /** The nodes with what was placed on them. */
  nodesAfter(): PrecheckNode[] {
    return this.sorted.map(n => {
      const used = this.changed.get(n.name);
      return used ? { ...n, requested: used } : n;
    });
  }

  /** Binds the pod to the first node that takes it; undefined when none does. */
  place(pod: PodFootprint): string | undefined {
    const node = this.sorted.find(n => !refusal(n, pod, this.usedOn(n)));
    if (!node) return undefined;
    this.change(node.name, pod.requests, 1);
    return node.name;
  }

  /** A pod bound to `nodeName` has gone. */
  remove(nodeName: string, requests: Record<string, Quantity>): void {
    if (this.byName.has(nodeName)) this.change(nodeName, requests, -1);
  }

  /** Why no node takes the pod now, as `placePods` says it. */
  explain(pod: PodFootprint): string {
    const why = new Map<Refusal, number>();
    for (const n of this.sorted) {
      const r = refusal(n, pod, this.usedOn(n));
      if (r) why.set(r, (why.get(r) ?? 0) + 1);
    }
    const parts = [...why.entries()].map(([r, n]) => {
      if (r === 'not-ready') return `${n} not ready or cordoned`;
      if (r === 'selector') return `${n} outside the node selector`;
      if (r === 'taint') return `${n} with a taint it does not tolerate`;
      return `${n} ${describe(r, pod)}`;
    });
    return `fits on none of the ${this.sorted.length} nodes: ${parts.join(
      ', ',
    )}`;
  }

  private change(
    nodeName: string,
    requests: Record<string, Quantity>,
    sign: 1 | -1,
  ): void {
    let u = this.changed.get(nodeName);
    if (!u) {
      u = { ...this.byName.get(nodeName)!.requested };
      this.changed.set(nodeName, u);
    }
    for (const [k, q] of [
      ...Object.entries(requests),
      ['pods', ONE] as [string, Quantity],
    ]) {
      if (sign > 0) u[k] = u[k] ? addQuantities(u[k], q) : q;
      else if (u[k]) u[k] = subtractQuantities(u[k], q);
    }
  }
}

/**
 * Places every new pod, all together, first-fit over the nodes by name (as a simple scheduler
 * would, honouring readiness, cordons, node selectors and required node affinity, NoSchedule and
 * NoExecute taints, and free allocatable of every requested resource and the pod count).
 */
export function placePods(
  batches: readonly PodsToPlace[],
  nodes: readonly PrecheckNode[],
): CapacityVerdict {
  const room = new NodeRoom(nodes);
  const reasons: string[] = [];
  const total = batches.reduce((n, b) => n + Math.max(0, b.count), 0);
  for (const batch of batches) {
    for (let i = 0; i < batch.count; i++) {
      if (!room.place(batch.pod)) {
        reasons.push(
          `pod ${i + 1} of ${batch.count} of ${batch.workload} ${room.explain(
            batch.pod,
          )}`,
        );
        break;
      }
    }
  }
  return {
    ok: reasons.length === 0,
    pods: total,
    reasons,
    after: room.nodesAfter(),
  };
}
