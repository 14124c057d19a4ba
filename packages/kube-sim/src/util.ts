/** Small helpers shared by the SIMULATED API server. */

/** A Kubernetes object as plain JSON. */
export type KObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: KMetadata;
  spec?: any;
  status?: any;
  [key: string]: any;
};

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KMetadata {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: any[];
  [key: string]: any;
}

export function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep clone of JSON data (faster than structuredClone for plain objects). */
export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) {
    return v.map(deepClone) as unknown as T;
  }
  if (isPlainObject(v)) {
    const out: Record<string, any> = {};
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, any>)[k];
      if (x !== undefined) {
        out[k] = deepClone(x);
      }
    }
    return out as T;
  }
  return v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) {
      return false;
    }
    for (let i = 0; i < a.length; i++) {
      if (!deepEqual(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter(k => a[k] !== undefined);
    const kb = Object.keys(b).filter(k => b[k] !== undefined);
    if (ka.length !== kb.length) {
      return false;
    }
    for (const k of ka) {
      if (!deepEqual(a[k], b[k])) {
        return false;
      }
    }
    return true;
  }
  return false;
}

/** RFC 3339 timestamp with second precision, like metav1.Time. */
export function nowTimestamp(ms: number = Date.now()): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Deterministic pseudo random generator (mulberry32). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** 5 characters from Kubernetes' "safe" alphabet, like generateName suffixes. */
  suffix(len = 5): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let s = '';
    for (let i = 0; i < len; i++) {
      s += alphabet[Math.floor(this.next() * alphabet.length)];
    }
    return s;
  }

  uid(): string {
    const hex = (n: number) =>
      Array.from({ length: n }, () =>
        Math.floor(this.next() * 16).toString(16),
      ).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  }
}

/** FNV-1a 32-bit hash, encoded with the safe alphabet (like pod-template-hash). */
export function safeHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  let n = h;
  do {
    s += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length);
  } while (n > 0);
  return s;
}

export function labelsOf(obj: KObject): Record<string, string> {
  return obj.metadata?.labels ?? {};
}

export function controllerRef(obj: KObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find(r => r.controller);
}

export function ownerRefTo(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion!,
    kind: owner.kind!,
    name: owner.metadata!.name!,
    uid: owner.metadata!.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** JSON with sorted keys (stable input for hashes). */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v)
      .filter(k => v[k] !== undefined)
      .sort()
      .map(k => `${JSON.stringify(k)}:${stableStringify(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
