/** Helm values helpers: coalescing (chart defaults ← user values), digests, three-way merges. */
import crypto from 'crypto';
import { deepClone, isPlainObject, stableStringify } from '../../util';

/**
 * Helm's value coalescing: maps merge recursively, anything else (lists, scalars) replaces,
 * and a `null` user value deletes the default key.
 */
export function coalesceValues(base: any, over: any): any {
  if (!isPlainObject(over)) return over === undefined ? deepClone(base) : over;
  const out: Record<string, any> = isPlainObject(base) ? deepClone(base) : {};
  for (const [k, v] of Object.entries(over)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    if (v === null) delete out[k];
    else if (isPlainObject(v) && isPlainObject(out[k]))
      out[k] = coalesceValues(out[k], v);
    else out[k] = deepClone(v);
  }
  return out;
}

/** `sha256:<hex>` of the canonical JSON of `v` (Flux's config digest format). */
export function sha256Digest(v: unknown): string {
  return `sha256:${crypto
    .createHash('sha256')
    .update(stableStringify(v ?? {}))
    .digest('hex')}`;
}

const LIST_KEYS = ['name', 'containerPort', 'port', 'mountPath', 'key'];

function listKey(items: any[]): string | undefined {
  if (!items.length || !items.every(isPlainObject)) return undefined;
  return LIST_KEYS.find(k => items.every(i => i[k] !== undefined));
}

/**
 * Helm's three-way merge (simplified): start from the live object, delete what the old
 * manifest set and the new one no longer does, then set everything the new manifest sets.
 * Lists of objects with a merge key (name, port, ...) merge per element, so server-set
 * fields such as a Service's nodePort or clusterIP survive an upgrade.
 */
export function threeWayMerge(
  live: any,
  oldManifest: any,
  newManifest: any,
): any {
  if (Array.isArray(newManifest)) {
    const key = listKey(newManifest);
    if (!key || !Array.isArray(live)) return deepClone(newManifest);
    return newManifest.map(item => {
      const cur = live.find(
        (l: any) => isPlainObject(l) && l[key] === item[key],
      );
      const old = Array.isArray(oldManifest)
        ? oldManifest.find((o: any) => isPlainObject(o) && o[key] === item[key])
        : undefined;
      return cur ? threeWayMerge(cur, old, item) : deepClone(item);
    });
  }
  if (!isPlainObject(newManifest)) return deepClone(newManifest);
  const out: Record<string, any> = isPlainObject(live) ? deepClone(live) : {};
  if (isPlainObject(oldManifest)) {
    for (const k of Object.keys(oldManifest)) {
      if (!(k in newManifest)) delete out[k];
    }
  }
  for (const [k, v] of Object.entries(newManifest)) {
    out[k] = threeWayMerge(
      out[k],
      isPlainObject(oldManifest) ? oldManifest[k] : undefined,
      v,
    );
  }
  return out;
}

/** Reads a path like `gpu.count` from values. */
export function valueAt(values: any, path: string): any {
  let cur = values;
  for (const p of path.split('.')) cur = cur?.[p];
  return cur;
}
