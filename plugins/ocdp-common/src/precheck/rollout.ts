import { PodFootprint, UpdateStrategy, WorkloadKind } from '../footprint/types';
import { Quantity } from '../quantity';
import { NodeRoom } from './capacity';
import { QuotaLedger, QuotaRefusal } from './quotaAdmission';

/** One workload of a release as an upgrade changes it. */
export interface RolloutWorkload {
  name: string;
  kind: WorkloadKind;
  strategy: UpdateStrategy;
  /** Replicas after the upgrade. */
  replicas: number;
  pod: PodFootprint;
  /** LimitRange refusals of the new pods (LimitRange admission refuses every one). */
  violations: readonly string[];
  old?: {
    replicas: number;
    pod: PodFootprint;
    violations: readonly string[];
  };
}

/** A pod of the release as it runs now. */
export interface RunningPod {
  nodeName?: string;
  requests: Record<string, Quantity>;
  name?: string;
  owner?: { kind: string; name: string };
}

/** How a rollout ends. */
export interface RolloutOutcome {
  /** Every new pod created and bound, every old one gone. */
  completed: boolean;
  /** Pod creates refused when the rollout stops, per workload (quota or LimitRange). */
  refused: Array<{
    workload: string;
    /** The refused pod is of the old template (a change of replicas resizes the old pods first). */
    old: boolean;
    /** Pods of that ReplicaSet there are, and how many it wants. */
    pods: number;
    of: number;
    /** Old pods still running then. */
    oldPods: number;
    refusal: QuotaRefusal | { sentences: readonly string[] };
  }>;
  /** Quota refusals that a retry got past once old pods had gone. */
  transient: QuotaRefusal[];
  /** Pods left Pending when the rollout stops. */
  pending: Array<{ workload: string; pods: number; of: number; why: string }>;
  /** New pods created. */
  created: number;
  ledger: QuotaLedger;
}

/**
 * maxSurge and maxUnavailable as the deployment controller resolves them against the replicas
 * (upstream `ResolveFenceposts`, `MaxUnavailable`): a surge rounds up, unavailability down, both
 * 0 make unavailability 1, and it never exceeds the replicas. A StatefulSet replaces one pod at
 * a time (no surge, one unavailable).
 */
export function fenceposts(w: {
  kind: WorkloadKind;
  strategy: UpdateStrategy;
  replicas: number;
}): { recreate: boolean; surge: number; unavailable: number } {
  if (w.strategy.type === 'Recreate') {
    return { recreate: true, surge: 0, unavailable: 0 };
  }
  if (w.kind !== 'Deployment' || w.strategy.type !== 'RollingUpdate') {
    return { recreate: false, surge: 0, unavailable: Math.min(1, w.replicas) };
  }
  const resolve = (v: number | string, up: boolean) => {
    if (typeof v === 'number') return v;
    const x = (Number(v.replace('%', '')) * w.replicas) / 100;
    return up ? Math.ceil(x) : Math.floor(x);
  };
  const surge = resolve(w.strategy.maxSurge, true);
  let unavailable = resolve(w.strategy.maxUnavailable, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return {
    recreate: false,
    surge,
    unavailable: Math.min(unavailable, w.replicas),
  };
}

interface SimPod {
  seq: number;
  node?: string;
}

interface SimReplicaSet {
  pod: PodFootprint;
  violations: readonly string[];
  spec: number;
  pods: SimPod[];
  /** Status as the controllers last wrote it: pods there, pods bound and running. */
  statusReplicas: number;
  available: number;
  refusal?: QuotaRefusal | { sentences: readonly string[] };
}

interface SimWorkload {
  w: RolloutWorkload;
  posts: ReturnType<typeof fenceposts>;
  old: SimReplicaSet;
  fresh?: SimReplicaSet;
}

/**
 * Runs a release's upgrade as the deployment and ReplicaSet controllers drive it, with quota
 * admission and the scheduler in the loop, until nothing changes any more:
 * - a change of replicas is a scaling event first: the running ReplicaSet is resized (upstream
 *   `isScalingEvent`), only then does the rollout start;
 * - each sync grows the new ReplicaSet up to `replicas + maxSurge` pods in all and shrinks the
 *   old ones as far as `replicas - maxUnavailable` available pods allow, counting a new pod that
 *   is refused or Pending as unavailable (Recreate: all old pods go first);
 * - the ReplicaSet controller creates pods one by one, each through quota admission, stops at
 *   the first refusal and retries it when old pods have gone and freed quota;
 * - the scheduler binds pods first-fit, and retries Pending ones when pods leave their nodes.
 *
 * The rollout fits when it completes: every new pod created and bound, every old one gone. It
 * does not when it gets stuck: a pod create refused (or a pod Pending) and no old pod allowed to
 * go first. Terminating pods are taken as gone: they count until their grace period ends, so a
 * real rollout may wait for them, but it reaches the same end.
 */
export function simulateRollout(
  workloads: readonly RolloutWorkload[],
  ledger: QuotaLedger,
  room: NodeRoom | undefined,
  running: readonly RunningPod[],
): RolloutOutcome {
  let seq = 0;
  let created = 0;
  const transient: QuotaRefusal[] = [];
  const podsOf = assignPods(workloads, running);
  const sims: SimWorkload[] = workloads.map((w, i) => {
    // pods not listed run on nodes unknown here
    const pods = [...podsOf[i]];
    while (pods.length < (w.old?.replicas ?? 0)) {
      pods.push({ nodeName: '?', requests: {} });
    }
    const old: SimReplicaSet = {
      pod: w.old?.pod ?? w.pod,
      violations: w.old?.violations ?? [],
      spec: w.old?.replicas ?? 0,
      pods: pods.map(p => ({
        seq: 0,
        ...(p.nodeName ? { node: p.nodeName } : {}),
      })),
      statusReplicas: pods.length,
      available: pods.filter(p => p.nodeName).length,
    };
    // the last listed (by name: the newest) go first
    old.pods.forEach((p, j) => {
      p.seq = j - old.pods.length;
    });
    return { w, posts: fenceposts(w), old };
  });

  /** The ReplicaSet controller: pods up to spec through admission, or the newest ones deleted. */
  const reconcile = (rs: SimReplicaSet, isNew: boolean) => {
    let changed = false;
    let deleted = false;
    const before = rs.refusal;
    rs.refusal = undefined;
    while (rs.pods.length < rs.spec) {
      if (rs.violations.length > 0) {
        rs.refusal = { sentences: rs.violations };
        break;
      }
      const refusal = ledger.admit(rs.pod);
      if (refusal) {
        rs.refusal = refusal;
        break;
      }
      rs.pods.push({ seq: ++seq });
      if (isNew) created++;
      changed = true;
    }
    if (rs.pods.length > rs.spec) {
      // unbound pods first, then the newest
      const order = [...rs.pods].sort(
        (a, b) =>
          Number(Boolean(a.node)) - Number(Boolean(b.node)) || b.seq - a.seq,
      );
      for (const victim of order.slice(0, rs.pods.length - rs.spec)) {
        rs.pods.splice(rs.pods.indexOf(victim), 1);
        ledger.release(rs.pod);
        if (victim.node) room?.remove(victim.node, rs.pod.requests);
      }
      changed = true;
      deleted = true;
    }
    if (isNew && before && !rs.refusal && 'quota' in before) {
      transient.push(before);
    }
    return { changed, deleted };
  };

  /** The deployment controller's sync, on the ReplicaSets' last written status. */
  const sync = (s: SimWorkload): boolean => {
    const { w, posts, old } = s;
    const R = w.replicas;
    if (!s.fresh) {
      const oldActive = old.spec > 0 || old.statusReplicas > 0;
      s.fresh = {
        pod: w.pod,
        violations: w.violations,
        spec: oldActive ? 0 : R,
        pods: [],
        statusReplicas: 0,
        available: 0,
      };
      return true;
    }
    const fresh = s.fresh;
    const specBefore = [old.spec, fresh.spec];
    if (old.spec === 0 && old.statusReplicas === 0) {
      fresh.spec = R;
    } else if (posts.recreate) {
      old.spec = 0;
      if (old.statusReplicas === 0) fresh.spec = R;
    } else {
      const growth = Math.min(
        R + posts.surge - (old.spec + fresh.spec),
        R - fresh.spec,
      );
      if (growth > 0) fresh.spec += growth;
      const minAvailable = R - posts.unavailable;
      const total = old.spec + fresh.spec;
      const available = old.available + fresh.available;
      const newUnavailable = Math.max(0, fresh.spec - fresh.available);
      const budget = Math.min(
        total - minAvailable - newUnavailable,
        Math.max(0, available - minAvailable) +
          (total - available - newUnavailable),
      );
      if (budget > 0) old.spec -= Math.min(old.spec, budget);
    }
    return old.spec !== specBefore[0] || fresh.spec !== specBefore[1];
  };

  const schedule = (): boolean => {
    if (!room) {
      for (const s of sims) {
        for (const rs of [s.old, s.fresh])
          rs?.pods.forEach(p => (p.node ??= '?'));
      }
      return false;
    }
    let changed = false;
    const pending = sims
      .flatMap(s =>
        [s.old, s.fresh].flatMap(rs =>
          rs ? rs.pods.filter(p => !p.node).map(p => ({ p, rs })) : [],
        ),
      )
      .sort((a, b) => a.p.seq - b.p.seq);
    for (const { p, rs } of pending) {
      const node = room.place(rs.pod);
      if (node) {
        p.node = node;
        changed = true;
      }
    }
    return changed;
  };

  // a change of replicas resizes the running ReplicaSet first
  for (const s of sims) {
    if (s.old.spec > 0 && s.old.spec !== s.w.replicas)
      s.old.spec = s.w.replicas;
  }
  let first = true;
  for (let round = 0; round < 10_000; round++) {
    let changed = first;
    if (!first) {
      for (const s of sims) {
        for (let i = 0; i < 10 && sync(s); i++) changed = true;
      }
    }
    first = false;
    let deleted = false;
    for (const s of sims) {
      for (const [rs, isNew] of [
        [s.fresh, true],
        [s.old, false],
      ] as const) {
        if (!rs) continue;
        const r = reconcile(rs, isNew);
        changed ||= r.changed;
        deleted ||= r.deleted;
      }
    }
    // quota freed by the deletions: the refused creates are retried
    if (deleted) {
      for (const s of sims) {
        for (const [rs, isNew] of [
          [s.fresh, true],
          [s.old, false],
        ] as const) {
          if (rs?.refusal) changed ||= reconcile(rs, isNew).changed;
        }
      }
    }
    changed ||= schedule();
    for (const s of sims) {
      for (const rs of [s.old, s.fresh]) {
        if (!rs) continue;
        const available = rs.pods.filter(p => p.node).length;
        if (
          rs.statusReplicas !== rs.pods.length ||
          rs.available !== available
        ) {
          changed = true;
        }
        rs.statusReplicas = rs.pods.length;
        rs.available = available;
      }
    }
    if (!changed) break;
  }

  const refused: RolloutOutcome['refused'] = [];
  const pending: RolloutOutcome['pending'] = [];
  for (const s of sims) {
    for (const [rs, old] of [
      [s.old, true],
      [s.fresh, false],
    ] as const) {
      if (!rs) continue;
      if (rs.refusal) {
        refused.push({
          workload: s.w.name,
          old,
          pods: rs.pods.length,
          of: rs.spec,
          oldPods: s.old.pods.length,
          refusal: rs.refusal,
        });
      }
      const unbound = rs.pods.filter(p => !p.node);
      if (unbound.length > 0 && room) {
        pending.push({
          workload: s.w.name,
          pods: unbound.length,
          of: rs.pods.length,
          why: room.explain(rs.pod),
        });
      }
    }
  }
  const completed =
    refused.length === 0 &&
    pending.length === 0 &&
    sims.every(
      s => s.old.pods.length === 0 && s.fresh?.pods.length === s.w.replicas,
    );
  return {
    completed,
    refused,
    transient: transient.filter(
      t =>
        !refused.some(
          r =>
            'quota' in r.refusal &&
            r.refusal.quota === t.quota &&
            r.refusal.key === t.key,
        ),
    ),
    pending,
    created,
    ledger,
  };
}

/**
 * The running pods of each workload: by their ReplicaSet's name (`<deployment>-<hash>`) when
 * known, otherwise in the order listed; sorted by name (the last goes first, as the ReplicaSet
 * controller removes the newest pods first and their names break ties).
 */
function assignPods(
  workloads: readonly RolloutWorkload[],
  running: readonly RunningPod[],
): RunningPod[][] {
  const out: RunningPod[][] = workloads.map(() => []);
  const rest: RunningPod[] = [];
  for (const p of running) {
    const i = p.owner
      ? workloads.findIndex(w => p.owner!.name.startsWith(`${w.name}-`))
      : -1;
    if (i >= 0) out[i].push(p);
    else rest.push(p);
  }
  workloads.forEach((w, i) => {
    while (out[i].length < (w.old?.replicas ?? 0) && rest.length > 0) {
      out[i].push(rest.shift()!);
    }
    out[i].sort((a, b) => {
      const x = a.name ?? '';
      const y = b.name ?? '';
      if (x === y) return 0;
      return x < y ? -1 : 1;
    });
  });
  return out;
}
