import { isUnsafeObjectKey } from '../quota';

/**
 * Where a chart keeps a value: a dotted path into the values (`gpu.count`). In a profile whose
 * workloads come from a list, paths are read from the list element; a path starting with `$.` is
 * read from the root of the values. Several paths: the first one that is set wins.
 *
 * @public
 */
export type ValuesPath = string | readonly string[];

/** Whether a single path is well formed: non-empty segments, none of them prototype keys. */
export function isValidPath(path: string): boolean {
  const body = path.startsWith('$.') ? path.slice(2) : path;
  return (
    body.length > 0 &&
    body.split('.').every(s => s.length > 0 && !isUnsafeObjectKey(s))
  );
}

/** Where values are read from: the root, and the list element of the current workload. */
export interface PathScope {
  root: unknown;
  here: unknown;
  /** How `here` is named in messages (`servingEngineSpec.modelSpec[0]`); empty at the root. */
  herePath: string;
}

function own(value: unknown, key: string): unknown {
  return typeof value === 'object' &&
    value !== null &&
    Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** Reads one dotted path; `null` reads as unset, as Helm drops null values. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split('.')) {
    current = own(current, segment);
    if (current === undefined || current === null) {
      return undefined;
    }
  }
  return current;
}

/** The first path of `paths` that is set in the scope: its value and its full name. */
export function lookup(
  scope: PathScope,
  paths: ValuesPath | undefined,
): { value: unknown; path: string } {
  const list = paths === undefined ? [] : ([] as string[]).concat(paths);
  let first = '';
  for (const path of list) {
    const rooted = path.startsWith('$.');
    const relative = rooted ? path.slice(2) : path;
    const name =
      rooted || !scope.herePath ? relative : `${scope.herePath}.${relative}`;
    first = first || name;
    const value = readPath(rooted ? scope.root : scope.here, relative);
    if (value !== undefined) {
      return { value, path: name };
    }
  }
  return { value: undefined, path: first };
}
