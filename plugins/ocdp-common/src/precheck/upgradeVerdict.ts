import { UpdateStrategy } from '../footprint/types';
import {
  compareQuantities,
  formatQuantity,
  parseQuantity,
  subtractQuantities,
  ZERO_QUANTITY,
} from '../quantity';
import { NodeRoom, PrecheckNode } from './capacity';
import { QuotaLedger } from './quotaAdmission';
import {
  fenceposts,
  RolloutOutcome,
  RolloutWorkload,
  RunningPod,
  simulateRollout,
} from './rollout';
import { PrecheckQuota } from './scopes';
import { OcdpPrecheckCapacity, OcdpPrecheckQuotaCheck } from './types';

/** What an upgrade's rollout does, in checks and sentences. */
export interface UpgradeVerdict {
  outcome: RolloutOutcome;
  /** Per quota and key: the most the rollout uses at any time (`phase: 'peak'`). */
  checks: OcdpPrecheckQuotaCheck[];
  /** Why it gets stuck on quota or LimitRange admission. */
  reasons: string[];
  capacity: OcdpPrecheckCapacity;
  warnings: string[];
}

/** `1 GPU more`, `2 GPUs more`, `2Gi more requests.memory`. */
export function moreOf(key: string, amount: string): string {
  if (/nvidia\.com\/gpu$/.test(key)) {
    return `${amount} ${amount === '1' ? 'GPU' : 'GPUs'} more`;
  }
  return `${amount} more ${key}`;
}

function run(
  workloads: readonly RolloutWorkload[],
  quotas: readonly PrecheckQuota[],
  nodes: readonly PrecheckNode[] | undefined,
  running: readonly RunningPod[],
): RolloutOutcome {
  return simulateRollout(
    workloads,
    new QuotaLedger(quotas),
    nodes ? new NodeRoom(nodes) : undefined,
    running,
  );
}

const WITHOUT_SURGE: UpdateStrategy = {
  type: 'RollingUpdate',
  maxSurge: 0,
  maxUnavailable: 1,
};

/**
 * An upgrade fits when its rollout, driven as the controllers drive it (see `simulateRollout`),
 * completes; the sentences say where it gets stuck otherwise.
 */
export function upgradeVerdict(
  workloads: readonly RolloutWorkload[],
  quotas: readonly PrecheckQuota[],
  nodes: readonly PrecheckNode[] | undefined,
  running: readonly RunningPod[],
): UpgradeVerdict {
  const outcome = run(workloads, quotas, nodes, running);
  const reasons: string[] = [];
  const warnings: string[] = [];
  const add = (sentence: string) => {
    if (!reasons.includes(sentence)) reasons.push(sentence);
  };
  const stuckOn = new Set<string>();
  for (const r of outcome.refused) {
    const w = workloads.find(x => x.name === r.workload)!;
    const posts = fenceposts(w);
    if ('sentences' in r.refusal) {
      r.refusal.sentences.forEach(add);
      continue;
    }
    const { quota, key, sentence } = r.refusal;
    if (key) stuckOn.add(`${quota}\u0000${key}`);
    if (r.old) {
      add(
        `the change of replicas first resizes the running pods of ${
          w.name
        } to ${r.of}, and pod ${r.pods + 1} of ${r.of} is refused: ${sentence}`,
      );
      continue;
    }
    const q = quotas.find(x => x.name === quota);
    if (key && q && !posts.recreate) {
      const used = q.used[key] ? parseQuantity(q.used[key]) : ZERO_QUANTITY;
      const peak = outcome.ledger.peak.get(quota)?.[key] ?? used;
      add(
        `the rollout needs ${moreOf(
          key,
          formatQuantity(subtractQuantities(peak, used)),
        )} at its peak: ${r.oldPods} running + ${
          posts.surge
        } surge, quota ${formatQuantity(
          parseQuantity(q.hard[key]),
        )} (${key}, quota ${quota})`,
      );
    } else {
      add(sentence);
    }
    add(
      `the rollout of ${w.name} gets stuck with ${r.pods} of ${
        r.of
      } new pods: ${
        posts.recreate
          ? 'Recreate has removed the old pods and nothing else frees quota'
          : `the refused pod is retried only as old pods go, and none may go before it (${Math.max(
              0,
              w.replicas - posts.unavailable,
            )} of ${w.replicas} must stay available)`
      }`,
    );
  }
  // a rollout refused for the surge only fits with one replica down instead
  const rolling = workloads.filter(w => !fenceposts(w).recreate);
  if (
    outcome.refused.some(r => !r.old && 'key' in r.refusal) &&
    rolling.some(w => fenceposts(w).surge > 0)
  ) {
    const without = run(
      workloads.map(w =>
        fenceposts(w).recreate ? w : { ...w, strategy: WITHOUT_SURGE },
      ),
      quotas,
      nodes,
      running,
    );
    if (without.refused.length === 0) {
      add(
        'it fits without the surge: set strategy rollingUpdate maxSurge: 0 and maxUnavailable: 1 (the rollout then runs one replica fewer while it replaces pods)',
      );
    }
  }
  if (outcome.transient.length > 0) {
    warnings.push(
      `some new pods will be refused by the quota until replaced pods have gone (${[
        ...new Set(outcome.transient.map(t => t.sentence)),
      ].join('; ')}); the ReplicaSet retries them and the rollout goes on`,
    );
  }

  const checks: OcdpPrecheckQuotaCheck[] = [];
  for (const q of quotas) {
    const peak = outcome.ledger.peak.get(q.name) ?? {};
    for (const [key, hardText] of Object.entries(q.hard)) {
      const used = q.used[key] ? parseQuantity(q.used[key]) : ZERO_QUANTITY;
      const top = peak[key];
      if (!top || compareQuantities(top, used) <= 0) continue;
      const hard = parseQuantity(hardText);
      const left = subtractQuantities(hard, used);
      checks.push({
        quota: q.name,
        key,
        requested: formatQuantity(subtractQuantities(top, used)),
        used: formatQuantity(used),
        hard: formatQuantity(hard),
        available: formatQuantity(left.nanos < 0n ? ZERO_QUANTITY : left),
        ok: !stuckOn.has(`${q.name}\u0000${key}`),
        source: q.source,
        phase: 'peak',
      });
    }
  }

  const capacity: OcdpPrecheckCapacity = {
    ok: outcome.pending.length === 0,
    pods: workloads.reduce((n, w) => n + w.replicas, 0),
    reasons: outcome.pending.map(
      p =>
        `pod ${p.of - p.pods + 1} of ${p.of} of ${p.workload} ${
          p.why
        }; the rollout waits for it`,
    ),
  };
  return { outcome, checks, reasons, capacity, warnings };
}
