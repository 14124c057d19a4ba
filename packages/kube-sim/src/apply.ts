/**
 * Server-side apply and managedFields, simplified: field ownership is tracked
 * per manager as a set of leaf paths (fieldsV1 format), conflicts are detected
 * when another manager owns a field the applied configuration sets to a
 * different value, `force` takes ownership, and fields a manager stops applying
 * are removed unless another manager still owns them.
 */
import { KubeStatusError } from './errors';
import { listMergeKey } from './patch';
import {
  KObject,
  deepClone,
  deepEqual,
  isPlainObject,
  nowTimestamp,
} from './util';

/** A path is a list of fieldsV1 keys: "f:spec", "k:{\"name\":\"app\"}". */
type Path = string[];
const SEP = '\u0000';

const IGNORED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
]);

function keySegment(mergeKey: string, value: unknown): string {
  return `k:${JSON.stringify({ [mergeKey]: value })}`;
}

function flattenInto(value: any, path: Path, out: Map<string, unknown>): void {
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter(k => value[k] !== undefined);
    if (keys.length === 0) {
      out.set(path.join(SEP), {});
      return;
    }
    for (const k of keys) {
      const v = value[k];
      const seg = `f:${k}`;
      if (Array.isArray(v)) {
        const mk = listMergeKey(k, v);
        if (
          mk &&
          v.length > 0 &&
          v.every(i => isPlainObject(i) && i[mk] !== undefined)
        ) {
          for (const item of v) {
            flattenInto(item, [...path, seg, keySegment(mk, item[mk])], out);
          }
          continue;
        }
        out.set([...path, seg].join(SEP), v);
      } else {
        flattenInto(v, [...path, seg], out);
      }
    }
    return;
  }
  out.set(path.join(SEP), value);
}

/** Leaf paths of an object's user-settable fields, with their values. */
export function flattenFields(
  obj: KObject,
  includeStatus = false,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || v === undefined) continue;
    if (k === 'status' && !includeStatus) continue;
    if (k === 'metadata') {
      for (const [mk, mv] of Object.entries(v as object)) {
        if (IGNORED_METADATA.has(mk) || mv === undefined) continue;
        flattenInto(mv, ['f:metadata', `f:${mk}`], out);
      }
      continue;
    }
    flattenInto(v, [`f:${k}`], out);
  }
  return out;
}

/** Builds a fieldsV1 object from leaf paths. */
export function toFieldsV1(paths: Iterable<string>): Record<string, any> {
  const root: Record<string, any> = {};
  for (const p of paths) {
    let cur = root;
    const segs = p.split(SEP);
    segs.forEach((seg, i) => {
      cur[seg] = cur[seg] ?? {};
      if (seg.startsWith('k:') && i < segs.length - 1) cur[seg]['.'] = {};
      cur = cur[seg];
    });
  }
  return root;
}

/** Reads leaf paths back from a fieldsV1 object. */
export function fromFieldsV1(fields: any): Set<string> {
  const out = new Set<string>();
  const walk = (node: any, path: Path) => {
    const keys = Object.keys(node ?? {}).filter(k => k !== '.');
    if (keys.length === 0) {
      if (path.length) out.add(path.join(SEP));
      return;
    }
    for (const k of keys) walk(node[k], [...path, k]);
  };
  walk(fields, []);
  return out;
}

/** Human readable path, as in apply conflict messages: `.spec.containers[name="app"].image`. */
export function prettyPath(path: string): string {
  return path
    .split(SEP)
    .map(seg => {
      if (seg.startsWith('f:')) return `.${seg.slice(2)}`;
      const kv = JSON.parse(seg.slice(2));
      return `[${Object.entries(kv)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}

interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  paths: Set<string>;
}

function readManagers(obj: KObject | undefined): ManagerEntry[] {
  return (obj?.metadata?.managedFields ?? []).map((m: any) => ({
    manager: m.manager ?? '',
    operation: m.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: m.apiVersion ?? '',
    subresource: m.subresource,
    time: m.time,
    paths: fromFieldsV1(m.fieldsV1),
  }));
}

function writeManagers(obj: KObject, managers: ManagerEntry[]): void {
  const mf = managers
    .filter(m => m.paths.size > 0)
    .map(m => ({
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      time: m.time ?? nowTimestamp(),
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1([...m.paths].sort()),
      ...(m.subresource ? { subresource: m.subresource } : {}),
    }));
  obj.metadata = obj.metadata ?? {};
  if (mf.length) obj.metadata.managedFields = mf;
  else delete obj.metadata.managedFields;
}

function findIndexByKey(list: any[], seg: string): number {
  const kv = JSON.parse(seg.slice(2)) as Record<string, unknown>;
  return list.findIndex(
    i => isPlainObject(i) && Object.entries(kv).every(([k, v]) => i[k] === v),
  );
}

/** Removes a leaf path from an object, pruning containers left empty. */
function deletePath(obj: any, path: string): void {
  const segs = path.split(SEP);
  const stack: Array<{ container: any; key: string | number }> = [];
  let cur = obj;
  for (const seg of segs) {
    if (cur === undefined || cur === null) return;
    if (seg.startsWith('f:')) {
      stack.push({ container: cur, key: seg.slice(2) });
      cur = cur[seg.slice(2)];
    } else {
      if (!Array.isArray(cur)) return;
      const idx = findIndexByKey(cur, seg);
      if (idx < 0) return;
      stack.push({ container: cur, key: idx });
      cur = cur[idx];
    }
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const { container, key } = stack[i];
    const isLeaf = i === stack.length - 1;
    const child = container[key];
    const empty =
      isLeaf ||
      (isPlainObject(child) && Object.keys(child).length === 0) ||
      (Array.isArray(child) && child.length === 0);
    if (!empty) break;
    if (Array.isArray(container)) container.splice(key as number, 1);
    else delete container[key];
  }
}

/** Merges an applied configuration into an object (maps recursively, keyed lists by key). */
function mergeApplied(base: any, applied: any, field = ''): any {
  if (Array.isArray(applied)) {
    const mk = listMergeKey(field, applied);
    if (
      !mk ||
      !Array.isArray(base) ||
      !applied.every(i => isPlainObject(i) && i[mk] !== undefined)
    ) {
      return deepClone(applied);
    }
    const out = base.map(deepClone);
    for (const item of applied) {
      const idx = out.findIndex(b => isPlainObject(b) && b[mk] === item[mk]);
      if (idx >= 0) out[idx] = mergeApplied(out[idx], item);
      else out.push(deepClone(item));
    }
    return out;
  }
  if (!isPlainObject(applied)) {
    return deepClone(applied);
  }
  const out: Record<string, any> = isPlainObject(base) ? deepClone(base) : {};
  for (const [k, v] of Object.entries(applied)) {
    if (v === null || v === undefined) continue;
    out[k] = mergeApplied(out[k], v, k);
  }
  return out;
}

export interface ApplyResult {
  obj: KObject;
  /** True when the apply changes nothing (no write needed). */
  noop: boolean;
}

/** Server-side apply of `applied` by `manager` onto `current` (undefined = create). */
export function serverSideApply(
  current: KObject | undefined,
  applied: KObject,
  manager: string,
  force: boolean,
  hasStatusSubresource: boolean,
): ApplyResult {
  const apiVersion = applied.apiVersion ?? '';
  const config = deepClone(applied);
  if (hasStatusSubresource) delete config.status;
  delete config.metadata?.managedFields;
  delete config.metadata?.resourceVersion;
  const appliedLeaves = flattenFields(config);

  if (!current) {
    const obj = deepClone(config);
    writeManagers(obj, [
      {
        manager,
        operation: 'Apply',
        apiVersion,
        paths: new Set(appliedLeaves.keys()),
      },
    ]);
    return { obj, noop: false };
  }

  const managers = readManagers(current);
  const currentLeaves = flattenFields(current);
  const conflicts: Array<{ entry: ManagerEntry; path: string }> = [];
  for (const m of managers) {
    if (m.manager === manager && m.operation === 'Apply') continue;
    for (const p of m.paths) {
      if (
        appliedLeaves.has(p) &&
        !deepEqual(currentLeaves.get(p), appliedLeaves.get(p))
      ) {
        conflicts.push({ entry: m, path: p });
      }
    }
  }
  if (conflicts.length && !force) {
    throw applyConflict(conflicts);
  }
  for (const c of conflicts) c.entry.paths.delete(c.path);

  let mine = managers.find(
    m => m.manager === manager && m.operation === 'Apply',
  );
  const previous = mine?.paths ?? new Set<string>();
  const othersOwn = (p: string) =>
    managers.some(m => m !== mine && m.paths.has(p));

  let obj: KObject = deepClone(current);
  for (const p of previous) {
    if (!appliedLeaves.has(p) && !othersOwn(p)) deletePath(obj, p);
  }
  obj = mergeApplied(obj, config);
  obj.metadata = obj.metadata ?? {};
  // keep metadata the server owns
  for (const k of [
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
  ] as const) {
    if (current.metadata?.[k] !== undefined)
      (obj.metadata as Record<string, unknown>)[k] = current.metadata[k];
  }
  if (hasStatusSubresource) obj.status = current.status;

  const newPaths = new Set(appliedLeaves.keys());
  const unchanged =
    mine !== undefined &&
    deepEqual(
      { ...obj, metadata: { ...obj.metadata, managedFields: undefined } },
      {
        ...current,
        metadata: { ...current.metadata, managedFields: undefined },
      },
    ) &&
    conflicts.length === 0 &&
    newPaths.size === previous.size &&
    [...newPaths].every(p => previous.has(p));
  if (unchanged) {
    return { obj: current, noop: true };
  }
  if (!mine) {
    mine = { manager, operation: 'Apply', apiVersion, paths: newPaths };
    managers.push(mine);
  }
  mine.paths = newPaths;
  mine.apiVersion = apiVersion;
  mine.time = nowTimestamp();
  writeManagers(obj, managers);
  return { obj, noop: false };
}

function applyConflict(
  conflicts: Array<{ entry: ManagerEntry; path: string }>,
): KubeStatusError {
  const describe = (m: ManagerEntry) =>
    `conflict with "${m.manager}"${
      m.subresource ? ` with subresource "${m.subresource}"` : ''
    }${
      m.operation === 'Update' && m.apiVersion ? ` using ${m.apiVersion}` : ''
    }`;
  const n = conflicts.length;
  const message =
    n === 1
      ? `Apply failed with 1 conflict: ${describe(
          conflicts[0].entry,
        )}: ${prettyPath(conflicts[0].path)}`
      : `Apply failed with ${n} conflicts: ${conflicts
          .map(c => `${describe(c.entry)}: ${prettyPath(c.path)}`)
          .join('\n')}`;
  return new KubeStatusError(409, 'Conflict', message, {
    causes: conflicts.map(c => ({
      reason: 'FieldManagerConflict',
      message: describe(c.entry),
      field: prettyPath(c.path),
    })),
  });
}

/**
 * Records ownership for a non-apply write (create/update/patch): fields the write
 * set or changed now belong to `manager` (operation Update); removed fields are dropped.
 */
export function recordUpdate(
  oldObj: KObject | undefined,
  newObj: KObject,
  manager: string,
  subresource?: string,
): void {
  const managers = readManagers(oldObj ?? newObj).filter(
    () => oldObj !== undefined,
  );
  const includeStatus = subresource === 'status';
  const oldLeaves = oldObj
    ? flattenFields(oldObj, includeStatus)
    : new Map<string, unknown>();
  const newLeaves = flattenFields(newObj, includeStatus);
  const changed: string[] = [];
  for (const [p, v] of newLeaves) {
    if (subresource === 'status' && !p.startsWith('f:status')) continue;
    if (!oldLeaves.has(p) || !deepEqual(oldLeaves.get(p), v)) changed.push(p);
  }
  const removed = [...oldLeaves.keys()].filter(p => !newLeaves.has(p));
  if (!changed.length && !removed.length) {
    writeManagers(newObj, managers);
    return;
  }
  for (const m of managers) {
    for (const p of removed) m.paths.delete(p);
    for (const p of changed) m.paths.delete(p);
  }
  let mine = managers.find(
    m =>
      m.manager === manager &&
      m.operation === 'Update' &&
      (m.subresource ?? '') === (subresource ?? ''),
  );
  if (!mine) {
    mine = {
      manager,
      operation: 'Update',
      apiVersion: newObj.apiVersion ?? '',
      subresource,
      paths: new Set(),
    };
    managers.push(mine);
  }
  for (const p of changed) mine.paths.add(p);
  mine.time = nowTimestamp();
  writeManagers(newObj, managers);
}
