/**
 * Keys that must never become properties of a plain object built from user input.
 *
 * @public
 */
export const UNSAFE_OBJECT_KEYS: readonly string[] = Object.freeze([
  '__proto__',
  'constructor',
  'prototype',
]);

/**
 * Whether `key` is one of `__proto__`, `constructor`, `prototype`.
 *
 * @public
 */
export function isUnsafeObjectKey(key: string): boolean {
  return UNSAFE_OBJECT_KEYS.includes(key);
}

/** Resource names without a `/` that a ResourceQuota accepts (Kubernetes `standardQuotaResources`). */
const STANDARD_QUOTA_RESOURCES: ReadonlySet<string> = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
]);

const QUALIFIED_NAME_PATTERN = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN_PATTERN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes `IsQualifiedName`: `[prefix/]name`, prefix a DNS subdomain ≤253, name ≤63. */
function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  let name = value;
  if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (!prefix || prefix.length > 253 || !DNS_SUBDOMAIN_PATTERN.test(prefix)) {
      return false;
    }
  } else if (parts.length !== 1) {
    return false;
  }
  return (
    name.length > 0 && name.length <= 63 && QUALIFIED_NAME_PATTERN.test(name)
  );
}

/**
 * Whether `key` may appear in a ResourceQuota's `hard` map, following Kubernetes' validation
 * (`ValidateResourceQuotaResourceName`): a qualified name (`[prefix/]name`, prefix a DNS
 * subdomain of at most 253 characters, name at most 63 characters of `[-A-Za-z0-9_.]` starting
 * and ending alphanumeric); without a `/` it must also be a standard quota resource (`cpu`,
 * `requests.memory`, `pods`, `persistentvolumeclaims`, …) or a huge-pages resource
 * (`hugepages-2Mi`, `requests.hugepages-1Gi`). So `count/deployments.apps`,
 * `gold.storageclass.storage.k8s.io/requests.storage`, `requests.nvidia.com/gpu` and
 * `nvidia.com/gpumem` are valid, `storage` and `gpu` are not. `__proto__`, `constructor`,
 * `prototype` and the empty string are always rejected.
 *
 * @public
 */
export function isValidQuotaKey(key: unknown): key is string {
  if (typeof key !== 'string' || key === '' || isUnsafeObjectKey(key)) {
    return false;
  }
  if (!isQualifiedName(key)) {
    return false;
  }
  if (key.includes('/')) {
    return true;
  }
  return (
    STANDARD_QUOTA_RESOURCES.has(key) ||
    key.startsWith('hugepages-') ||
    key.startsWith('requests.hugepages-')
  );
}

/**
 * The GPU keys used when `ocdp.quota.gpuResourceKeys` is not configured: GPU count and HAMi GPU
 * memory (MiB), both in the `requests.` form Kubernetes enforces.
 *
 * @public
 */
export const DEFAULT_GPU_RESOURCE_KEYS: readonly string[] = Object.freeze([
  'requests.nvidia.com/gpu',
  'requests.nvidia.com/gpumem',
]);

/** CPU quota keys: blank means unlimited. @public */
export const CPU_QUOTA_KEYS: readonly string[] = Object.freeze([
  'cpu',
  'requests.cpu',
  'limits.cpu',
]);

/** Memory quota keys: blank means unlimited. @public */
export const MEMORY_QUOTA_KEYS: readonly string[] = Object.freeze([
  'memory',
  'requests.memory',
  'limits.memory',
]);

/**
 * `cpu`, `requests.cpu`, `limits.cpu`.
 *
 * @public
 */
export function isCpuQuotaKey(key: string): boolean {
  return CPU_QUOTA_KEYS.includes(key);
}

/**
 * `memory`, `requests.memory`, `limits.memory`.
 *
 * @public
 */
export function isMemoryQuotaKey(key: string): boolean {
  return MEMORY_QUOTA_KEYS.includes(key);
}

/**
 * Keys whose values are bytes of storage: `requests.storage`, `ephemeral-storage` and its
 * `requests.` / `limits.` forms, and per-storage-class `<class>.storageclass.storage.k8s.io/requests.storage`.
 *
 * @public
 */
export function isStorageQuotaKey(key: string): boolean {
  return (
    key === 'requests.storage' ||
    key.endsWith('ephemeral-storage') ||
    (key.endsWith('.storageclass.storage.k8s.io/requests.storage') &&
      key.indexOf('/') === key.lastIndexOf('/'))
  );
}

/**
 * Keys whose values are bytes: memory keys (`memory`, anything ending in `.memory`), storage
 * keys and huge pages.
 *
 * @public
 */
export function isByteQuotaKey(key: string): boolean {
  return (
    key === 'memory' ||
    key.endsWith('.memory') ||
    isStorageQuotaKey(key) ||
    key.startsWith('hugepages-') ||
    key.startsWith('requests.hugepages-')
  );
}

/**
 * GPU-memory keys, whose values count MiB as HAMi's `nvidia.com/gpumem` does:
 * `nvidia.com/gpumem`, `requests.nvidia.com/gpumem`, any key ending in `gpumem` or `gpu-memory`.
 *
 * @public
 */
export function isGpuMemoryQuotaKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower.endsWith('gpumem') || lower.endsWith('gpu-memory');
}

/**
 * Whether a key is one of the configured GPU keys (`ocdp.quota.gpuResourceKeys`), which are
 * the only keys whose blank value means `0` and which zero each other.
 *
 * @public
 */
export function isConfiguredGpuQuotaKey(
  key: string,
  gpuResourceKeys: readonly string[],
): boolean {
  return gpuResourceKeys.includes(key);
}

/**
 * Whether a key looks like a GPU resource for display and ordering: a configured GPU key, or any
 * key mentioning `gpu`, or a MIG device (`nvidia.com/mig-1g.10gb`).
 *
 * @public
 */
export function looksLikeGpuQuotaKey(
  key: string,
  gpuResourceKeys: readonly string[] = [],
): boolean {
  return (
    gpuResourceKeys.includes(key) || /gpu/i.test(key) || /\/mig-/i.test(key)
  );
}
