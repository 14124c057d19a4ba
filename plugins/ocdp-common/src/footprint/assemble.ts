import {
  countInto,
  objectCountKeys,
  serviceCounts,
  sortedCounts,
} from './objects';
import {
  Footprint,
  ServiceFootprint,
  VolumeClaimFootprint,
  WorkloadFootprint,
} from './types';

/** An object the release creates that neither runs pods nor is a claim or a Service. */
export interface OtherObject {
  kind: string;
  apiVersion: string;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : Number(a.name > b.name);
}

/**
 * Builds a footprint from its parts: sorts them (kind, then name) so that the order charts
 * render in does not matter, and counts objects at steady state.
 */
export function assembleFootprint(parts: {
  workloads: readonly WorkloadFootprint[];
  volumeClaims: readonly VolumeClaimFootprint[];
  services: readonly ServiceFootprint[];
  others?: readonly OtherObject[];
}): Footprint {
  const counts: Record<string, number> = {};
  const workloads = [...parts.workloads].sort(
    (a, b) => (a.kind < b.kind ? -1 : Number(a.kind > b.kind)) || byName(a, b),
  );
  for (const w of workloads) {
    if (w.kind !== 'Pod') {
      countInto(
        counts,
        objectCountKeys(w.kind, w.kind === 'Job' ? 'batch/v1' : 'apps/v1'),
      );
    }
    if (w.kind === 'Deployment') {
      countInto(counts, objectCountKeys('ReplicaSet', 'apps/v1'));
    }
    countInto(counts, objectCountKeys('Pod', 'v1'), w.replicas);
    countInto(
      counts,
      objectCountKeys('PersistentVolumeClaim', 'v1'),
      w.replicas * w.volumeClaimTemplates.length,
    );
  }
  countInto(
    counts,
    objectCountKeys('PersistentVolumeClaim', 'v1'),
    parts.volumeClaims.length,
  );
  serviceCounts(parts.services, counts);
  for (const other of parts.others ?? []) {
    countInto(counts, objectCountKeys(other.kind, other.apiVersion));
  }
  return {
    workloads,
    volumeClaims: [...parts.volumeClaims].sort(byName),
    services: [...parts.services].sort(byName),
    objects: sortedCounts(counts),
  };
}
