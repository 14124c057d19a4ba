/**
 * In-memory object store of the SIMULATED API server: one table per resource,
 * keys kept sorted for paging, one global monotonically increasing
 * resourceVersion (like etcd's revision) and a bounded event log for watches.
 *
 * Stored objects are treated as immutable: every write stores a new object,
 * so lists, watch events and caches can share them without copying.
 */
import { alreadyExists, conflict, gone, notFound, badRequest } from './errors';
import { ResourceRegistry, ResourceType, resourceId } from './resources';
import {
  FieldSelector,
  LabelSelector,
  matchFields,
  matchLabels,
} from './selectors';
import { KObject, Rng, deepEqual, nowTimestamp } from './util';

/** A stored object and lazily computed derived data (serialized JSON, quota usage...). */
export interface Entry {
  obj: KObject;
  rv: number;
  json?: string;
  derived?: Map<string, unknown>;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  type: ChangeType;
  rv: number;
  table: Table;
  key: string;
  entry: Entry;
  old?: Entry;
}

export function entryJson(entry: Entry): string {
  if (entry.json === undefined) {
    entry.json = JSON.stringify(entry.obj);
  }
  return entry.json;
}

/** Derived value cached on an entry (entries are immutable, so the cache never goes stale). */
export function derived<T>(entry: Entry, key: string, compute: () => T): T {
  if (!entry.derived) {
    entry.derived = new Map();
  }
  if (entry.derived.has(key)) {
    return entry.derived.get(key) as T;
  }
  const v = compute();
  entry.derived.set(key, v);
  return v;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type WatchSink = (change: Change) => void;

export class Table {
  readonly id: string;
  readonly map = new Map<string, Entry>();
  /** Sorted keys; rebuilt lazily after bulk loads. */
  private keys: string[] = [];
  private keysDirty = false;
  readonly sinks = new Set<WatchSink>();

  constructor(readonly type: ResourceType) {
    this.id = resourceId(type);
  }

  sortedKeys(): string[] {
    if (this.keysDirty) {
      this.keys = [...this.map.keys()].sort();
      this.keysDirty = false;
    }
    return this.keys;
  }

  insertKey(key: string, bulk: boolean): void {
    if (bulk || this.keysDirty) {
      this.keysDirty = true;
      return;
    }
    const i = lowerBound(this.keys, key);
    this.keys.splice(i, 0, key);
  }

  removeKey(key: string): void {
    if (this.keysDirty) {
      return;
    }
    const i = lowerBound(this.keys, key);
    if (this.keys[i] === key) {
      this.keys.splice(i, 1);
    }
  }

  /** Entries of one namespace (or all when ns is undefined), in key order. */
  *scan(ns: string | undefined, afterKey?: string): Generator<[string, Entry]> {
    const keys = this.sortedKeys();
    const prefix = ns !== undefined && this.type.namespaced ? `${ns}/` : '';
    let i = lowerBound(keys, prefix);
    if (afterKey !== undefined && afterKey >= prefix) {
      i = lowerBound(keys, afterKey);
      if (keys[i] === afterKey) i++;
    }
    for (; i < keys.length; i++) {
      const k = keys[i];
      if (prefix && !k.startsWith(prefix)) {
        break;
      }
      const e = this.map.get(k);
      if (e) {
        yield [k, e];
      }
    }
  }

  /** Entries of a namespace, unordered (cheap). */
  *inNamespace(ns: string): Generator<Entry> {
    for (const [, e] of this.scan(ns)) {
      yield e;
    }
  }
}

export interface ListOptions {
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
  limit?: number;
  continueToken?: string;
}

export interface ListResult {
  entries: Entry[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

interface LoggedEvent {
  change: Change;
}

export interface StoreOptions {
  /** How many past events watches can resume from (older resourceVersions get 410 Gone). */
  eventWindow?: number;
  seed?: number;
}

/** The object store. Only the API layer and controllers write to it. */
export class Store {
  readonly registry = new ResourceRegistry();
  private readonly tables = new Map<string, Table>();
  private revision = 1;
  private readonly log: LoggedEvent[] = [];
  private logStart = 0;
  private readonly eventWindow: number;
  /** The oldest revision a watch can still resume from. */
  private compactedRevision = 1;
  private readonly listeners: Array<(c: Change) => void> = [];
  readonly rng: Rng;
  /** ownerReference uid -> keys ("tableId|key") of dependents. */
  private readonly dependents = new Map<string, Set<string>>();

  constructor(options: StoreOptions = {}) {
    this.eventWindow = options.eventWindow ?? 100_000;
    this.rng = new Rng(options.seed ?? 42);
  }

  get resourceVersion(): number {
    return this.revision;
  }

  get oldestResumableRevision(): number {
    return this.compactedRevision;
  }

  table(type: ResourceType): Table {
    const id = resourceId(type);
    let t = this.tables.get(id);
    if (!t) {
      t = new Table(type);
      this.tables.set(id, t);
    }
    return t;
  }

  tableById(id: string): Table | undefined {
    return this.tables.get(id);
  }

  allTables(): Table[] {
    return [...this.tables.values()];
  }

  /** Looks up a type by plural (core or group), e.g. typeOf('pods'), typeOf('deployments', 'apps'). */
  typeOf(plural: string, group = ''): ResourceType {
    const t = this.registry
      .all()
      .find(r => r.plural === plural && r.group === group);
    if (!t) {
      throw new Error(`unknown resource ${plural}.${group}`);
    }
    return t;
  }

  onChange(listener: (c: Change) => void): void {
    this.listeners.push(listener);
  }

  get(
    type: ResourceType,
    ns: string | undefined,
    name: string,
  ): Entry | undefined {
    return this.table(type).map.get(
      objectKey(type.namespaced ? ns : undefined, name),
    );
  }

  getObject(
    type: ResourceType,
    ns: string | undefined,
    name: string,
  ): KObject | undefined {
    return this.get(type, ns, name)?.obj;
  }

  mustGet(type: ResourceType, ns: string | undefined, name: string): Entry {
    const e = this.get(type, ns, name);
    if (!e) {
      throw notFound(type, name);
    }
    return e;
  }

  list(
    type: ResourceType,
    ns: string | undefined,
    opts: ListOptions = {},
  ): ListResult {
    const table = this.table(type);
    let afterKey: string | undefined;
    let rv = this.revision;
    if (opts.continueToken) {
      const tok = decodeContinue(opts.continueToken);
      afterKey = tok.start;
      rv = tok.rv;
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const entries: Entry[] = [];
    const ls = opts.labelSelector ?? [];
    const fs = opts.fieldSelector ?? [];
    let lastKey: string | undefined;
    let more = false;
    for (const [k, e] of table.scan(ns, afterKey)) {
      if (entries.length >= limit) {
        more = true;
        break;
      }
      lastKey = k;
      if (ls.length && !matchLabels(ls, e.obj.metadata?.labels)) continue;
      if (fs.length && !matchFields(fs, e.obj)) continue;
      entries.push(e);
    }
    const result: ListResult = { entries, resourceVersion: String(rv) };
    if (more && lastKey !== undefined) {
      result.continueToken = encodeContinue(rv, lastKey);
      if (!ls.length && !fs.length) {
        const keys = table.sortedKeys();
        const prefix = ns !== undefined && type.namespaced ? `${ns}/` : '';
        const end = prefix ? lowerBound(keys, `${prefix}\uffff`) : keys.length;
        const pos = lowerBound(keys, lastKey) + 1;
        result.remainingItemCount = Math.max(0, end - pos);
      }
    }
    return result;
  }

  private nextRevision(): number {
    this.revision += 1;
    return this.revision;
  }

  private stamp(obj: KObject, rv: number): void {
    obj.metadata!.resourceVersion = String(rv);
  }

  /** Creates an object (metadata.name required). 409 AlreadyExists if present. */
  create(type: ResourceType, obj: KObject): Entry {
    const table = this.table(type);
    const md = obj.metadata ?? (obj.metadata = {});
    if (!md.name) {
      throw badRequest('name or generateName is required');
    }
    if (type.namespaced && !md.namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (!type.namespaced) {
      delete md.namespace;
    }
    const key = objectKey(md.namespace, md.name);
    if (table.map.has(key)) {
      throw alreadyExists(type, md.name);
    }
    md.uid = md.uid ?? this.rng.uid();
    md.creationTimestamp = md.creationTimestamp ?? nowTimestamp();
    if (obj.spec !== undefined || md.generation !== undefined) {
      md.generation = md.generation ?? 1;
    }
    delete md.deletionTimestamp;
    const rv = this.nextRevision();
    this.stamp(obj, rv);
    const entry: Entry = { obj, rv };
    table.map.set(key, entry);
    table.insertKey(key, false);
    this.indexOwners(table, key, undefined, obj);
    this.emit({ type: 'ADDED', rv, table, key, entry });
    return entry;
  }

  /**
   * Replaces an object. If `expectedResourceVersion` is given and stale: 409 Conflict.
   * Bumps metadata.generation when spec changed.
   */
  update(
    type: ResourceType,
    obj: KObject,
    expectedResourceVersion?: string,
  ): Entry {
    const table = this.table(type);
    const md = obj.metadata!;
    const key = objectKey(type.namespaced ? md.namespace : undefined, md.name!);
    const old = table.map.get(key);
    if (!old) {
      throw notFound(type, md.name!);
    }
    if (
      expectedResourceVersion &&
      expectedResourceVersion !== old.obj.metadata!.resourceVersion
    ) {
      throw conflict(type, md.name!);
    }
    const omd = old.obj.metadata!;
    md.uid = omd.uid;
    md.creationTimestamp = omd.creationTimestamp;
    if (!type.namespaced) delete md.namespace;
    if (omd.generation !== undefined || obj.spec !== undefined) {
      const gen = omd.generation ?? 1;
      md.generation = deepEqual(old.obj.spec, obj.spec) ? gen : gen + 1;
    }
    if (omd.deletionTimestamp) {
      md.deletionTimestamp = omd.deletionTimestamp;
    }
    md.resourceVersion = omd.resourceVersion;
    if (deepEqual(old.obj, obj)) {
      return old; // no-op writes do not bump the resourceVersion
    }
    const rv = this.nextRevision();
    this.stamp(obj, rv);
    const entry: Entry = { obj, rv };
    table.map.set(key, entry);
    this.indexOwners(table, key, old.obj, obj);
    this.emit({ type: 'MODIFIED', rv, table, key, entry, old });
    return entry;
  }

  /** Removes an object for good (finalizers are handled by the API layer). */
  remove(type: ResourceType, ns: string | undefined, name: string): Entry {
    const table = this.table(type);
    const key = objectKey(type.namespaced ? ns : undefined, name);
    const old = table.map.get(key);
    if (!old) {
      throw notFound(type, name);
    }
    table.map.delete(key);
    table.removeKey(key);
    this.indexOwners(table, key, old.obj, undefined);
    const rv = this.nextRevision();
    // the DELETED event carries the last state with the deletion's revision
    const obj = {
      ...old.obj,
      metadata: { ...old.obj.metadata, resourceVersion: String(rv) },
    };
    const entry: Entry = { obj, rv };
    this.emit({ type: 'DELETED', rv, table, key, entry, old });
    return entry;
  }

  /**
   * Loads objects without events or admission (scenario seeding). Objects must be complete;
   * uid/creationTimestamp are filled in when missing.
   */
  bulkLoad(type: ResourceType, objs: KObject[]): void {
    const table = this.table(type);
    const ts = nowTimestamp();
    for (const obj of objs) {
      const md = obj.metadata!;
      if (!type.namespaced) delete md.namespace;
      const key = objectKey(md.namespace, md.name!);
      md.uid = md.uid ?? this.rng.uid();
      md.creationTimestamp = md.creationTimestamp ?? ts;
      const rv = this.nextRevision();
      this.stamp(obj, rv);
      table.map.set(key, { obj, rv });
      table.insertKey(key, true);
      this.indexOwners(table, key, undefined, obj);
    }
    // seeded objects are not replayable to watches: watches start after the load
    this.compactedRevision = this.revision;
  }

  dependentsOf(
    uid: string,
  ): Array<{ table: Table; key: string; entry: Entry }> {
    const out: Array<{ table: Table; key: string; entry: Entry }> = [];
    for (const ref of this.dependents.get(uid) ?? []) {
      const i = ref.indexOf('|');
      const table = this.tables.get(ref.slice(0, i));
      const key = ref.slice(i + 1);
      const entry = table?.map.get(key);
      if (table && entry) {
        out.push({ table, key, entry });
      }
    }
    return out;
  }

  private indexOwners(
    table: Table,
    key: string,
    oldObj: KObject | undefined,
    newObj: KObject | undefined,
  ): void {
    const oldRefs = oldObj?.metadata?.ownerReferences ?? [];
    const newRefs = newObj?.metadata?.ownerReferences ?? [];
    if (oldRefs === newRefs) return;
    const ref = `${table.id}|${key}`;
    for (const r of oldRefs) {
      if (!newRefs.some(n => n.uid === r.uid)) {
        this.dependents.get(r.uid)?.delete(ref);
        if (this.dependents.get(r.uid)?.size === 0)
          this.dependents.delete(r.uid);
      }
    }
    for (const r of newRefs) {
      let set = this.dependents.get(r.uid);
      if (!set) {
        set = new Set();
        this.dependents.set(r.uid, set);
      }
      set.add(ref);
    }
  }

  private emit(change: Change): void {
    this.log.push({ change });
    if (this.log.length - this.logStart > this.eventWindow) {
      this.logStart++;
      this.compactedRevision = this.log[this.logStart].change.rv - 1;
      if (this.logStart > 4096) {
        this.log.splice(0, this.logStart);
        this.logStart = 0;
      }
    }
    for (const sink of change.table.sinks) {
      sink(change);
    }
    for (const l of this.listeners) {
      l(change);
    }
  }

  /** Events of a table after `rv` (exclusive). Throws 410 Gone if `rv` is older than the window. */
  eventsSince(table: Table, rv: number): Change[] {
    if (rv < this.compactedRevision) {
      throw gone(`too old resource version: ${rv} (${this.compactedRevision})`);
    }
    const out: Change[] = [];
    // binary search the first event with change.rv > rv
    let lo = this.logStart;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid].change.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.log.length; i++) {
      const c = this.log[i].change;
      if (c.table === table) out.push(c);
    }
    return out;
  }
}

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv, start }),
  ).toString('base64url');
}

export function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof t.rv !== 'number' || typeof t.start !== 'string')
      throw new Error('bad');
    return t;
  } catch {
    throw badRequest('invalid continue token');
  }
}
