import { OcdpInputError } from '../errors';
import { parseQuantity } from '../quantity';
import { OtherObject } from './assemble';
import { PathScope, ValuesPath, lookup } from './paths';
import {
  ServiceFootprint,
  VolumeClaimFootprint,
  WorkloadFootprint,
} from './types';

/** Where a workload's values are read from, and what it adds to the footprint. */
export interface Context {
  scope: PathScope;
  name: string;
  release: string;
  workloads: WorkloadFootprint[];
  volumeClaims: VolumeClaimFootprint[];
  services: ServiceFootprint[];
  others: OtherObject[];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectName(template: string, ctx: Context): string {
  return template
    .replace(/\{release\}/g, ctx.release)
    .replace(/\{name\}/g, ctx.name);
}

export function read(ctx: Context, paths: ValuesPath | undefined) {
  return lookup(ctx.scope, paths);
}

export function truthy(
  ctx: Context,
  paths: ValuesPath | undefined,
  fallback: boolean,
): boolean {
  const { value } = read(ctx, paths);
  return value === undefined ? fallback : Boolean(value);
}

export function count(
  ctx: Context,
  paths: ValuesPath | undefined,
  fallback: number,
): number {
  const { value, path } = read(ctx, paths);
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new OcdpInputError(path, 'must be a non-negative integer');
  }
  return value;
}

export function text(
  ctx: Context,
  paths: ValuesPath | undefined,
): string | undefined {
  const { value, path } = read(ctx, paths);
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new OcdpInputError(path, 'must be a string');
  }
  return value;
}

export function quantityValue(ctx: Context, paths: ValuesPath | undefined) {
  const { value, path } = read(ctx, paths);
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new OcdpInputError(path, 'must be a quantity');
  }
  parseQuantity(value, path);
  return value;
}

/** The container `resources` the chart writes: the resources map, single values, then GPUs. */
export function listValue(
  ctx: Context,
  paths: ValuesPath | undefined,
): unknown[] | undefined {
  const { value, path } = read(ctx, paths);
  if (value !== undefined && !Array.isArray(value)) {
    throw new OcdpInputError(path, 'must be a list');
  }
  return value;
}

export function mapValue(
  ctx: Context,
  paths: ValuesPath | undefined,
): Record<string, unknown> | undefined {
  const { value, path } = read(ctx, paths);
  if (value !== undefined && !isRecord(value)) {
    throw new OcdpInputError(path, 'must be a map');
  }
  return value;
}

/** The pod spec fields the chart writes from its values. */
