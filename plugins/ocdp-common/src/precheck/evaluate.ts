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
): { checks: OcdpPrecheckQuotaCheck[]; reasons: string[] } {
  const checks: OcdpPrecheckQuotaCheck[] = [];
  const reasons: string[] = [];
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
        reasons.push(
          `quota ${quota.name} tracks ${missing.join(
            ', ',
          )}: every pod must set it, and the pods of this release do not (set resources, or ask for a LimitRange default)`,
        );
      }
    }
  }
  return { checks, reasons };
}

function workloadReplicas(
  w: WorkloadFootprint,
  scaleTo: PrecheckInput['scaleTo'],
): number {
  if (scaleTo === undefined) return w.replicas;
  return typeof scaleTo === 'number' ? scaleTo : scaleTo[w.name] ?? w.replicas;
}

const gpuWords = (key: string) => (/nvidia\.com\/gpu$/.test(key) ? 'GPU' : key);

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
  const admitted = (fp: Footprint): Footprint => ({
    ...fp,
    workloads: fp.workloads.map(w => {
      const { pod, violations } = applyLimitRanges(w.pod, limitRanges);
      for (const v of violations) {
        const sentence = `${w.name}: ${v}`;
        if (!reasons.includes(sentence)) reasons.push(sentence);
      }
      return { ...w, pod };
    }),
  });
  const desired = admitted(input.desired);
  const current = input.current ? admitted(input.current) : undefined;
  const byName = new Map(current?.workloads.map(w => [w.name, w]) ?? []);

  let end: Change;
  let peak: Change | undefined;
  let toPlace: PodsToPlace[];
  let freesReleasePods = false;
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
    // RollingUpdate: the new ReplicaSet grows to replicas + surge while the old pods still run;
    // Recreate removes the old pods first, so its peak is its end state.
    const rolling = desired.workloads.map(w => {
      const old = byName.get(w.name);
      const running = old?.replicas ?? 0;
      const extra = w.strategy.type === 'Recreate' ? 0 : w.surge;
      const created = Math.min(
        w.replicas,
        Math.max(0, w.replicas + extra - running),
      );
      return {
        w,
        old,
        running,
        created,
        recreate: !old || (extra === 0 && w.strategy.type === 'Recreate'),
      };
    });
    peak = {
      pods: rolling.flatMap(r =>
        r.recreate
          ? [
              { workload: r.w.name, pod: r.w.pod, count: r.w.replicas },
              ...(r.old
                ? [{ workload: r.w.name, pod: r.old.pod, count: -r.running }]
                : []),
            ]
          : [{ workload: r.w.name, pod: r.w.pod, count: r.created }],
      ),
      objects: end.objects,
    };
    toPlace = peak.pods.filter(p => p.count > 0);
    freesReleasePods = rolling.some(r => r.recreate && r.old);
  }

  const endChecks = quotaChecks(input.quotas, end, peak ? 'end' : undefined);
  const checks = [...endChecks.checks];
  reasons.push(...endChecks.reasons);
  if (peak) {
    const peakChecks = quotaChecks(input.quotas, peak, 'peak');
    checks.push(...peakChecks.checks);
    const surgeOnly = peakChecks.checks.filter(c => !c.ok);
    for (const check of surgeOnly) {
      const w = desired.workloads.find(x => x.strategy.type !== 'Recreate');
      const running = w ? byName.get(w.name)?.replicas ?? 0 : 0;
      reasons.push(
        `the rollout needs ${check.requested} ${gpuWords(
          check.key,
        )} more at its peak: ${running} running + ${
          w?.surge ?? 0
        } surge, quota ${check.hard} (${check.key}, quota ${check.quota})`,
      );
    }
    if (
      surgeOnly.length > 0 &&
      endChecks.reasons.length === 0 &&
      desired.workloads.some(w => w.replicas > 0)
    ) {
      reasons.push(
        'it fits without the surge: set strategy rollingUpdate maxSurge: 0 and maxUnavailable: 1 (the rollout then runs one replica fewer while it replaces pods)',
      );
    }
  }

  const nodes =
    input.nodes && freesReleasePods
      ? withoutPods(input.nodes, input.releasePods ?? [])
      : input.nodes;
  const capacity = nodes
    ? placePods(toPlace, nodes)
    : { ok: true, pods: toPlace.reduce((n, p) => n + p.count, 0), reasons: [] };
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
