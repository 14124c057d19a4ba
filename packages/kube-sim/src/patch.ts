/** JSON patch (RFC 6902), JSON merge patch (RFC 7386) and a simplified strategic merge patch. */
import { KubeStatusError, badRequest } from './errors';
import { deepClone, deepEqual, isPlainObject } from './util';

function unprocessable(message: string): KubeStatusError {
  return new KubeStatusError(422, 'Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw unprocessable(`invalid JSON pointer: ${pointer}`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolveParent(
  doc: any,
  path: string[],
  op: string,
): { parent: any; key: string } {
  let cur = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const p = path[i];
    cur = Array.isArray(cur) ? cur[Number(p)] : cur?.[p];
    if (cur === undefined || cur === null || typeof cur !== 'object') {
      throw unprocessable(
        `${op} operation does not apply: doc is missing path: /${path.join(
          '/',
        )}`,
      );
    }
  }
  return { parent: cur, key: path[path.length - 1] };
}

function getAt(doc: any, path: string[]): any {
  let cur = doc;
  for (const p of path) {
    if (cur === undefined || cur === null) return undefined;
    cur = Array.isArray(cur) ? cur[Number(p)] : cur[p];
  }
  return cur;
}

/** Applies an RFC 6902 JSON patch to a copy of `doc`. */
export function applyJsonPatch(doc: any, ops: unknown): any {
  if (!Array.isArray(ops)) {
    throw badRequest('json patch must be an array of operations');
  }
  let out = deepClone(doc);
  for (const op of ops) {
    const path = parsePointer(String(op.path ?? ''));
    switch (op.op) {
      case 'add':
      case 'replace': {
        const value = deepClone(op.value);
        if (path.length === 0) {
          out = value;
          break;
        }
        const { parent, key } = resolveParent(out, path, op.op);
        if (Array.isArray(parent)) {
          const idx = key === '-' ? parent.length : Number(key);
          if (!Number.isInteger(idx) || idx < 0 || idx > parent.length) {
            throw unprocessable(
              `${op.op} operation does not apply: index out of range: ${key}`,
            );
          }
          if (op.op === 'add') parent.splice(idx, 0, value);
          else parent[idx] = value;
        } else {
          if (op.op === 'replace' && !(key in parent)) {
            throw unprocessable(
              `replace operation does not apply: doc is missing key: /${path.join(
                '/',
              )}`,
            );
          }
          parent[key] = value;
        }
        break;
      }
      case 'remove': {
        const { parent, key } = resolveParent(out, path, 'remove');
        if (Array.isArray(parent)) {
          const idx = Number(key);
          if (idx < 0 || idx >= parent.length) {
            throw unprocessable(
              `remove operation does not apply: index out of range: ${key}`,
            );
          }
          parent.splice(idx, 1);
        } else {
          if (!(key in parent)) {
            throw unprocessable(
              `remove operation does not apply: doc is missing path: /${path.join(
                '/',
              )}`,
            );
          }
          delete parent[key];
        }
        break;
      }
      case 'move':
      case 'copy': {
        const from = parsePointer(String(op.from ?? ''));
        const value = deepClone(getAt(out, from));
        if (value === undefined) {
          throw unprocessable(
            `${op.op} operation does not apply: doc is missing from path: ${op.from}`,
          );
        }
        if (op.op === 'move')
          out = applyJsonPatch(out, [{ op: 'remove', path: op.from }]);
        out = applyJsonPatch(out, [{ op: 'add', path: op.path, value }]);
        break;
      }
      case 'test':
        if (!deepEqual(getAt(out, path), op.value)) {
          throw unprocessable(`testing value ${op.path} failed`);
        }
        break;
      default:
        throw badRequest(`unexpected json patch operation: ${op.op}`);
    }
  }
  return out;
}

/** RFC 7386 merge patch. */
export function applyMergePatch(doc: any, patch: any): any {
  if (!isPlainObject(patch)) {
    return deepClone(patch);
  }
  const out: Record<string, any> = isPlainObject(doc) ? deepClone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k];
    } else if (isPlainObject(v)) {
      out[k] = applyMergePatch(out[k], v);
    } else {
      out[k] = deepClone(v);
    }
  }
  return out;
}

/** Merge key of a list field for strategic merge patch / apply, by field name and items. */
export function listMergeKey(
  field: string,
  items: unknown[],
): string | undefined {
  const first = items.find(isPlainObject) as Record<string, any> | undefined;
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'conditions':
      return 'type';
    case 'ownerReferences':
      return 'uid';
    case 'ports':
      if (first && 'containerPort' in first) return 'containerPort';
      if (first && 'port' in first) return 'port';
      return undefined;
    case 'topologySpreadConstraints':
      return 'topologyKey';
    default:
      return undefined;
  }
}

const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

function stripDirectives(v: any): any {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isPlainObject(v)) return v;
  const out: Record<string, any> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}

function mergeList(field: string, base: any[], patch: any[]): any[] {
  const key = listMergeKey(field, [...patch, ...base]);
  if (MERGED_PRIMITIVE_LISTS.has(field)) {
    const out = [...base];
    for (const p of patch) if (!out.includes(p)) out.push(p);
    return out;
  }
  if (!key || !patch.every(isPlainObject)) {
    return stripDirectives(patch);
  }
  if (patch.some(p => p.$patch === 'replace')) {
    return stripDirectives(patch.filter(p => p.$patch !== 'replace'));
  }
  const out = base.map(deepClone);
  for (const p of patch) {
    const idx = out.findIndex(b => isPlainObject(b) && b[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMerge(out[idx], p);
    else out.push(stripDirectives(p));
  }
  return out;
}

/**
 * Strategic merge patch, simplified: maps merge recursively (null deletes), lists with a
 * known merge key (containers/env/volumes by name, ...) merge item by item, `$patch: delete`
 * and `$patch: replace` directives work; other lists are replaced.
 */
export function strategicMerge(doc: any, patch: any): any {
  if (!isPlainObject(patch)) {
    return deepClone(patch);
  }
  if (patch.$patch === 'replace') {
    return stripDirectives(patch);
  }
  if (patch.$patch === 'delete') {
    return undefined;
  }
  const out: Record<string, any> = isPlainObject(doc) ? deepClone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) {
      delete out[k];
    } else if (isPlainObject(v)) {
      const merged = strategicMerge(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else if (Array.isArray(v) && Array.isArray(out[k])) {
      out[k] = mergeList(k, out[k], v);
    } else {
      out[k] = stripDirectives(v);
    }
  }
  return out;
}
