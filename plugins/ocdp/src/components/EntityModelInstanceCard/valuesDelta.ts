import { Values } from '@ocdp/plugin-ocdp-common';

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => same(item, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every(key => same(a[key], b[key]));
  }
  return a === b;
}

/**
 * What to merge onto `current` (as Helm merges values: maps deeply, lists and scalars replaced)
 * to get `edited`: only the keys that changed, `null` for a key that was removed.
 */
export function valuesDelta(current: Values, edited: Values): Values {
  const delta: Values = {};
  for (const [key, value] of Object.entries(edited)) {
    const before = current[key];
    if (isMap(before) && isMap(value)) {
      const inner = valuesDelta(before, value);
      if (Object.keys(inner).length > 0) {
        delta[key] = inner;
      }
    } else if (!(key in current) || !same(before, value)) {
      delta[key] = value;
    }
  }
  for (const key of Object.keys(current)) {
    if (!(key in edited)) {
      delta[key] = null;
    }
  }
  return delta;
}

/** One changed key of a delta, for a summary: `model.maxModelLen`, from → to. */
export interface ValuesChange {
  path: string;
  kind: 'added' | 'changed' | 'removed';
  before?: unknown;
  after?: unknown;
}

function valueAt(values: Values, path: string[]): unknown {
  let at: unknown = values;
  for (const key of path) {
    if (!isMap(at)) {
      return undefined;
    }
    at = at[key];
  }
  return at;
}

/** The delta's leaves as changes against `current`, in the order the delta has them. */
export function describeDelta(current: Values, delta: Values): ValuesChange[] {
  const changes: ValuesChange[] = [];
  const walk = (layer: Values, path: string[]) => {
    for (const [key, value] of Object.entries(layer)) {
      const keyPath = [...path, key];
      const before = valueAt(current, keyPath);
      if (isMap(value) && isMap(before)) {
        walk(value, keyPath);
        continue;
      }
      const common = { path: keyPath.join('.'), before, after: value };
      if (value === null) {
        changes.push({ ...common, kind: 'removed', after: undefined });
      } else if (before === undefined) {
        changes.push({ ...common, kind: 'added', before: undefined });
      } else {
        changes.push({ ...common, kind: 'changed' });
      }
    }
  };
  walk(delta, []);
  return changes;
}
