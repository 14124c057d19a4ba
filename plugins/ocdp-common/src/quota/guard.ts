import { OcdpInputError } from '../errors';
import { isUnsafeObjectKey, isValidQuotaKey } from './keys';

/**
 * The own enumerable keys of a quota-like input, after checking it is a plain object and that
 * no key is prototype-polluting (`__proto__`, `constructor`, `prototype`).
 */
export function ownQuotaKeys(input: unknown, field: string): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new OcdpInputError(
      field,
      'must be an object mapping ResourceQuota keys to quantities',
    );
  }
  const keys = Object.keys(input);
  for (const key of keys) {
    if (isUnsafeObjectKey(key)) {
      throw new OcdpInputError(`${field}.${key}`, unsafeQuotaKeyDetail(key));
    }
  }
  return keys;
}

/** Why `key` is not a valid ResourceQuota key (without the field). */
export function invalidQuotaKeyDetail(key: string): string {
  return (
    `${JSON.stringify(key)} is not a valid ResourceQuota key ` +
    '(use a standard quota resource such as "requests.cpu", "pods" or "requests.storage", ' +
    'or a qualified name such as "requests.nvidia.com/gpu" or "count/deployments.apps")'
  );
}

/** Why `key` must never be a quota key (without the field). */
export function unsafeQuotaKeyDetail(key: string): string {
  return `${JSON.stringify(key)} is not allowed as a quota key`;
}

/** Throws `OcdpInputError` naming `<field>.<key>` unless the key is a valid ResourceQuota key. */
export function assertQuotaKey(key: string, field: string): void {
  if (!isValidQuotaKey(key)) {
    throw new OcdpInputError(`${field}.${key}`, invalidQuotaKeyDetail(key));
  }
}

/** Reads an own property without touching the prototype chain. */
export function ownValue(input: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(input, key)
    ? (input as Record<string, unknown>)[key]
    : undefined;
}

/** A plain object with the entries in the given order (keys must have been checked). */
export function toPlainObject<T>(
  entries: Array<[string, T]>,
): Record<string, T> {
  return Object.fromEntries(entries);
}

/** Checks configured GPU keys (a server configuration error, not a 400). */
export function checkGpuResourceKeys(keys: readonly string[]): void {
  if (!Array.isArray(keys)) {
    throw new TypeError('ocdp.quota.gpuResourceKeys must be a list of strings');
  }
  for (const key of keys) {
    if (!isValidQuotaKey(key)) {
      throw new TypeError(
        `ocdp.quota.gpuResourceKeys: ${JSON.stringify(
          key,
        )} is not a valid ResourceQuota key`,
      );
    }
  }
}
