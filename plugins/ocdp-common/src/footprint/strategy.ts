import { OcdpInputError } from '../errors';
import { UpdateStrategy, WorkloadKind } from './types';

/** Kubernetes' Deployment defaults: RollingUpdate, 25 % surge, 25 % unavailable. */
export const DEFAULT_ROLLING_UPDATE: UpdateStrategy = Object.freeze({
  type: 'RollingUpdate',
  maxSurge: '25%',
  maxUnavailable: '25%',
});

const PERCENT = /^(\d+)%$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intOrPercent(value: unknown, field: string): number | string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return value;
  }
  if (typeof value === 'string' && PERCENT.test(value)) {
    return value;
  }
  throw new OcdpInputError(
    field,
    'must be a non-negative integer or a percentage like "25%"',
  );
}

/**
 * A Deployment `strategy` as the API server defaults it: absent or empty is RollingUpdate
 * 25 %/25 %; a missing `maxSurge` or `maxUnavailable` is 25 %; `rollingUpdate` is ignored for
 * Recreate.
 */
export function deploymentStrategy(
  value: unknown,
  field: string,
): UpdateStrategy {
  if (value === undefined || value === null) {
    return DEFAULT_ROLLING_UPDATE;
  }
  if (!isRecord(value)) {
    throw new OcdpInputError(field, 'must be a map');
  }
  const type = value.type ?? 'RollingUpdate';
  if (type === 'Recreate') {
    return { type: 'Recreate' };
  }
  if (type !== 'RollingUpdate') {
    throw new OcdpInputError(
      `${field}.type`,
      'must be RollingUpdate or Recreate',
    );
  }
  const rolling = value.rollingUpdate ?? {};
  if (!isRecord(rolling)) {
    throw new OcdpInputError(`${field}.rollingUpdate`, 'must be a map');
  }
  return {
    type: 'RollingUpdate',
    maxSurge: intOrPercent(
      rolling.maxSurge ?? '25%',
      `${field}.rollingUpdate.maxSurge`,
    ),
    maxUnavailable: intOrPercent(
      rolling.maxUnavailable ?? '25%',
      `${field}.rollingUpdate.maxUnavailable`,
    ),
  };
}

/** A StatefulSet `updateStrategy`: RollingUpdate (one pod at a time, no surge) or OnDelete. */
export function statefulSetStrategy(
  value: unknown,
  field: string,
): UpdateStrategy {
  if (isRecord(value) && value.type === 'OnDelete') {
    return { type: 'OnDelete' };
  }
  if (value !== undefined && value !== null && !isRecord(value)) {
    throw new OcdpInputError(field, 'must be a map');
  }
  return { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 };
}

/** `GetScaledValueFromIntOrPercent`: a count, or a percentage of `total` rounded up or down. */
export function scaledValue(
  value: number | string,
  total: number,
  roundUp: boolean,
): number {
  if (typeof value === 'number') {
    return value;
  }
  const percent = Number(PERCENT.exec(value)?.[1]);
  const product = percent * total;
  return roundUp ? Math.ceil(product / 100) : Math.floor(product / 100);
}

/**
 * Kubernetes `ResolveFenceposts`: surge rounds up, unavailable rounds down, and when both are 0
 * one pod may be unavailable. Only Deployments surge.
 */
export function resolveRollout(
  kind: WorkloadKind,
  strategy: UpdateStrategy,
  replicas: number,
): { surge: number; maxUnavailable: number } {
  if (strategy.type !== 'RollingUpdate') {
    return { surge: 0, maxUnavailable: 0 };
  }
  if (kind !== 'Deployment') {
    return {
      surge: 0,
      maxUnavailable: scaledValue(strategy.maxUnavailable, replicas, false),
    };
  }
  const surge = scaledValue(strategy.maxSurge, replicas, true);
  const unavailable = scaledValue(strategy.maxUnavailable, replicas, false);
  return {
    surge,
    maxUnavailable: surge === 0 && unavailable === 0 ? 1 : unavailable,
  };
}
