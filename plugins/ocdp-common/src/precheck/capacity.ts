import {
  NodeSelectorTerm,
  PodFootprint,
  ResourceQuantities,
} from '../footprint/types';
import {
  addQuantities,
  compareQuantities,
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
  const asks: Array<[string, Quantity]> = [
    ...Object.entries(pod.requests),
    ['pods', ONE],
  ];
  for (const [resource, ask] of asks) {
    if (ask.nanos === 0n) continue;
    const allocatable = node.allocatable[resource]
      ? parseQuantity(node.allocatable[resource])
      : ZERO_QUANTITY;
    const free = subtractQuantities(
      allocatable,
      used[resource] ?? ZERO_QUANTITY,
    );
    if (compareQuantities(free, ask) < 0) return resource;
  }
  return undefined;
}

function describe(resource: string, pod: PodFootprint): string {
  return resource === 'pods'
    ? 'have no room for another pod'
    : `lack ${resource} (needs ${formatQuantity(pod.requests[resource])})`;
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
  const sorted = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
  const used = new Map<string, Record<string, Quantity>>(
    sorted.map(n => [n.name, { ...n.requested }]),
  );
  const reasons: string[] = [];
  const total = batches.reduce((n, b) => n + Math.max(0, b.count), 0);
  for (const batch of batches) {
    for (let i = 0; i < batch.count; i++) {
      const why = new Map<Refusal, number>();
      const node = sorted.find(n => {
        const r = refusal(n, batch.pod, used.get(n.name)!);
        if (r) why.set(r, (why.get(r) ?? 0) + 1);
        return !r;
      });
      if (!node) {
        const parts = [...why.entries()].map(([r, n]) => {
          if (r === 'not-ready') return `${n} not ready or cordoned`;
          if (r === 'selector') return `${n} outside the node selector`;
          if (r === 'taint') return `${n} with a taint it does not tolerate`;
          return `${n} ${describe(r, batch.pod)}`;
        });
        reasons.push(
          `pod ${i + 1} of ${batch.count} of ${
            batch.workload
          } fits on none of the ${sorted.length} nodes: ${parts.join(', ')}`,
        );
        break;
      }
      const u = used.get(node.name)!;
      for (const [k, q] of [
        ...Object.entries(batch.pod.requests),
        ['pods', ONE] as [string, Quantity],
      ]) {
        u[k] = u[k] ? addQuantities(u[k], q) : q;
      }
    }
  }
  return {
    ok: reasons.length === 0,
    pods: total,
    reasons,
    after: sorted.map(n => ({ ...n, requested: used.get(n.name)! })),
  };
}

/**
 * The nodes' free room as pods come and go one by one: first-fit by node name, as `placePods`.
 */
export class NodeRoom {
  private readonly sorted: PrecheckNode[];
  private readonly used: Map<string, Record<string, Quantity>>;

  constructor(nodes: readonly PrecheckNode[]) {
    this.sorted = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
    this.used = new Map(this.sorted.map(n => [n.name, { ...n.requested }]));
  }

  /** Binds the pod to the first node that takes it; undefined when none does. */
  place(pod: PodFootprint): string | undefined {
    const node = this.sorted.find(
      n => !refusal(n, pod, this.used.get(n.name)!),
    );
    if (!node) return undefined;
    this.change(node.name, pod.requests, 1);
    return node.name;
  }

  /** A pod bound to `nodeName` has gone. */
  remove(nodeName: string, requests: Record<string, Quantity>): void {
    if (this.used.has(nodeName)) this.change(nodeName, requests, -1);
  }

  /** Why no node takes the pod now, as `placePods` says it. */
  explain(pod: PodFootprint): string {
    const why = new Map<Refusal, number>();
    for (const n of this.sorted) {
      const r = refusal(n, pod, this.used.get(n.name)!);
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
    const u = this.used.get(nodeName)!;
    for (const [k, q] of [
      ...Object.entries(requests),
      ['pods', ONE] as [string, Quantity],
    ]) {
      if (sign > 0) u[k] = u[k] ? addQuantities(u[k], q) : q;
      else if (u[k]) u[k] = subtractQuantities(u[k], q);
    }
  }
}
