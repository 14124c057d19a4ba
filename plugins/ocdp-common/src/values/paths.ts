import { isUnsafeObjectKey } from '../quota';

/** `a.b[0].c` for the keys and indexes leading to a value. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${parent}[${key}]`;
  }
  return parent ? `${parent}.${key}` : key;
}

/** Sets a dotted path (a leading `$.` is ignored), creating maps on the way. */
export function setPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
): void {
  const segments = (path.startsWith('$.') ? path.slice(2) : path).split('.');
  let current = target;
  segments.forEach((segment, i) => {
    if (isUnsafeObjectKey(segment)) {
      throw new Error(`${path}: ${segment} is not allowed in a values path`);
    }
    if (i === segments.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      current[segment] = {};
    }
    current = current[segment] as Record<string, unknown>;
  });
}
