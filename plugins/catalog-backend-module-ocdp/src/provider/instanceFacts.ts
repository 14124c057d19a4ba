import { ChartProfile, ValuesPath } from '@ocdp/plugin-ocdp-common';

/** What an entity shows of an instance's values: its model and, when the values say, its URL. */
export interface InstanceFacts {
  modelId?: string;
  /** `http://<host>` when the instance is exposed by an Ingress with a host name. */
  endpoint?: string;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readOne(root: unknown, here: unknown, path: string): unknown {
  const [from, body] = path.startsWith('$.')
    ? [root, path.slice(2)]
    : [here, path];
  let current = from;
  for (const segment of body.split('.')) {
    if (!isMap(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current ?? undefined;
}

/** The value at the first path of `paths` that is set. */
function readFirst(
  root: unknown,
  here: unknown,
  paths: ValuesPath | undefined,
): unknown {
  for (const path of typeof paths === 'string' ? [paths] : paths ?? []) {
    const value = readOne(root, here, path);
    if (value !== undefined) return value;
  }
  return undefined;
}

function readString(
  root: unknown,
  here: unknown,
  paths: ValuesPath | undefined,
): string | undefined {
  const value = readFirst(root, here, paths);
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Reads the model id and the Ingress URL from an instance's values with its chart profile. In a
 * profile whose workloads come from a list, the first element is read.
 */
export function instanceFacts(
  values: Record<string, unknown>,
  profile: ChartProfile | undefined,
): InstanceFacts {
  if (!profile) return {};
  let here: unknown = values;
  if (profile.listPath) {
    const list = readOne(values, values, profile.listPath);
    here = Array.isArray(list) ? list[0] : undefined;
  }
  const modelId = readString(values, here, profile.model?.idPath);
  let endpoint: string | undefined;
  for (const service of profile.services ?? []) {
    const ingress = service.ingress;
    if (!ingress?.hostPath) continue;
    const type = readString(values, here, service.typePath);
    const enabled = ingress.enabledPath
      ? readFirst(values, here, ingress.enabledPath) === true
      : type !== undefined && type === service.exposureValues?.ingress;
    const host = readString(values, here, ingress.hostPath);
    if (enabled && host) {
      endpoint = `http://${host}`;
      break;
    }
  }
  return {
    ...(modelId ? { modelId } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}
