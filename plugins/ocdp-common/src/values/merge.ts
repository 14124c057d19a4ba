import { OcdpInputError } from '../errors';
import { isUnsafeObjectKey } from '../quota';
import { joinPath } from './paths';

/**
 * Helm values: maps, lists, strings, numbers, booleans and null.
 *
 * @public
 */
export type Values = Record<string, unknown>;

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (Object.getPrototypeOf(value) === Object.prototype ||
      Object.getPrototypeOf(value) === null)
  );
}

/** A deep copy of a values tree, refusing prototype keys and anything that is not plain data. */
function copy(value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item, i) => copy(item, joinPath(path, i)));
  }
  if (isPlainMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const itemPath = joinPath(path, key);
      if (isUnsafeObjectKey(key)) {
        throw new OcdpInputError(itemPath, 'is not an allowed key');
      }
      if (item !== undefined) {
        out[key] = copy(item, itemPath);
      }
    }
    return out;
  }
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  ) {
    return value;
  }
  throw new OcdpInputError(path || 'values', 'must be plain data');
}

function mergeInto(
  base: Record<string, unknown>,
  layer: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(layer)) {
    const current = base[key];
    base[key] =
      isPlainMap(current) && isPlainMap(value)
        ? mergeInto(current, value)
        : value;
  }
  return base;
}

/**
 * Chart defaults ← cluster overlay ← user parameters, merged as Helm merges values: maps
 * deeply, lists and scalars replaced (never concatenated). A `null` wins and is kept, so Helm
 * drops that default too. Inputs are not modified.
 *
 * @throws OcdpInputError naming the path of a `__proto__`, `constructor` or `prototype` key, or
 *   of a value that is not plain data.
 * @public
 */
export function mergeValues(
  chartDefaults?: Values,
  clusterOverlay?: Values,
  userParams?: Values,
): Values {
  const merged: Record<string, unknown> = {};
  for (const layer of [chartDefaults, clusterOverlay, userParams]) {
    if (layer === undefined || layer === null) {
      continue;
    }
    if (!isPlainMap(layer)) {
      throw new OcdpInputError('values', 'must be a map');
    }
    mergeInto(merged, copy(layer, '') as Record<string, unknown>);
  }
  return merged;
}
