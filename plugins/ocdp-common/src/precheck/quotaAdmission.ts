import { podQuotaUsage } from '../footprint/quotaUsage';
import { PodFootprint } from '../footprint/types';
import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  parseQuantity,
  Quantity,
  subtractQuantities,
  ZERO_QUANTITY,
} from '../quantity';
import { PrecheckQuota, quotaSelectsPod } from './scopes';

export type Usage = Record<string, Quantity>;

const POD_COUNT_KEYS = ['pods', 'count/pods'];

/** What one pod adds to a quota's usage. */
export function podUsage(pod: PodFootprint): Usage {
  const usage = podQuotaUsage(pod.requests, pod.limits);
  for (const key of POD_COUNT_KEYS) usage[key] = parseQuantity(1);
  return usage;
}

/** `cpu` and `memory` quota keys are the same as their `requests.` forms. */
export function usageKey(key: string): string {
  return key === 'cpu' || key === 'memory' || key === 'ephemeral-storage'
    ? `requests.${key}`
    : key;
}

/** Keys a pod must set when a quota tracks them, or the quota admission plugin refuses it. */
export const MUST_SPECIFY = [
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
];

/** Why quota admission refuses one more pod. */
export interface QuotaRefusal {
  quota: string;
  /** The key over its hard limit; absent when the pod leaves out a tracked resource. */
  key?: string;
  sentence: string;
}

/**
 * The quotas' usage as a rollout changes it, pod by pod, and the quota admission plugin's
 * answer to each pod create: a pod is refused when a quota that selects it would go over a
 * hard limit for a key the pod uses, or tracks a compute resource the pod leaves out.
 */
export class QuotaLedger {
  private readonly used = new Map<string, Usage>();
  /** Per quota and key: the most used at any time, or asked for by a refused create. */
  readonly peak = new Map<string, Usage>();

  constructor(private readonly quotas: readonly PrecheckQuota[]) {
    for (const q of quotas) {
      const used: Usage = {};
      for (const [k, v] of Object.entries(q.used)) used[k] = parseQuantity(v);
      this.used.set(q.name, used);
      this.peak.set(q.name, { ...used });
    }
  }

  /** Admits and counts the pod, or says why admission refuses it. */
  admit(pod: PodFootprint): QuotaRefusal | undefined {
    const usage = podUsage(pod);
    for (const q of this.quotas) {
      if (!quotaSelectsPod(q, pod)) continue;
      const missing = MUST_SPECIFY.filter(
        key => key in q.hard && !usage[usageKey(key)],
      );
      if (missing.length > 0) {
        return {
          quota: q.name,
          sentence: `quota ${q.name} tracks ${missing.join(
            ', ',
          )}: every pod must set it, and the pods of this release do not (set resources, or ask for a LimitRange default)`,
        };
      }
    }
    for (const q of this.quotas) {
      if (!quotaSelectsPod(q, pod)) continue;
      const used = this.used.get(q.name)!;
      for (const [key, hardText] of Object.entries(q.hard)) {
        const ask = usage[usageKey(key)];
        if (!ask || ask.nanos <= 0n) continue;
        const hard = parseQuantity(hardText);
        const now = used[key] ?? ZERO_QUANTITY;
        const after = addQuantities(now, ask);
        if (compareQuantities(after, hard) > 0) {
          this.raisePeak(q.name, key, after);
          const left = subtractQuantities(hard, now);
          const free = left.nanos < 0n ? ZERO_QUANTITY : left;
          return {
            quota: q.name,
            key,
            sentence: `${key}: needs ${formatQuantity(
              ask,
            )} more, ${formatQuantity(free)} of ${formatQuantity(
              hard,
            )} free in quota ${q.name}`,
          };
        }
      }
    }
    this.change(pod, 1);
    return undefined;
  }

  /** A pod of the release has gone. */
  release(pod: PodFootprint): void {
    this.change(pod, -1);
  }

  private change(pod: PodFootprint, sign: 1 | -1): void {
    const usage = podUsage(pod);
    for (const q of this.quotas) {
      if (!quotaSelectsPod(q, pod)) continue;
      const used = this.used.get(q.name)!;
      for (const key of Object.keys(q.hard)) {
        const v = usage[usageKey(key)];
        if (!v) continue;
        const now = used[key] ?? ZERO_QUANTITY;
        used[key] =
          sign > 0 ? addQuantities(now, v) : subtractQuantities(now, v);
        if (sign > 0) this.raisePeak(q.name, key, used[key]);
      }
    }
  }

  private raisePeak(quota: string, key: string, value: Quantity): void {
    const peak = this.peak.get(quota)!;
    if (!peak[key] || compareQuantities(value, peak[key]) > 0) {
      peak[key] = value;
    }
  }
}
