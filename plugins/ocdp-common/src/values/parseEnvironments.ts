import { OcdpInputError } from '../errors';
import { Toleration } from '../footprint';
import { isUnsafeObjectKey } from '../quota';
import { ClusterValuesOverlay } from './overlay';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new OcdpInputError(field, 'must be a string');
  }
  return value;
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (!isRecord(value)) {
    throw new OcdpInputError(field, 'must be a map of strings');
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (isUnsafeObjectKey(key)) {
      throw new OcdpInputError(`${field}.${key}`, 'is not an allowed key');
    }
    out[key] = text(item, `${field}.${key}`);
  }
  return out;
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) {
    throw new OcdpInputError(field, 'must be a list of strings');
  }
  return value.map((item, i) => text(item, `${field}[${i}]`));
}

const OPERATORS = ['Exists', 'Equal'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function toleration(value: unknown, field: string): Toleration {
  if (!isRecord(value)) {
    throw new OcdpInputError(field, 'must be a map');
  }
  const out: Toleration = {};
  for (const [key, item] of Object.entries(value)) {
    const at = `${field}.${key}`;
    switch (key) {
      case 'key':
      case 'value':
        out[key] = text(item, at);
        break;
      case 'operator':
        if (!OPERATORS.includes(item as string)) {
          throw new OcdpInputError(
            at,
            `must be one of ${OPERATORS.join(', ')}`,
          );
        }
        out.operator = item as Toleration['operator'];
        break;
      case 'effect':
        if (!EFFECTS.includes(item as string)) {
          throw new OcdpInputError(at, `must be one of ${EFFECTS.join(', ')}`);
        }
        out.effect = item as Toleration['effect'];
        break;
      case 'tolerationSeconds':
        if (typeof item !== 'number' || !Number.isSafeInteger(item)) {
          throw new OcdpInputError(at, 'must be an integer');
        }
        out.tolerationSeconds = item;
        break;
      default:
        throw new OcdpInputError(at, 'is not a toleration field');
    }
  }
  return out;
}

type FieldReader = (value: unknown, field: string) => unknown;

/** Every field of `ClusterValuesOverlay`, with how it is read. */
const OVERLAY_FIELDS: Record<keyof ClusterValuesOverlay, FieldReader> = {
  storageClass: text,
  runtimeClassName: text,
  registryPrefix: text,
  imagePullSecrets: stringList,
  nodeSelector: stringMap,
  tolerations: (value, field) => {
    if (!Array.isArray(value)) {
      throw new OcdpInputError(field, 'must be a list of tolerations');
    }
    return value.map((item, i) => toleration(item, `${field}[${i}]`));
  },
  ingressClassName: text,
  labels: stringMap,
};

/**
 * Reads `ocdp.environments` (cluster name → `ClusterValuesOverlay`). Unknown fields are refused,
 * so a misspelt key does not silently drop a setting.
 *
 * @throws OcdpInputError naming the bad field (`ocdp.environments.demo.tolerations[0].effect: …`).
 * @public
 */
export function parseEnvironments(
  config: unknown,
  field = 'ocdp.environments',
): Record<string, ClusterValuesOverlay> {
  if (config === undefined || config === null) {
    return {};
  }
  if (!isRecord(config)) {
    throw new OcdpInputError(field, 'must be a map of cluster name to overlay');
  }
  const environments: Record<string, ClusterValuesOverlay> = {};
  for (const [cluster, value] of Object.entries(config)) {
    const at = `${field}.${cluster}`;
    if (isUnsafeObjectKey(cluster)) {
      throw new OcdpInputError(at, 'is not an allowed key');
    }
    if (!isRecord(value)) {
      throw new OcdpInputError(at, 'must be a map');
    }
    const overlay: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const read = Object.prototype.hasOwnProperty.call(OVERLAY_FIELDS, key)
        ? OVERLAY_FIELDS[key as keyof ClusterValuesOverlay]
        : undefined;
      if (!read) {
        throw new OcdpInputError(
          `${at}.${key}`,
          `is not an environment field; known fields: ${Object.keys(
            OVERLAY_FIELDS,
          ).join(', ')}`,
        );
      }
      if (item !== undefined && item !== null) {
        overlay[key] = read(item, `${at}.${key}`);
      }
    }
    environments[cluster] = overlay as ClusterValuesOverlay;
  }
  return environments;
}
