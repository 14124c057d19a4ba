import { effectivePodResources } from '../footprint/resources';
import { PodContainerResources, PodFootprint } from '../footprint/types';
import {
  compareQuantities,
  formatQuantity,
  parseQuantity,
  Quantity,
} from '../quantity';

/** One `spec.limits[]` item of a LimitRange, as the API server stores it (defaults filled in). */
export interface LimitRangeItem {
  type: string;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
  min?: Record<string, string>;
  max?: Record<string, string>;
}

/** A LimitRange of the namespace: its name and items. @public */
export interface PrecheckLimitRange {
  name: string;
  limits: LimitRangeItem[];
}

type MutableContainer = {
  name: string;
  requests: Record<string, Quantity>;
  limits: Record<string, Quantity>;
  init?: 'once' | 'sidecar';
};

function fillDefaults(c: MutableContainer, item: LimitRangeItem) {
  for (const [k, v] of Object.entries(item.defaultRequest ?? {})) {
    if (!c.requests[k] && !c.limits[k]) c.requests[k] = parseQuantity(v);
  }
  for (const [k, v] of Object.entries(item.default ?? {})) {
    if (!c.limits[k]) c.limits[k] = parseQuantity(v);
  }
}

function violations(c: MutableContainer, item: LimitRangeItem): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(item.min ?? {})) {
    const min = parseQuantity(v);
    const request = c.requests[k];
    if (!request) {
      out.push(
        `minimum ${k} usage per Container is ${formatQuantity(
          min,
        )}.  No request is specified`,
      );
    } else if (compareQuantities(request, min) < 0) {
      out.push(
        `minimum ${k} usage per Container is ${formatQuantity(
          min,
        )}, but request is ${formatQuantity(request)}`,
      );
    }
  }
  for (const [k, v] of Object.entries(item.max ?? {})) {
    const max = parseQuantity(v);
    const limit = c.limits[k];
    if (!limit) {
      out.push(
        `maximum ${k} usage per Container is ${formatQuantity(
          max,
        )}.  No limit is specified`,
      );
    } else if (compareQuantities(limit, max) > 0) {
      out.push(
        `maximum ${k} usage per Container is ${formatQuantity(
          max,
        )}, but limit is ${formatQuantity(limit)}`,
      );
    }
  }
  return out;
}

/**
 * Replays the LimitRanger admission plugin on a pod: Container-type items fill missing requests
 * (`defaultRequest`, when neither request nor limit is set) and limits (`default`), then `min` and
 * `max` are enforced. Returns the pod with its effective requests recomputed, and the violations
 * in the admission plugin's words. A pod footprint without its containers is returned unchanged.
 */
export function applyLimitRanges(
  pod: PodFootprint,
  limitRanges: readonly PrecheckLimitRange[],
): { pod: PodFootprint; violations: string[] } {
  const items = limitRanges.flatMap(lr =>
    lr.limits.filter(i => i.type === 'Container'),
  );
  if (!pod.containers || items.length === 0) return { pod, violations: [] };
  const containers: MutableContainer[] = pod.containers.map(c => ({
    ...c,
    requests: { ...c.requests },
    limits: { ...c.limits },
  }));
  const found: string[] = [];
  for (const item of items) {
    for (const c of containers) {
      fillDefaults(c, item);
      found.push(...violations(c, item));
    }
  }
  const apps = containers.filter(c => !c.init);
  const inits = containers.filter(c => c.init);
  const initsOf = (pick: 'requests' | 'limits') =>
    inits.map(c => ({ list: c[pick], sidecar: c.init === 'sidecar' }));
  const next: PodFootprint = {
    ...pod,
    requests: effectivePodResources(
      apps.map(c => c.requests),
      initsOf('requests'),
    ),
    limits: effectivePodResources(
      apps.map(c => c.limits),
      initsOf('limits'),
      {},
      true,
    ),
  };
  Object.defineProperty(next, 'containers', {
    value: containers as PodContainerResources[],
    enumerable: false,
  });
  return { pod: next, violations: found };
}
