import { OcdpInputError } from '../errors';
import { isUnsafeObjectKey } from '../quota';
import {
  Quantity,
  addQuantities,
  maxQuantity,
  parseQuantity,
} from '../quantity';
import { ResourceQuantities } from './types';

/** A container's `resources` after API-server defaulting. */
export interface ContainerResources {
  requests: ResourceQuantities;
  limits: ResourceQuantities;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a `ResourceList` (`{ cpu: "500m", "nvidia.com/gpu": 1 }`); `undefined` and `null`
 * read as empty, and so do `null` entries (Helm drops them).
 *
 * @throws OcdpInputError naming `field.<resource>` when a value is not a quantity.
 */
export function parseResourceList(
  value: unknown,
  field: string,
): ResourceQuantities {
  if (value === undefined || value === null) {
    return {};
  }
  if (!isRecord(value)) {
    throw new OcdpInputError(field, 'must be a map of resource quantities');
  }
  const out: Record<string, Quantity> = {};
  for (const [name, raw] of Object.entries(value)) {
    if (isUnsafeObjectKey(name)) {
      throw new OcdpInputError(`${field}.${name}`, 'is not a resource name');
    }
    if (raw === null || raw === undefined) {
      continue;
    }
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      throw new OcdpInputError(`${field}.${name}`, 'must be a quantity');
    }
    out[name] = parseQuantity(raw, `${field}.${name}`);
  }
  return out;
}

/**
 * A container's requests and limits as the API server stores them: a resource with a limit but
 * no request is requested at its limit (cpu, memory and extended resources alike).
 */
export function defaultContainerResources(
  requests: ResourceQuantities,
  limits: ResourceQuantities,
): ContainerResources {
  return { requests: { ...limits, ...requests }, limits: { ...limits } };
}

/** Reads `resources` of a container spec and applies the API server's defaulting. */
export function readContainerResources(
  resources: unknown,
  field: string,
): ContainerResources {
  if (resources !== undefined && resources !== null && !isRecord(resources)) {
    throw new OcdpInputError(field, 'must be a map');
  }
  const spec = resources ?? {};
  return defaultContainerResources(
    parseResourceList(spec.requests, `${field}.requests`),
    parseResourceList(spec.limits, `${field}.limits`),
  );
}

function add(
  into: Record<string, Quantity>,
  list: ResourceQuantities,
): Record<string, Quantity> {
  for (const [name, q] of Object.entries(list)) {
    into[name] = into[name] ? addQuantities(into[name], q) : q;
  }
  return into;
}

function max(
  into: Record<string, Quantity>,
  list: ResourceQuantities,
): Record<string, Quantity> {
  for (const [name, q] of Object.entries(list)) {
    into[name] = into[name] ? maxQuantity(into[name], q) : q;
  }
  return into;
}

/** An init container and whether it is a sidecar (`restartPolicy: Always`). */
export interface InitContainerResources {
  list: ResourceQuantities;
  sidecar: boolean;
}

/**
 * A pod's effective requests (or limits) as Kubernetes computes them (`resourcehelper.PodRequests`):
 * the sum of the containers and sidecars, or the largest init container plus the sidecars started
 * before it, whichever is larger, per resource, plus the pod overhead. Limits (`PodLimits`) add
 * the overhead only to resources that have a limit.
 */
export function effectivePodResources(
  containers: readonly ResourceQuantities[],
  initContainers: readonly InitContainerResources[],
  overhead: ResourceQuantities = {},
  overheadOnlyWhereSet = false,
): ResourceQuantities {
  const total: Record<string, Quantity> = {};
  for (const c of containers) {
    add(total, c);
  }
  const sidecars: Record<string, Quantity> = {};
  const initPeak: Record<string, Quantity> = {};
  for (const init of initContainers) {
    if (init.sidecar) {
      add(total, init.list);
      add(sidecars, init.list);
      max(initPeak, sidecars);
    } else {
      max(initPeak, add(add({}, init.list), sidecars));
    }
  }
  max(total, initPeak);
  add(
    total,
    overheadOnlyWhereSet
      ? Object.fromEntries(
          Object.entries(overhead).filter(([name]) => name in total),
        )
      : overhead,
  );
  return sortedResources(total);
}

/** The same resources with keys in sorted order, so equal footprints print alike. */
export function sortedResources(list: ResourceQuantities): ResourceQuantities {
  const out: Record<string, Quantity> = {};
  for (const name of Object.keys(list).sort()) {
    out[name] = list[name];
  }
  return out;
}
