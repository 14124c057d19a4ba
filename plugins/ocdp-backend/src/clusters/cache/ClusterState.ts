import {
  addQuantities,
  Quantity,
  ResourceQuantities,
  subtractQuantities,
} from '@ocdp/plugin-ocdp-common';
import { CachedNode, CachedPod } from './types';

const podKey = (pod: { namespace: string; name: string }) =>
  `${pod.namespace}/${pod.name}`;

/** A pod holds its node's resources until it finishes. */
const holdsNode = (pod: CachedPod) =>
  Boolean(pod.nodeName) && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';

/**
 * Told of every change as it is applied, to keep derived aggregates (GPU monitoring) in step
 * without recomputing over every pod. `previous` is what the cache held before.
 */
export interface ClusterStateListener {
  nodesReset(nodes: Iterable<CachedNode>): void;
  nodeChanged(
    previous: CachedNode | undefined,
    next: CachedNode | undefined,
  ): void;
  podsReset(pods: Iterable<CachedPod>): void;
  podChanged(
    previous: CachedPod | undefined,
    next: CachedPod | undefined,
  ): void;
}

/**
 * One cluster's nodes and pods with the indexes reads need, kept up to date event by event:
 * pods by namespace, and what the pods on each node request.
 */
export class ClusterState {
  readonly nodes = new Map<string, CachedNode>();
  readonly pods = new Map<string, CachedPod>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly requested = new Map<string, Record<string, Quantity>>();

  /** Counts changes of nodes and pods, so readers can keep what they derived until it moves. */
  generation = 0;

  constructor(private readonly listener?: ClusterStateListener) {}

  resetNodes(nodes: CachedNode[]) {
    this.generation++;
    this.nodes.clear();
    for (const node of nodes) this.nodes.set(node.name, node);
    this.listener?.nodesReset(this.nodes.values());
  }

  upsertNode(node: CachedNode) {
    this.generation++;
    const previous = this.nodes.get(node.name);
    this.nodes.set(node.name, node);
    this.listener?.nodeChanged(previous, node);
  }

  removeNode(name: string) {
    const previous = this.nodes.get(name);
    if (!previous) return;
    this.generation++;
    this.nodes.delete(name);
    this.listener?.nodeChanged(previous, undefined);
  }

  resetPods(pods: CachedPod[]) {
    this.generation++;
    this.pods.clear();
    this.byNamespace.clear();
    this.requested.clear();
    for (const pod of pods) this.setPod(pod);
    this.listener?.podsReset(this.pods.values());
  }

  upsertPod(pod: CachedPod) {
    this.generation++;
    const previous = this.setPod(pod);
    this.listener?.podChanged(previous, pod);
  }

  private setPod(pod: CachedPod): CachedPod | undefined {
    const key = podKey(pod);
    const previous = this.pods.get(key);
    if (previous) this.account(previous, -1);
    this.pods.set(key, pod);
    let keys = this.byNamespace.get(pod.namespace);
    if (!keys) {
      keys = new Set();
      this.byNamespace.set(pod.namespace, keys);
    }
    keys.add(key);
    this.account(pod, 1);
    return previous;
  }

  removePod(pod: { namespace: string; name: string }) {
    const key = podKey(pod);
    const previous = this.pods.get(key);
    if (!previous) return;
    this.generation++;
    this.account(previous, -1);
    this.pods.delete(key);
    const keys = this.byNamespace.get(pod.namespace);
    keys?.delete(key);
    if (keys?.size === 0) this.byNamespace.delete(pod.namespace);
    this.listener?.podChanged(previous, undefined);
  }

  podsInNamespace(namespace: string): CachedPod[] {
    return [...(this.byNamespace.get(namespace) ?? [])].map(
      key => this.pods.get(key)!,
    );
  }

  /** The effective requests of the unfinished pods bound to a node. */
  requestedOn(node: string): ResourceQuantities {
    return { ...(this.requested.get(node) ?? {}) };
  }

  private account(pod: CachedPod, sign: 1 | -1) {
    if (!holdsNode(pod)) return;
    const totals = this.requested.get(pod.nodeName!) ?? {};
    for (const [resource, amount] of Object.entries(pod.requests)) {
      const current = totals[resource];
      if (sign > 0) {
        totals[resource] = current ? addQuantities(current, amount) : amount;
      } else if (current) {
        totals[resource] = subtractQuantities(current, amount);
      }
    }
    this.requested.set(pod.nodeName!, totals);
  }
}
