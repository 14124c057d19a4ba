import { quotaUsage } from '../footprint/quotaUsage';
import { Footprint, PodFootprint, WorkloadFootprint } from '../footprint/types';
import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  multiplyQuantity,
  parseQuantity,
  subtractQuantities,
  ZERO_QUANTITY,
} from '../quantity';
import { placePods, PodsToPlace, PrecheckNode } from './capacity';
import { MUST_SPECIFY, podUsage, Usage, usageKey } from './quotaAdmission';
import { RolloutWorkload, RunningPod } from './rollout';
import { upgradeVerdict } from './upgradeVerdict';
import { applyLimitRanges, PrecheckLimitRange } from './limitRanges';
import { isScoped, PrecheckQuota, quotaSelectsPod } from './scopes';
import {
  OcdpPrecheckCapacity,
  OcdpPrecheckOperation,
  OcdpPrecheckQuotaCheck,
} from './types';

/** What the pre-flight evaluates. @public */
export interface PrecheckInput {
  operation: OcdpPrecheckOperation;
  /** The release as it will be. */
  desired: Footprint;
  /** The release as it runs now (upgrade, scale). */
  current?: Footprint;
  /** For `scale`: the replica count asked for, per workload name or for every workload. */
  scaleTo?: number | Record<string, number>;
  quotas: readonly PrecheckQuota[];
  limitRanges?: readonly PrecheckLimitRange[];
  /** Nodes with what their pods request; without them the capacity check is skipped. */
  nodes?: readonly PrecheckNode[];
  /**
   * The release's pods as they run now (an upgrade removes them as it goes); with their names and
   * owners, the ones the ReplicaSet controller removes first are known.
   */
  releasePods?: ReadonlyArray<RunningPod>;
}

export interface PrecheckVerdict {
  ok: boolean;
  checks: OcdpPrecheckQuotaCheck[];
  capacity: OcdpPrecheckCapacity;
  reasons: string[];
  warnings: string[];
}

/** A change to the namespace: pods added (or removed: negative counts) and other objects. */
interface Change {
  pods: Array<{ workload: string; pod: PodFootprint; count: number }>;
  /** Object-count and storage keys (no pod keys), which only unscoped quotas track. */
  objects: Usage;
}

function add(into: Usage, from: Usage, times = 1): Usage {
  for (const [k, q] of Object.entries(from)) {
    const v = times === 1 ? q : multiplyQuantity(q, times);
    into[k] = into[k] ? addQuantities(into[k], v) : v;
  }
  return into;
}

/** The non-pod quota keys of a footprint at the given replicas, without surge. */
function objectUsage(fp: Footprint, replicas?: Record<string, number>): Usage {
  const all = quotaUsage(fp, replicas, { surge: false });
  const pods: Usage = {};
  for (const w of fp.workloads) {
    add(pods, podUsage(w.pod), replicas?.[w.name] ?? w.replicas);
  }
  const out: Usage = {};
  for (const [k, q] of Object.entries(all)) {
    const rest = pods[k] ? subtractQuantities(q, pods[k]) : q;
    if (rest.nanos !== 0n) out[k] = rest;
  }
  return out;
}

function minus(a: Usage, b: Usage): Usage {
  const out: Usage = { ...a };
  for (const [k, q] of Object.entries(b)) {
    out[k] = out[k] ? subtractQuantities(out[k], q) : multiplyQuantity(q, -1);
  }
  return out;
}

/** What a change adds to one quota's tracked keys. */
function changeFor(quota: PrecheckQuota, change: Change): Usage {
  const usage: Usage = {};
  for (const { pod, count } of change.pods) {
    if (count !== 0 && quotaSelectsPod(quota, pod)) {
      add(usage, podUsage(pod), count);
    }
  }
  if (!isScoped(quota)) add(usage, change.objects);
  return usage;
}

function quotaChecks(
  quotas: readonly PrecheckQuota[],
  change: Change,
  phase: 'peak' | 'end' | undefined,
): {
  checks: OcdpPrecheckQuotaCheck[];
  reasons: string[];
  unspecified: string[];
} {
  const checks: OcdpPrecheckQuotaCheck[] = [];
  const reasons: string[] = [];
  const unspecified: string[] = [];
  for (const quota of quotas) {
    const requested = changeFor(quota, change);
    for (const [key, hardText] of Object.entries(quota.hard)) {
      const ask = requested[usageKey(key)];
      if (!ask || ask.nanos <= 0n) continue;
      const hard = parseQuantity(hardText);
      const used = quota.used[key]
        ? parseQuantity(quota.used[key])
        : ZERO_QUANTITY;
      const left = subtractQuantities(hard, used);
      const available = left.nanos < 0n ? ZERO_QUANTITY : left;
      const ok = compareQuantities(addQuantities(used, ask), hard) <= 0;
      checks.push({
        quota: quota.name,
        key,
        requested: formatQuantity(ask),
        used: formatQuantity(used),
        hard: formatQuantity(hard),
        available: formatQuantity(available),
        ok,
        source: quota.source,
        ...(phase ? { phase } : {}),
      });
      if (!ok) {
        reasons.push(
          `${key}: needs ${formatQuantity(ask)}, ${formatQuantity(
            available,
          )} of ${formatQuantity(hard)} free in quota ${quota.name}`,
        );
      }
    }
    // the quota admission plugin refuses pods that leave out a compute resource it tracks
    for (const { pod, count } of change.pods) {
      if (count <= 0 || !quotaSelectsPod(quota, pod)) continue;
      const usage = podUsage(pod);
      const missing = MUST_SPECIFY.filter(
        key => key in quota.hard && !usage[usageKey(key)],
      );
      if (missing.length > 0) {
        unspecified.push(
          `quota ${quota.name} tracks ${missing.join(
            ', ',
          )}: every pod must set it, and the pods of this release do not (set resources, or ask for a LimitRange default)`,
        );
      }
    }
  }
  return { checks, reasons: [...reasons, ...unspecified], unspecified };
}

function workloadReplicas(
  w: WorkloadFootprint,
  scaleTo: PrecheckInput['scaleTo'],
): number {
  if (scaleTo === undefined) return w.replicas;
  return typeof scaleTo === 'number' ? scaleTo : scaleTo[w.name] ?? w.replicas;
}

/**
 * The pre-flight: does an install, scale or upgrade of a release fit the namespace's quotas (each
 * on its own, scopes honoured, LimitRange defaults and bounds applied first) and the cluster's
 * free capacity? Reasons are sentences. An upgrade fits when its rollout, driven as the
 * deployment and ReplicaSet controllers drive it with quota admission and the scheduler in the
 * loop, completes (see `simulateRollout`); a rollout that gets stuck says where, and one stuck
 * only for its surge names the strategy that fits.
 */
export function evaluatePrecheck(input: PrecheckInput): PrecheckVerdict {
  const limitRanges = input.limitRanges ?? [];
  const reasons: string[] = [];
  const warnings: string[] = [];
  // LimitRange violations refuse the pods a change creates, so they count for the desired pods
  const violationsOf = new Map<PodFootprint, string[]>();
  const admitted = (fp: Footprint): Footprint => ({
    ...fp,
    workloads: fp.workloads.map(w => {
      const { pod, violations } = applyLimitRanges(w.pod, limitRanges);
      violationsOf.set(
        pod,
        violations.map(v => `${w.name}: ${v}`),
      );
      return { ...w, pod };
    }),
  });
  const desired = admitted(input.desired);
  const current = input.current ? admitted(input.current) : undefined;
  const byName = new Map(current?.workloads.map(w => [w.name, w]) ?? []);

  let end: Change;
  let toPlace: PodsToPlace[] = [];
  let rollout: ReturnType<typeof upgradeVerdict> | undefined;
  if (input.operation === 'install' || !current) {
    end = {
      pods: desired.workloads.map(w => ({
        workload: w.name,
        pod: w.pod,
        count: w.replicas,
      })),
      objects: objectUsage(desired),
    };
    toPlace = end.pods.filter(p => p.count > 0);
  } else if (input.operation === 'scale') {
    const target = Object.fromEntries(
      current.workloads.map(w => [w.name, workloadReplicas(w, input.scaleTo)]),
    );
    end = {
      pods: current.workloads.map(w => ({
        workload: w.name,
        pod: w.pod,
        count: target[w.name] - w.replicas,
      })),
      objects: minus(objectUsage(current, target), objectUsage(current)),
    };
    toPlace = end.pods.filter(p => p.count > 0);
  } else {
    end = {
      pods: [
        ...desired.workloads.map(w => ({
          workload: w.name,
          pod: w.pod,
          count: w.replicas,
        })),
        ...current.workloads.map(w => ({
          workload: w.name,
          pod: w.pod,
          count: -w.replicas,
        })),
      ],
      objects: minus(objectUsage(desired), objectUsage(current)),
    };
    const workloads: RolloutWorkload[] = desired.workloads.map(w => {
      const old = byName.get(w.name);
      return {
        name: w.name,
        kind: w.kind,
        strategy: w.strategy,
        replicas: w.replicas,
        pod: w.pod,
        violations: violationsOf.get(w.pod) ?? [],
        ...(old
          ? {
              old: {
                replicas: old.replicas,
                pod: old.pod,
                violations: violationsOf.get(old.pod) ?? [],
              },
            }
          : {}),
      };
    });
    rollout = upgradeVerdict(
      workloads,
      input.quotas,
      input.nodes,
      input.releasePods ?? [],
    );
  }

  if (!rollout) {
    for (const { pod } of end.pods.filter(p => p.count > 0)) {
      for (const sentence of violationsOf.get(pod) ?? []) {
        if (!reasons.includes(sentence)) reasons.push(sentence);
      }
    }
  }
  const newPods = toPlace.reduce((n, p) => n + p.count, 0);
  let capacity: OcdpPrecheckCapacity = { ok: true, pods: newPods, reasons: [] };
  if (rollout) {
    capacity = rollout.capacity;
  } else if (input.nodes) {
    const placed = placePods(toPlace, input.nodes);
    capacity = { ok: placed.ok, pods: newPods, reasons: placed.reasons };
  }
  const endChecks = quotaChecks(input.quotas, end, rollout ? 'end' : undefined);
  const checks = [...endChecks.checks];
  if (rollout) {
    // the end state counts only when the rollout gets there; then its pods were all admitted
    if (rollout.outcome.completed) reasons.push(...endChecks.reasons);
    reasons.push(...rollout.reasons);
    warnings.push(...rollout.warnings);
    checks.push(...rollout.checks);
  } else {
    reasons.push(...endChecks.reasons);
  }

  if (!input.nodes) {
    warnings.push('capacity not checked: the cluster state is not loaded');
  }
  reasons.push(...capacity.reasons);

  // the next rolling upgrade of what is installed now must fit its surge too
  if (input.operation !== 'upgrade' && reasons.length === 0) {
    const next = quotaChecks(
      input.quotas,
      {
        pods: desired.workloads
          .filter(w => w.strategy.type !== 'Recreate' && w.surge > 0)
          .map(w => ({ workload: w.name, pod: w.pod, count: w.surge })),
        objects: {},
      },
      'peak',
    );
    const afterInstall = next.checks.filter(c => {
      const endCheck = checks.find(e => e.quota === c.quota && e.key === c.key);
      const used = parseQuantity(c.used);
      const plus = endCheck ? parseQuantity(endCheck.requested) : ZERO_QUANTITY;
      return (
        compareQuantities(
          addQuantities(addQuantities(used, plus), parseQuantity(c.requested)),
          parseQuantity(c.hard),
        ) > 0
      );
    });
    if (afterInstall.length > 0) {
      warnings.push(
        `a later rolling upgrade will not fit its surge (${afterInstall
          .map(c => `${c.key} +${c.requested}`)
          .join(', ')}); use maxSurge: 0 or keep room in the quota`,
      );
    }
  }

  return {
    ok: reasons.length === 0,
    checks,
    capacity,
    reasons,
    warnings,
  };
}
