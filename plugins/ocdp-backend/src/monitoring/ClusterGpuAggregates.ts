import { GpuAmounts, GpuModelRow } from '@ocdp/plugin-ocdp-common';
import { ClusterStateListener } from '../clusters/cache/ClusterState';
import { CachedNode, CachedPod } from '../clusters/cache/types';
import {
  addAmounts,
  compareText,
  GFD_LABELS,
  gpuAmountsOf,
  gpuRequestsOf,
  GPU_RESOURCE,
  numberLabel,
  UNKNOWN_PRODUCT,
} from './gpuResources';

/** The label the Backstage Kubernetes plugin finds an entity's objects by. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
/** The Helm release a pod belongs to (our charts, Flux, most charts). */
export const RELEASE_LABEL = 'app.kubernetes.io/instance';

/** What a GPU node offers, read from its labels and status. */
export interface GpuNodeFacts {
  name: string;
  product: string;
  memoryMiB?: number;
  gpuCount?: number;
  sharingStrategy?: string;
  migStrategy?: string;
  ready: boolean;
  unschedulable: boolean;
  capacity: Record<string, number>;
  allocatable: Record<string, number>;
}

/** What one pod adds to the aggregates: GPU resources it holds on a node, or asks for. */
export interface GpuPodContribution {
  namespace: string;
  name: string;
  /** `holds`: bound and not finished; `pending`: waiting for the scheduler. */
  state: 'holds' | 'pending';
  node?: string;
  /** The pod's Helm release (`app.kubernetes.io/instance`), `''` when it has none. */
  release: string;
  resources: Record<string, number>;
  /** `nvidia.com/gpu.product` the pod selects. */
  product?: string;
  reason?: string;
}

/** GPU resources held and asked for by the pods of one namespace and release. */
export interface GpuHoldingTotals {
  resources: Record<string, number>;
  pods: number;
  pendingPods: number;
  pendingResources: Record<string, number>;
}

interface ModelTotals {
  nodes: number;
  capacity: Record<string, number>;
  allocatable: Record<string, number>;
  allocated: Record<string, number>;
  memoryMiB: Map<number, number>;
  sharing: Map<string, number>;
}

const emptyHolding = (): GpuHoldingTotals => ({
  resources: {},
  pods: 0,
  pendingPods: 0,
  pendingResources: {},
});

const podKey = (pod: { namespace: string; name: string }) =>
  `${pod.namespace}/${pod.name}`;

/** `GpuAmounts` of one resource from capacity, allocatable and allocated lists. */
export function amountsOf(
  resource: string,
  capacity: Record<string, number>,
  allocatable: Record<string, number>,
  allocated: Record<string, number>,
): GpuAmounts {
  const a = allocatable[resource] ?? 0;
  const used = allocated[resource] ?? 0;
  return {
    capacity: capacity[resource] ?? 0,
    allocatable: a,
    allocated: used,
    free: Math.max(0, a - used),
  };
}

/** Every resource named in any of the lists, as `GpuAmounts`. */
export function amountsByResource(
  capacity: Record<string, number>,
  allocatable: Record<string, number>,
  allocated: Record<string, number>,
): Record<string, GpuAmounts> {
  const names = new Set([
    ...Object.keys(capacity),
    ...Object.keys(allocatable),
    ...Object.keys(allocated),
  ]);
  const out: Record<string, GpuAmounts> = {};
  for (const name of [...names].sort()) {
    out[name] = amountsOf(name, capacity, allocatable, allocated);
  }
  return out;
}

function factsOf(node: CachedNode): GpuNodeFacts | undefined {
  const capacity = gpuAmountsOf(node.capacity);
  const allocatable = gpuAmountsOf(node.allocatable);
  const product = node.labels[GFD_LABELS.product];
  if (
    !product &&
    !Object.keys(capacity).length &&
    !Object.keys(allocatable).length
  ) {
    return undefined;
  }
  const memoryMiB = numberLabel(node.labels[GFD_LABELS.memory]);
  const gpuCount = numberLabel(node.labels[GFD_LABELS.count]);
  const sharingStrategy = node.labels[GFD_LABELS.sharingStrategy];
  const migStrategy = node.labels[GFD_LABELS.migStrategy];
  return {
    name: node.name,
    product: product || UNKNOWN_PRODUCT,
    ...(memoryMiB !== undefined ? { memoryMiB } : {}),
    ...(gpuCount !== undefined ? { gpuCount } : {}),
    ...(sharingStrategy ? { sharingStrategy } : {}),
    ...(migStrategy ? { migStrategy } : {}),
    ready: node.ready,
    unschedulable: node.unschedulable,
    capacity,
    allocatable,
  };
}

function contributionOf(pod: CachedPod): GpuPodContribution | undefined {
  const resources = gpuRequestsOf(pod.requests);
  if (!Object.keys(resources).length) return undefined;
  const finished = pod.phase === 'Succeeded' || pod.phase === 'Failed';
  const common = {
    namespace: pod.namespace,
    name: pod.name,
    release: pod.labels[RELEASE_LABEL] ?? '',
    resources,
  };
  if (pod.nodeName && !finished) {
    return { ...common, state: 'holds', node: pod.nodeName };
  }
  if (!pod.nodeName && pod.phase === 'Pending' && !pod.terminating) {
    const product = pod.gpuProduct ?? pod.nodeSelector[GFD_LABELS.product];
    return {
      ...common,
      state: 'pending',
      ...(product ? { product } : {}),
      ...(pod.unschedulableMessage ? { reason: pod.unschedulableMessage } : {}),
    };
  }
  return undefined;
}

/**
 * One cluster's GPU numbers, kept up to date as the cluster cache applies events: each change
 * subtracts what the old node or pod added and adds what the new one adds, so reads never walk
 * every pod. Totals and model rows cover the GPU nodes the cache holds.
 */
export class ClusterGpuAggregates implements ClusterStateListener {
  private readonly gpuNodes = new Map<string, GpuNodeFacts>();
  private readonly allocatedOnNode = new Map<
    string,
    { resources: Record<string, number>; pods: number }
  >();
  private readonly models = new Map<string, ModelTotals>();
  private capacity: Record<string, number> = {};
  private allocatable: Record<string, number> = {};
  private allocated: Record<string, number> = {};
  private readonly contributions = new Map<string, GpuPodContribution>();
  private readonly namespaces = new Map<
    string,
    Map<string, GpuHoldingTotals>
  >();
  private readonly pending = new Map<string, GpuPodContribution>();
  private readonly byKubernetesId = new Map<string, Map<string, CachedPod>>();
  /** Increases with every change that touched the aggregates. */
  version = 0;
  private pendingVersion = 0;
  private pendingSorted?: { version: number; pods: GpuPodContribution[] };

  nodesReset(nodes: Iterable<CachedNode>): void {
    this.gpuNodes.clear();
    this.models.clear();
    this.capacity = {};
    this.allocatable = {};
    this.allocated = {};
    for (const node of nodes) this.nodeChanged(undefined, node);
    this.version++;
  }

  nodeChanged(
    previous: CachedNode | undefined,
    next: CachedNode | undefined,
  ): void {
    const name = (next ?? previous)?.name;
    if (name === undefined) return;
    const old = this.gpuNodes.get(name);
    if (old) this.countNode(old, -1);
    const facts = next ? factsOf(next) : undefined;
    if (facts) this.countNode(facts, 1);
    if (old || facts) this.version++;
  }

  podsReset(pods: Iterable<CachedPod>): void {
    this.contributions.clear();
    this.allocatedOnNode.clear();
    this.namespaces.clear();
    this.pending.clear();
    this.pendingVersion++;
    this.byKubernetesId.clear();
    this.allocated = {};
    for (const model of this.models.values()) model.allocated = {};
    for (const pod of pods) this.podChanged(undefined, pod);
    this.version++;
  }

  podChanged(previous: CachedPod | undefined, next: CachedPod | undefined) {
    const pod = next ?? previous;
    if (!pod) return;
    const key = podKey(pod);
    const old = this.contributions.get(key);
    const contribution = next ? contributionOf(next) : undefined;
    this.indexKubernetesId(key, previous, next);
    // most pod updates (status, readiness, restarts) change nothing GPU monitoring counts
    if (old && contribution && sameContribution(old, contribution)) return;
    if (old) {
      this.count(key, old, -1);
      this.contributions.delete(key);
    }
    if (contribution) {
      this.count(key, contribution, 1);
      this.contributions.set(key, contribution);
    }
    if (old || contribution) this.version++;
  }

  /** Cluster-wide amounts of every GPU resource over the GPU nodes. */
  resources(): Record<string, GpuAmounts> {
    return amountsByResource(this.capacity, this.allocatable, this.allocated);
  }

  gpus(): GpuAmounts {
    return amountsOf(
      GPU_RESOURCE,
      this.capacity,
      this.allocatable,
      this.allocated,
    );
  }

  gpuNodeCount(): number {
    return this.gpuNodes.size;
  }

  modelRows(): GpuModelRow[] {
    return [...this.models.entries()]
      .map(([product, m]) => {
        const memory = [...m.memoryMiB.keys()];
        return {
          product,
          ...(memory.length === 1 ? { memoryMiB: memory[0] } : {}),
          nodes: m.nodes,
          sharingStrategies: [...m.sharing.keys()].sort(),
          ...amountsOf(GPU_RESOURCE, m.capacity, m.allocatable, m.allocated),
        };
      })
      .sort((a, b) => compareText(a.product, b.product));
  }

  nodes(): Iterable<GpuNodeFacts> {
    return this.gpuNodes.values();
  }

  node(name: string): GpuNodeFacts | undefined {
    return this.gpuNodes.get(name);
  }

  allocatedOn(node: string): {
    resources: Record<string, number>;
    pods: number;
  } {
    return this.allocatedOnNode.get(node) ?? { resources: {}, pods: 0 };
  }

  /** Namespace → release → what its pods hold and ask for (only namespaces with GPU pods). */
  holdings(): ReadonlyMap<string, ReadonlyMap<string, GpuHoldingTotals>> {
    return this.namespaces;
  }

  pendingPods(): Iterable<GpuPodContribution> {
    return this.pending.values();
  }

  /** Pending GPU pods by namespace and name; sorted again only after the pending set changed. */
  sortedPendingPods(): readonly GpuPodContribution[] {
    if (this.pendingSorted?.version !== this.pendingVersion) {
      const pods = [...this.pending.values()].sort(
        (a, b) =>
          compareText(a.namespace, b.namespace) || compareText(a.name, b.name),
      );
      this.pendingSorted = { version: this.pendingVersion, pods };
    }
    return this.pendingSorted.pods;
  }

  /** What a pod holds or asks for, when it has GPU resources. */
  contribution(namespace: string, name: string) {
    return this.contributions.get(`${namespace}/${name}`);
  }

  podsWithKubernetesId(id: string): CachedPod[] {
    return [...(this.byKubernetesId.get(id)?.values() ?? [])];
  }

  private countNode(facts: GpuNodeFacts, sign: 1 | -1) {
    addAmounts(this.capacity, facts.capacity, sign);
    addAmounts(this.allocatable, facts.allocatable, sign);
    const held = this.allocatedOnNode.get(facts.name)?.resources ?? {};
    addAmounts(this.allocated, held, sign);
    let model = this.models.get(facts.product);
    if (!model) {
      model = {
        nodes: 0,
        capacity: {},
        allocatable: {},
        allocated: {},
        memoryMiB: new Map(),
        sharing: new Map(),
      };
      this.models.set(facts.product, model);
    }
    model.nodes += sign;
    addAmounts(model.capacity, facts.capacity, sign);
    addAmounts(model.allocatable, facts.allocatable, sign);
    addAmounts(model.allocated, held, sign);
    if (facts.memoryMiB !== undefined) {
      bump(model.memoryMiB, facts.memoryMiB, sign);
    }
    bump(model.sharing, facts.sharingStrategy ?? 'none', sign);
    if (model.nodes === 0) this.models.delete(facts.product);
    if (sign > 0) this.gpuNodes.set(facts.name, facts);
    else this.gpuNodes.delete(facts.name);
  }

  private count(key: string, c: GpuPodContribution, sign: 1 | -1) {
    const releases = this.namespaces.get(c.namespace) ?? new Map();
    this.namespaces.set(c.namespace, releases);
    const holding: GpuHoldingTotals = releases.get(c.release) ?? emptyHolding();
    releases.set(c.release, holding);
    if (c.state === 'holds') {
      const node = this.allocatedOnNode.get(c.node!) ?? {
        resources: {},
        pods: 0,
      };
      addAmounts(node.resources, c.resources, sign);
      node.pods += sign;
      if (node.pods === 0) this.allocatedOnNode.delete(c.node!);
      else this.allocatedOnNode.set(c.node!, node);
      const facts = this.gpuNodes.get(c.node!);
      if (facts) {
        addAmounts(this.allocated, c.resources, sign);
        addAmounts(
          this.models.get(facts.product)!.allocated,
          c.resources,
          sign,
        );
      }
      addAmounts(holding.resources, c.resources, sign);
      holding.pods += sign;
    } else {
      addAmounts(holding.pendingResources, c.resources, sign);
      holding.pendingPods += sign;
      this.pendingVersion++;
      if (sign > 0) this.pending.set(key, c);
      else this.pending.delete(key);
    }
    if (holding.pods === 0 && holding.pendingPods === 0) {
      releases.delete(c.release);
      if (!releases.size) this.namespaces.delete(c.namespace);
    }
  }

  private indexKubernetesId(
    key: string,
    previous: CachedPod | undefined,
    next: CachedPod | undefined,
  ) {
    const before = previous?.labels[KUBERNETES_ID_LABEL];
    const after = next?.labels[KUBERNETES_ID_LABEL];
    if (before !== undefined) {
      const pods = this.byKubernetesId.get(before);
      pods?.delete(key);
      if (pods?.size === 0) this.byKubernetesId.delete(before);
    }
    if (after !== undefined && next) {
      const pods = this.byKubernetesId.get(after) ?? new Map();
      pods.set(key, next);
      this.byKubernetesId.set(after, pods);
    }
  }
}

function sameContribution(a: GpuPodContribution, b: GpuPodContribution) {
  if (
    a.state !== b.state ||
    a.node !== b.node ||
    a.release !== b.release ||
    a.product !== b.product ||
    a.reason !== b.reason
  ) {
    return false;
  }
  const names = Object.keys(a.resources);
  return (
    names.length === Object.keys(b.resources).length &&
    names.every(name => a.resources[name] === b.resources[name])
  );
}

function bump<K>(counts: Map<K, number>, key: K, sign: 1 | -1) {
  const next = (counts.get(key) ?? 0) + sign;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
