import { OcdpInputError } from '../errors';
import {
  Quantity,
  QuantityError,
  formatQuantity,
  parseQuantity,
} from '../quantity';
import { isGpuMemoryQuotaKey, isValidQuotaKey } from './keys';

/**
 * One problem with one quota entry: a refusal (`quotaKeyProblems`) or a warning
 * (`quotaWarnings`).
 *
 * @public
 */
export interface QuotaProblem {
  /** The field, as a dotted path: `quota.limits.cpu`. */
  field: string;
  /** `<field>: <detail>`, the same text an `OcdpInputError` for it carries. */
  message: string;
  /** The message without the field, for showing next to the field in a form. */
  detail: string;
}

/**
 * Options of the enforcement checks.
 *
 * @public
 */
export interface QuotaEnforcementOptions {
  /**
   * Keys that Kubernetes' own ResourceQuota does not enforce but something else in the cluster
   * does, exempt from the `requests.`-only rule for extended resources: e.g. HAMi's scheduler
   * enforces `limits.nvidia.com/gpu` and `limits.nvidia.com/gpumem` (HAMi "extended
   * ResourceQuota"). Their values must still be whole numbers.
   */
  externallyEnforcedKeys?: readonly string[];
}

const REQUESTS_PREFIX = 'requests.';
const LIMITS_PREFIX = 'limits.';

/** The `limits.` keys Kubernetes' pod quota evaluator tracks. */
const ENFORCED_LIMIT_KEYS: ReadonlySet<string> = new Set([
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);

/** Object-count keys without a `/` (Kubernetes quota evaluators for pods, services, PVCs, …). */
const OBJECT_COUNT_KEYS: ReadonlySet<string> = new Set([
  'pods',
  'services',
  'services.loadbalancers',
  'services.nodeports',
  'persistentvolumeclaims',
  'configmaps',
  'secrets',
  'replicationcontrollers',
  'resourcequotas',
]);

/**
 * Per-class object counts with a `/`: PVCs per storage class or volume attributes class, DRA
 * devices per device class.
 */
const CLASS_COUNT_KEY =
  /^[^/]+\.(storageclass\.storage\.k8s\.io\/persistentvolumeclaims|volumeattributesclass\.storage\.k8s\.io\/persistentvolumeclaims|deviceclass\.resource\.k8s\.io\/devices)$/;

/** Whether the `/`-prefix of a key is a Kubernetes-owned domain (`*.k8s.io`, `*kubernetes.io`). */
function hasKubernetesDomain(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const domain = name.slice(0, slash);
  return (
    domain === 'k8s.io' ||
    domain.endsWith('.k8s.io') ||
    domain === 'kubernetes.io' ||
    domain.endsWith('.kubernetes.io')
  );
}

/**
 * Whether `name` is an extended resource name as a pod requests it (`nvidia.com/gpu`,
 * `nvidia.com/gpumem`, `example.com/fpga`): a `/`-qualified name outside the Kubernetes-owned
 * domains, and not an object count (`count/…`). Follows Kubernetes' `IsExtendedResourceName`,
 * but also leaves alone the quota-only names of Kubernetes' own evaluators (`count/pods`,
 * `gold.storageclass.storage.k8s.io/requests.storage`).
 */
function isExtendedResourceName(name: string): boolean {
  return (
    name.includes('/') &&
    !name.startsWith(REQUESTS_PREFIX) &&
    !name.startsWith(LIMITS_PREFIX) &&
    !name.startsWith('count/') &&
    !hasKubernetesDomain(name) &&
    isValidQuotaKey(name)
  );
}

/** Keys whose values count objects, and so must be whole numbers. */
function isObjectCountKey(key: string): boolean {
  return (
    OBJECT_COUNT_KEYS.has(key) ||
    key.startsWith('count/') ||
    CLASS_COUNT_KEY.test(key)
  );
}

/** The extended resource a key limits (`requests.nvidia.com/gpu` → `nvidia.com/gpu`), if any. */
function extendedResourceOf(key: string): string | undefined {
  for (const prefix of [REQUESTS_PREFIX, LIMITS_PREFIX]) {
    if (key.startsWith(prefix)) {
      const rest = key.slice(prefix.length);
      return isExtendedResourceName(rest) ? rest : undefined;
    }
  }
  return isExtendedResourceName(key) ? key : undefined;
}

/**
 * Why a valid ResourceQuota key limits nothing, or `undefined` when Kubernetes enforces it.
 *
 * Kubernetes tracks extended resources in a ResourceQuota only as `requests.<name>`
 * (https://kubernetes.io/docs/concepts/policy/resource-quotas/#resource-quota-for-extended-resources):
 * extended resources cannot be overcommitted, so a pod's request always equals its limit, and the
 * pod quota evaluator counts `requests.<name>` alone. `limits.nvidia.com/gpu` and a bare
 * `nvidia.com/gpu` are stored and shown by the API server but never charged, so the namespace is
 * left without the limit the admin meant. The only `limits.` keys the evaluator charges are
 * `limits.cpu`, `limits.memory` and `limits.ephemeral-storage`.
 */
export function unenforcedKeyDetail(
  key: string,
  options: QuotaEnforcementOptions,
): string | undefined {
  if (options.externallyEnforcedKeys?.includes(key)) {
    return undefined;
  }
  if (key.startsWith(LIMITS_PREFIX)) {
    if (ENFORCED_LIMIT_KEYS.has(key)) {
      return undefined;
    }
    const rest = key.slice(LIMITS_PREFIX.length);
    if (isExtendedResourceName(rest)) {
      return `Kubernetes only enforces extended resources as ${REQUESTS_PREFIX}${rest}; use that key`;
    }
    return (
      `Kubernetes has no limits. form of ${rest}, so this key limits nothing; ` +
      `use ${rest}`
    );
  }
  if (isExtendedResourceName(key)) {
    return `Kubernetes only enforces extended resources as ${REQUESTS_PREFIX}${key}; use that key`;
  }
  return undefined;
}

const NANOS_PER_UNIT = 1_000_000_000n;

/** Floor of a non-negative quantity, in units. */
function floorUnits(quantity: Quantity): bigint {
  return quantity.nanos / NANOS_PER_UNIT;
}

/**
 * Why a value is wrong for a key that counts whole things, or `undefined`. `shown` is the value
 * as the caller typed it.
 *
 * Pods can only request extended resources in whole units (the API server rejects
 * `nvidia.com/gpu: 0.5`), and objects are counted one by one, so a fractional quota of either
 * admits only its whole part: `requests.nvidia.com/gpu: 500m` allows no GPU at all.
 */
export function fractionalDetail(
  key: string,
  quantity: Quantity,
  shown: string,
): string | undefined {
  if (quantity.nanos % NANOS_PER_UNIT === 0n) {
    return undefined;
  }
  const floor = floorUnits(quantity);
  const use = `use a whole number such as ${floor} or ${floor + 1n}`;
  const quoted = JSON.stringify(shown);
  if (isObjectCountKey(key)) {
    return (
      `${quoted} is not a whole number; Kubernetes counts objects one by one, ` +
      `so this quota allows only ${floor} — ${use}`
    );
  }
  if (extendedResourceOf(key) !== undefined) {
    const why = isGpuMemoryQuotaKey(key)
      ? 'HAMi counts GPU memory in whole MiB and pods request it in whole units'
      : 'pods can only request GPUs and other extended resources in whole units';
    return `${quoted} is not a whole number; ${why}, so this quota allows only ${floor} — ${use}`;
  }
  return undefined;
}

/** Throws `OcdpInputError` naming `<field>.<key>` when Kubernetes would not enforce the key. */
export function assertEnforcedQuotaKey(
  key: string,
  field: string,
  options: QuotaEnforcementOptions,
): void {
  const detail = unenforcedKeyDetail(key, options);
  if (detail !== undefined) {
    throw new OcdpInputError(`${field}.${key}`, detail);
  }
}

/**
 * Throws `OcdpInputError` naming `<field>.<key>` when the key counts whole things (objects,
 * extended resources) and the value is fractional. `shown` is the value as given.
 */
export function assertWholeWhereCounted(
  key: string,
  quantity: Quantity,
  shown: string,
  field: string,
): void {
  const detail = fractionalDetail(key, quantity, shown);
  if (detail !== undefined) {
    throw new OcdpInputError(`${field}.${key}`, detail);
  }
}

/**
 * Checks configured GPU keys (`ocdp.quota.gpuResourceKeys`) against the enforcement rules: a
 * configured key Kubernetes would not enforce is a server configuration error (`TypeError`),
 * not a 400.
 */
export function checkEnforcedGpuResourceKeys(
  keys: readonly string[],
  options: QuotaEnforcementOptions,
): void {
  for (const key of keys) {
    const detail = unenforcedKeyDetail(key, options);
    if (detail !== undefined) {
      throw new TypeError(
        `ocdp.quota.gpuResourceKeys: ${JSON.stringify(key)}: ${detail}`,
      );
    }
  }
}

/** A `QuotaProblem` for `field`, its message `<field>: <detail>` like an `OcdpInputError`'s. */
export function problem(field: string, detail: string): QuotaProblem {
  return { field, message: `${field}: ${detail}`, detail };
}

/** `limits.*` keys and the request keys they must not be below. */
const LIMIT_REQUEST_PAIRS: ReadonlyArray<[string, readonly string[]]> = [
  ['limits.cpu', ['requests.cpu', 'cpu']],
  ['limits.memory', ['requests.memory', 'memory']],
  [
    'limits.ephemeral-storage',
    ['requests.ephemeral-storage', 'ephemeral-storage'],
  ],
];

function readQuantity(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return undefined;
  }
  try {
    return parseQuantity(typeof value === 'string' ? value.trim() : value);
  } catch (error) {
    if (error instanceof QuantityError) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Quotas Kubernetes accepts and enforces, but not as the admin probably meant — for the backend
 * to return next to a stored spec and for the form to show. Today: `limits.cpu` below
 * `requests.cpu` (or `cpu`), `limits.memory` below `requests.memory` (or `memory`), and
 * `limits.ephemeral-storage` below its request. A container's limit is never below its request,
 * so the tenant can never request more than the limit quota; the request quota above it is dead.
 *
 * Pure and tolerant: keys or values that do not parse are skipped (`normalizeQuotaSpec` refuses
 * them).
 *
 * @param options - `field`: the field warnings are reported under, `quota` by default
 * @public
 */
export function quotaWarnings(
  spec: Record<string, unknown>,
  options: { field?: string } = {},
): QuotaProblem[] {
  const base = options.field ?? 'quota';
  const warnings: QuotaProblem[] = [];
  if (typeof spec !== 'object' || spec === null) {
    return warnings;
  }
  const own = (key: string) =>
    Object.prototype.hasOwnProperty.call(spec, key) ? spec[key] : undefined;
  for (const [limitKey, requestKeys] of LIMIT_REQUEST_PAIRS) {
    const limit = readQuantity(own(limitKey));
    if (!limit) {
      continue;
    }
    let highest: { key: string; quantity: Quantity } | undefined;
    for (const requestKey of requestKeys) {
      const request = readQuantity(own(requestKey));
      if (request && (!highest || request.nanos > highest.quantity.nanos)) {
        highest = { key: requestKey, quantity: request };
      }
    }
    if (!highest || limit.nanos >= highest.quantity.nanos) {
      continue;
    }
    const limitText = formatQuantity(limit);
    const requestText = formatQuantity(highest.quantity);
    warnings.push(
      problem(
        `${base}.${limitKey}`,
        `${limitText} is below ${highest.key} ${requestText}; a container's limit is never ` +
          `below its request, so the tenant can request at most ${limitText} — ` +
          `raise ${limitKey} to at least ${requestText} or lower ${highest.key}`,
      ),
    );
  }
  return warnings;
}
