import { OcdpInputError } from '../errors';
import { Quantity, formatQuantity, parseQuantity } from '../quantity';
import {
  Footprint,
  PodFootprint,
  ResourceQuantities,
  UpdateStrategy,
  VolumeClaimFootprint,
  WorkloadFootprint,
} from './types';

/**
 * A footprint as JSON: the same shape with every quantity a canonical Kubernetes string.
 *
 * @public
 */
export type FootprintJson = {
  workloads: Array<
    Omit<WorkloadFootprint, 'pod' | 'volumeClaimTemplates'> & {
      pod: Omit<PodFootprint, 'requests' | 'limits'> & {
        requests: Record<string, string>;
        limits: Record<string, string>;
      };
      volumeClaimTemplates: VolumeClaimJson[];
    }
  >;
  volumeClaims: VolumeClaimJson[];
  services: Footprint['services'][number][];
  objects: Record<string, number>;
};

/** @public */
export type VolumeClaimJson = Omit<VolumeClaimFootprint, 'storage'> & {
  storage: string;
};

function listToJson(list: ResourceQuantities): Record<string, string> {
  return Object.fromEntries(
    Object.entries(list).map(([k, q]) => [k, formatQuantity(q)]),
  );
}

function claimToJson(c: VolumeClaimFootprint): VolumeClaimJson {
  return { ...c, storage: formatQuantity(c.storage) };
}

/**
 * The footprint as plain JSON (quantities as canonical strings), for APIs and storage.
 *
 * @public
 */
export function footprintToJson(footprint: Footprint): FootprintJson {
  return {
    workloads: footprint.workloads.map(w => ({
      ...w,
      pod: {
        ...w.pod,
        requests: listToJson(w.pod.requests),
        limits: listToJson(w.pod.limits),
      },
      volumeClaimTemplates: w.volumeClaimTemplates.map(claimToJson),
    })),
    volumeClaims: footprint.volumeClaims.map(claimToJson),
    services: footprint.services.map(s => ({ ...s })),
    objects: { ...footprint.objects },
  };
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new OcdpInputError(field, 'must be a list');
  }
  return value;
}

function mapOf(value: unknown, field: string): Record<string, any> {
  if (!isRecord(value)) {
    throw new OcdpInputError(field, 'must be a map');
  }
  return value;
}

function whole(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new OcdpInputError(field, 'must be a non-negative integer');
  }
  return value;
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new OcdpInputError(field, 'must be a string');
  }
  return value;
}

function quantities(value: unknown, field: string): Record<string, Quantity> {
  return Object.fromEntries(
    Object.entries(mapOf(value, field)).map(([k, v]) => [
      k,
      parseQuantity(name(v, `${field}.${k}`), `${field}.${k}`),
    ]),
  );
}

function claimFromJson(value: unknown, field: string): VolumeClaimFootprint {
  const c = mapOf(value, field);
  const claim: VolumeClaimFootprint = {
    name: name(c.name, `${field}.name`),
    storage: parseQuantity(
      name(c.storage, `${field}.storage`),
      `${field}.storage`,
    ),
  };
  if (c.storageClassName !== undefined) {
    claim.storageClassName = name(
      c.storageClassName,
      `${field}.storageClassName`,
    );
  }
  return claim;
}

const KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'Job', 'Pod'];
const STRATEGIES = ['RollingUpdate', 'Recreate', 'OnDelete', 'None'];
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

function workloadFromJson(value: unknown, field: string): WorkloadFootprint {
  const w = mapOf(value, field);
  if (!KINDS.includes(w.kind)) {
    throw new OcdpInputError(
      `${field}.kind`,
      `must be one of ${KINDS.join(', ')}`,
    );
  }
  const strategy = mapOf(w.strategy, `${field}.strategy`);
  if (!STRATEGIES.includes(strategy.type)) {
    throw new OcdpInputError(
      `${field}.strategy.type`,
      `must be one of ${STRATEGIES.join(', ')}`,
    );
  }
  const pod = mapOf(w.pod, `${field}.pod`);
  return {
    kind: w.kind,
    name: name(w.name, `${field}.name`),
    replicas: whole(w.replicas, `${field}.replicas`),
    strategy: strategy as UpdateStrategy,
    surge: whole(w.surge, `${field}.surge`),
    maxUnavailable: whole(w.maxUnavailable, `${field}.maxUnavailable`),
    pod: {
      ...(pod as PodFootprint),
      requests: quantities(pod.requests, `${field}.pod.requests`),
      limits: quantities(pod.limits, `${field}.pod.limits`),
      nodeSelector: mapOf(pod.nodeSelector ?? {}, `${field}.pod.nodeSelector`),
      nodeAffinity: listOf(
        pod.nodeAffinity ?? [],
        `${field}.pod.nodeAffinity`,
      ) as any,
      tolerations: listOf(
        pod.tolerations ?? [],
        `${field}.pod.tolerations`,
      ) as any,
    },
    volumeClaimTemplates: listOf(
      w.volumeClaimTemplates ?? [],
      `${field}.volumeClaimTemplates`,
    ).map((c, i) => claimFromJson(c, `${field}.volumeClaimTemplates[${i}]`)),
  };
}

/**
 * Reads a footprint back from JSON. Quantities come back with the same values (their display
 * format may differ from the original's).
 *
 * @throws OcdpInputError naming the field (`footprint.workloads[0].replicas: …`).
 * @public
 */
export function footprintFromJson(
  value: unknown,
  field = 'footprint',
): Footprint {
  const json = mapOf(value, field);
  return {
    workloads: listOf(json.workloads, `${field}.workloads`).map((w, i) =>
      workloadFromJson(w, `${field}.workloads[${i}]`),
    ),
    volumeClaims: listOf(json.volumeClaims, `${field}.volumeClaims`).map(
      (c, i) => claimFromJson(c, `${field}.volumeClaims[${i}]`),
    ),
    services: listOf(json.services, `${field}.services`).map((s, i) => {
      const service = mapOf(s, `${field}.services[${i}]`);
      if (!SERVICE_TYPES.includes(service.type)) {
        throw new OcdpInputError(
          `${field}.services[${i}].type`,
          `must be one of ${SERVICE_TYPES.join(', ')}`,
        );
      }
      return {
        name: name(service.name, `${field}.services[${i}].name`),
        type: service.type,
        nodePorts: whole(
          service.nodePorts,
          `${field}.services[${i}].nodePorts`,
        ),
      };
    }),
    objects: Object.fromEntries(
      Object.entries(mapOf(json.objects, `${field}.objects`)).map(([k, n]) => [
        k,
        whole(n, `${field}.objects.${k}`),
      ]),
    ),
  };
}
