/** One sync of a rollout: new pods created next to `oldRunning` old ones, then old ones removed. */
export interface RolloutStep {
  /** Old pods still there (running or terminating) while the new ones are created. */
  oldRunning: number;
  /** Of those, the ones not terminating: all that is left once terminating pods are gone. */
  oldActive: number;
  /** New pods after this step's scale-up. */
  newPods: number;
  /** New pods created in this step. */
  created: number;
  /** Old pods removed at the end of this step. */
  removed: number;
}

/**
 * The states a Deployment rollout goes through, as the deployment controller drives it when new
 * pods become available at once: each sync scales the new ReplicaSet up to at most
 * `replicas + maxSurge` pods in all, then scales the old one down to keep
 * `replicas - maxUnavailable` available (Recreate: all old pods go first). The controller counts
 * the ReplicaSets' specs, so the pods an old ReplicaSet was told to remove may still be there
 * (terminating pods count in a quota until their grace period ends) when the next sync creates
 * new ones. That sync comes at once after a sync that only scaled down; after a scale-up it
 * waits for the new pods to become available.
 */
export function rolloutSteps(
  oldReplicas: number,
  newReplicas: number,
  strategy: { recreate: boolean; surge: number; maxUnavailable: number },
): RolloutStep[] {
  if (strategy.recreate) {
    return [
      {
        oldRunning: oldReplicas,
        oldActive: oldReplicas,
        newPods: 0,
        created: 0,
        removed: oldReplicas,
      },
      {
        oldRunning: 0,
        oldActive: 0,
        newPods: newReplicas,
        created: newReplicas,
        removed: 0,
      },
    ];
  }
  const steps: RolloutStep[] = [];
  let old = oldReplicas;
  let stillThere = oldReplicas;
  let fresh = 0;
  const maxTotal = newReplicas + strategy.surge;
  const minAvailable = Math.max(0, newReplicas - strategy.maxUnavailable);
  for (
    let guard = 0;
    guard < 1000 && (fresh < newReplicas || old > 0);
    guard++
  ) {
    const up =
      fresh < newReplicas && old + fresh < maxTotal
        ? Math.min(maxTotal - (old + fresh), newReplicas - fresh)
        : 0;
    const running = stillThere;
    const active = old;
    fresh += up;
    const down = Math.min(old, Math.max(0, old + fresh - minAvailable));
    const before = old;
    old -= down;
    // after a scale-up the next sync waits for the new pods to become available, long enough for
    // the removed ones to be gone; after a scale-down alone it comes at once
    stillThere = up > 0 ? old : before;
    if (up === 0 && down === 0) break;
    steps.push({
      oldRunning: running,
      oldActive: active,
      newPods: fresh,
      created: up,
      removed: down,
    });
  }
  return steps;
}
