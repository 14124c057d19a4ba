import { isValidQuantity, parseQuantity, quantityEquals } from '../quantity';
import { sortQuotaKeys } from './order';
import { QuotaSpec } from './types';

/**
 * One key where the live ResourceQuota differs from the spec. `spec` or `live` is absent when
 * the key is missing on that side.
 *
 * @public
 */
export interface QuotaDriftEntry {
  key: string;
  spec?: string;
  live?: string;
}

function sameValue(a: string, b: string): boolean {
  if (isValidQuantity(a) && isValidQuantity(b)) {
    return quantityEquals(parseQuantity(a), parseQuantity(b));
  }
  return a === b;
}

/**
 * The keys where a ResourceQuota's live `spec.hard` differs from the quota spec, compared by
 * value (`1` equals `1000m`, `1Gi` equals `1024Mi`), in `compareQuotaKeys` order. With no live
 * ResourceQuota (`undefined`) every spec key is drift. Empty when in sync.
 *
 * @public
 */
export function quotaDrift(
  spec: QuotaSpec,
  liveHard: Record<string, string> | undefined,
): QuotaDriftEntry[] {
  const live = liveHard ?? {};
  const has = (o: object, k: string) =>
    Object.prototype.hasOwnProperty.call(o, k);
  const keys = new Set([...Object.keys(spec), ...Object.keys(live)]);
  const drift: QuotaDriftEntry[] = [];
  for (const key of sortQuotaKeys(keys)) {
    const s = has(spec, key) ? spec[key] : undefined;
    const l = has(live, key) ? live[key] : undefined;
    if (s !== undefined && l !== undefined && sameValue(s, l)) {
      continue;
    }
    const entry: QuotaDriftEntry = { key };
    if (s !== undefined) {
      entry.spec = s;
    }
    if (l !== undefined) {
      entry.live = l;
    }
    drift.push(entry);
  }
  return drift;
}
