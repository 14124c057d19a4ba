import { podQuotaUsage, quotaUsage } from '../footprint/quotaUsage';
import {
  Footprint,
  PodFootprint,
  ResourceQuantities,
  WorkloadFootprint,
} from '../footprint/types';
import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  multiplyQuantity,
  parseQuantity,
  Quantity,
  subtractQuantities,
  ZERO_QUANTITY,
} from '../quantity';
import { placePods, PodsToPlace, PrecheckNode } from './capacity';
import { rolloutSteps, RolloutStep } from './rollout';
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
  /** Where the release's pods run now: a Recreate upgrade frees their room before placing. */
  releasePods?: ReadonlyArray<{
    nodeName?: string;
    requests: ResourceQuantities;
  }>;
}

export interface PrecheckVerdict {
  ok: boolean;
  checks: OcdpPrecheckQuotaCheck[];
  capacity: OcdpPrecheckCapacity;
  reasons: string[];
  warnings: string[];
}

type Usage = Record<string, Quantity>;

/** A change to the namespace: pods added (or removed: negative counts) and other objects. */
interface Change {
  pods: Array<{ workload: string; pod: PodFootprint; count: number }>;
  /** Object-count and storage keys (no pod keys), which only unscoped quotas track. */
  objects: Usage;
}

const POD_COUNT_KEYS = ['pods', 'count/pods'];

function add(into: Usage, from: Usage, times = 1): Usage {
  for (const [k, q] of Object.entries(from)) {
    const v = times === 1 ? q : multiplyQuantity(q, times);
    into[k] = into[k] ? addQuantities(into[k], v) : v;
  }
  return into;
}

function podUsage(pod: PodFootprint): Usage {
  const usage = podQuotaUsage(pod.requests, pod.limits);
  for (const key of POD_COUNT_KEYS) usage[key] = parseQuantity(1);
  return usage;
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

type RolloutPlan = Array<{
  workload: string;
  pod: PodFootprint;
  steps: RolloutStep[];
}>;

/** Per quota and key, the largest request over the rollout's states (failing if any fails). */
function worstChecks(
  states: OcdpPrecheckQuotaCheck[][],
): OcdpPrecheckQuotaCheck[] {
  const worst = new Map<string, OcdpPrecheckQuotaCheck>();
  for (const check of states.flat()) {
    const id = `${check.quota}\u0000${check.key}`;
    const seen = worst.get(id);
    if (
      !seen ||
      (seen.ok && !check.ok) ||
      (seen.ok === check.ok &&
        compareQuantities(
          parseQuantity(check.requested),
          parseQuantity(seen.requested),
        ) > 0)
    ) {
      worst.set(id, check);
    }
  }
  return [...worst.values()];
}

/**
 * Places a rollout's new pods sync by sync: each sync's new pods beside the old ones still
 * running, then that sync's old pods leave (the last ones listed go first).
 */
function placeRollout(
  nodes: readonly PrecheckNode[],
  releasePods: NonNullable<PrecheckInput['releasePods']>,
  plan: RolloutPlan,
): OcdpPrecheckCapacity & { stalledAt?: number } {
  let state: readonly PrecheckNode[] = nodes;
  const leaving = [...releasePods];
  // before each sync's scale-up, the old pods that are no longer there free their nodes
  let present = plan.reduce((n, r) => n + (r.steps[0]?.oldRunning ?? 0), 0);
  const syncs = Math.max(0, ...plan.map(r => r.steps.length));
  for (let i = 0; i < syncs; i++) {
    const steps = plan.map(r => ({ r, step: r.steps[i] })).filter(x => x.step);
    const stillThere = steps.reduce((n, { step }) => n + step.oldRunning, 0);
    const gone = Math.max(0, Math.min(present - stillThere, leaving.length));
    state = withoutPods(state, leaving.splice(leaving.length - gone, gone));
    present -= gone;
    const placed = placePods(
      steps.map(({ r, step }) => ({
        workload: r.workload,
        pod: r.pod,
        count: step.created,
      })),
      state,
    );
    // pods that cannot be placed stay Pending and never become available: the rollout stops
    if (!placed.ok) return { ...placed, stalledAt: i };
    state = placed.after;
  }
  return { ok: true, pods: 0, reasons: [] };
}

/** The nodes as they are once the given pods are gone. */
function withoutPods(
  nodes: readonly PrecheckNode[],
  pods: NonNullable<PrecheckInput['releasePods']>,
): PrecheckNode[] {
  return nodes.map(node => {
    const requested: Usage = { ...node.requested };
    for (const pod of pods.filter(p => p.nodeName === node.name)) {
      for (const [k, q] of Object.entries({
        ...pod.requests,
        pods: parseQuantity(1),
      })) {
        if (requested[k]) requested[k] = subtractQuantities(requested[k], q);
      }
    }
    return { ...node, requested };
  });
}

/** `cpu` and `memory` quota keys are the same as their `requests.` forms. */
function usageKey(key: string): string {
  return key === 'cpu' || key === 'memory' || key === 'ephemeral-storage'
    ? `requests.${key}`
    : key;
}

const MUST_SPECIFY = [
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
];

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

/** `1 GPU more`, `2 GPUs more`, `2Gi more requests.memory`. */
function moreOf(key: string, amount: string): string {
  if (/nvidia\.com\/gpu$/.test(key)) {
    return `${amount} ${amount === '1' ? 'GPU' : 'GPUs'} more`;
  }
  return `${amount} more ${key}`;
}

/**
 * The pre-flight: does an install, scale or upgrade of a release fit the namespace's quotas (each
 * on its own, scopes honoured, LimitRange defaults and bounds applied first) and the cluster's
 * free capacity? Reasons are sentences; for upgrades both the rollout's peak and its end state
 * are checked, and a refusal caused only by the surge names the strategy that fits.
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
  /** Upgrades: the states in which the rollout creates pods. */
  /** With the terminating old pods still counted, and once they are gone. */
  const peaks: Array<{ sync: number; terminating: Change; lasting: Change }> =
    [];
  let toPlace: PodsToPlace[];
  let rolloutPlan: RolloutPlan | undefined;
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
    const rollouts = desired.workloads.map(w => {
      const old = byName.get(w.name);
      return {
        w,
        old,
        steps: rolloutSteps(old?.replicas ?? 0, w.replicas, {
          recreate: w.strategy.type === 'Recreate',
          surge: w.surge,
          maxUnavailable: w.maxUnavailable,
        }),
      };
    });
    // the workloads roll at the same time, sync by sync
    const syncs = Math.max(0, ...rollouts.map(r => r.steps.length));
    for (let i = 0; i < syncs; i++) {
      const states = rollouts.map(r => ({
        ...r,
        step: r.steps[Math.min(i, r.steps.length - 1)],
      }));
      if (!states.some(s => s.step?.created > 0)) continue;
      const stateWith = (old: (step: RolloutStep) => number): Change => ({
        pods: states.flatMap(s => [
          { workload: s.w.name, pod: s.w.pod, count: s.step.newPods },
          ...(s.old
            ? [
                {
                  workload: s.w.name,
                  pod: s.old.pod,
                  count: old(s.step) - s.old.replicas,
                },
              ]
            : []),
        ]),
        objects: end.objects,
      });
      peaks.push({
        sync: i,
        terminating: stateWith(step => step.oldRunning),
        lasting: stateWith(step => step.oldActive),
      });
    }
    rolloutPlan = rollouts.map(r => ({
      workload: r.w.name,
      pod: r.w.pod,
      steps: r.steps,
    }));
    toPlace = [];
  }

  for (const { pod } of [
    ...end.pods,
    ...peaks.flatMap(p => p.lasting.pods),
  ].filter(p => p.count > 0)) {
    for (const sentence of violationsOf.get(pod) ?? []) {
      if (!reasons.includes(sentence)) reasons.push(sentence);
    }
  }
  const newPods = rolloutPlan
    ? rolloutPlan.reduce(
        (n, r) => n + r.steps.reduce((m, step) => m + step.created, 0),
        0,
      )
    : toPlace.reduce((n, p) => n + p.count, 0);
  let capacity: OcdpPrecheckCapacity = { ok: true, pods: newPods, reasons: [] };
  let stalledAt: number | undefined;
  if (input.nodes) {
    const placed = rolloutPlan
      ? placeRollout(input.nodes, input.releasePods ?? [], rolloutPlan)
      : placePods(toPlace, input.nodes);
    stalledAt = 'stalledAt' in placed ? placed.stalledAt : undefined;
    capacity = { ok: placed.ok, pods: newPods, reasons: placed.reasons };
  }
  const upgrading = input.operation === 'upgrade' && Boolean(current);
  const endChecks = quotaChecks(
    input.quotas,
    end,
    upgrading ? 'end' : undefined,
  );
  const checks = [...endChecks.checks];
  // a stalled rollout never reaches its end state
  const reachesEnd = !upgrading || stalledAt === undefined;
  if (reachesEnd) reasons.push(...endChecks.reasons);
  if (upgrading) {
    // a rollout stalled by pods that fit nowhere creates no more pods after that sync
    const reachedPeaks = peaks.filter(
      p => stalledAt === undefined || p.sync <= stalledAt,
    );
    // refused for good: even once the terminating old pods are gone
    const reached = reachedPeaks.map(p =>
      quotaChecks(input.quotas, p.lasting, 'peak'),
    );
    const peakChecks = worstChecks(reached.map(r => r.checks));
    for (const sentence of reached.flatMap(r => r.unspecified)) {
      if (!reasons.includes(sentence)) reasons.push(sentence);
    }
    // refused only while old pods terminate: the ReplicaSet retries and the rollout goes on
    const whileTerminating = worstChecks(
      reachedPeaks.map(
        p => quotaChecks(input.quotas, p.terminating, 'peak').checks,
      ),
    ).filter(
      c =>
        !c.ok &&
        peakChecks.some(d => d.quota === c.quota && d.key === c.key && d.ok),
    );
    if (whileTerminating.length > 0) {
      warnings.push(
        `some new pods will be refused by the quota until the replaced pods have terminated (${whileTerminating
          .map(c => `${c.key}: needs ${c.requested}, ${c.available} free`)
          .join('; ')}); the rollout then goes on`,
      );
    }
    checks.push(...peakChecks);
    const failing = peakChecks.filter(c => !c.ok);
    const rolling = desired.workloads.find(w => w.strategy.type !== 'Recreate');
    const running = rolling ? byName.get(rolling.name)?.replicas ?? 0 : 0;
    for (const check of failing) {
      reasons.push(
        `the rollout needs ${moreOf(
          check.key,
          check.requested,
        )} at its peak: ${running} running + ${
          rolling?.surge ?? 0
        } surge, quota ${check.hard} (${check.key}, quota ${check.quota})`,
      );
    }
    if (
      failing.length > 0 &&
      reachesEnd &&
      endChecks.reasons.length === 0 &&
      rolling &&
      rolling.surge > 0
    ) {
      reasons.push(
        'it fits without the surge: set strategy rollingUpdate maxSurge: 0 and maxUnavailable: 1 (the rollout then runs one replica fewer while it replaces pods)',
      );
    }
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
