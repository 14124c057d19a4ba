import { PodFootprint } from '../footprint/types';

/** A ResourceQuota as the pre-flight reads it. @public */
export interface PrecheckQuota {
  name: string;
  /** `status.hard` (or `spec.hard` before the quota controller has run). */
  hard: Record<string, string>;
  used: Record<string, string>;
  scopes?: string[];
  scopeSelector?: {
    matchExpressions?: Array<{
      scopeName: string;
      operator: string;
      values?: string[];
    }>;
  };
  /** `live` from the cluster, `stored` from the tenant's quota in the database. */
  source: 'live' | 'stored';
}

/** QoS class BestEffort: no container requests or limits cpu or memory. */
function isBestEffort(pod: PodFootprint): boolean {
  return !['cpu', 'memory'].some(r => pod.requests[r] || pod.limits[r]);
}

function scopeMatches(
  scope: string,
  operator: string,
  values: string[],
  pod: PodFootprint,
): boolean {
  const terminating = pod.activeDeadlineSeconds !== undefined;
  switch (scope) {
    case 'Terminating':
      return terminating;
    case 'NotTerminating':
      return !terminating;
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'PriorityClass': {
      const pc = pod.priorityClassName;
      switch (operator) {
        case 'Exists':
          return Boolean(pc);
        case 'DoesNotExist':
          return !pc;
        case 'In':
          return Boolean(pc) && values.includes(pc!);
        case 'NotIn':
          return !pc || !values.includes(pc);
        default:
          return false;
      }
    }
    default:
      return false;
  }
}

/** Whether a quota has scopes: it then tracks only pods that match every one of them. */
export function isScoped(quota: PrecheckQuota): boolean {
  return Boolean(
    quota.scopes?.length || quota.scopeSelector?.matchExpressions?.length,
  );
}

/** Whether a quota's scopes select a pod (an unscoped quota selects every pod). */
export function quotaSelectsPod(
  quota: PrecheckQuota,
  pod: PodFootprint,
): boolean {
  const scopes = [
    ...(quota.scopes ?? []).map(scope => ({
      scope,
      operator: 'Exists',
      values: [] as string[],
    })),
    ...(quota.scopeSelector?.matchExpressions ?? []).map(e => ({
      scope: e.scopeName,
      operator: e.operator,
      values: e.values ?? [],
    })),
  ];
  return scopes.every(s => scopeMatches(s.scope, s.operator, s.values, pod));
}
