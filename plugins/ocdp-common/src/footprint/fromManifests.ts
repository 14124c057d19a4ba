import yaml from 'js-yaml';
import { OcdpInputError } from '../errors';
import { parseQuantity } from '../quantity';
import { OtherObject, assembleFootprint } from './assemble';
import { serviceNodePorts } from './objects';
import { readPodSpec } from './podSpec';
import {
  deploymentStrategy,
  resolveRollout,
  statefulSetStrategy,
} from './strategy';
import {
  Footprint,
  ServiceFootprint,
  ServiceType,
  UpdateStrategy,
  VolumeClaimFootprint,
  WorkloadFootprint,
  WorkloadKind,
} from './types';

type Manifest = Record<string, any>;

const SERVICE_TYPES: readonly ServiceType[] = [
  'ClusterIP',
  'NodePort',
  'LoadBalancer',
  'ExternalName',
];

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown, fallback: number, field: string): number {
  if (value === undefined || value === null) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new OcdpInputError(field, 'must be a non-negative integer');
  }
  return value;
}

/** Reads a PersistentVolumeClaim (or a claim template) spec. */
export function readVolumeClaim(
  name: string,
  spec: unknown,
  field: string,
): VolumeClaimFootprint {
  const storage = isRecord(spec)
    ? spec.resources?.requests?.storage
    : undefined;
  if (typeof storage !== 'string' && typeof storage !== 'number') {
    throw new OcdpInputError(
      `${field}.resources.requests.storage`,
      'is required',
    );
  }
  const claim: VolumeClaimFootprint = {
    name,
    storage: parseQuantity(storage, `${field}.resources.requests.storage`),
  };
  if (isRecord(spec) && typeof spec.storageClassName === 'string') {
    claim.storageClassName = spec.storageClassName;
  }
  return claim;
}

function workload(
  kind: WorkloadKind,
  doc: Manifest,
  field: string,
): WorkloadFootprint {
  const name = String(doc.metadata?.name ?? '');
  if (doc.spec !== undefined && !isRecord(doc.spec)) {
    throw new OcdpInputError(`${field}.spec`, 'must be a map');
  }
  const spec: Manifest = doc.spec ?? {};
  let replicas = 1;
  let strategy: UpdateStrategy = { type: 'None' };
  let podSpec: unknown = spec.template?.spec;
  let podField = `${field}.spec.template.spec`;
  let templates: VolumeClaimFootprint[] = [];
  switch (kind) {
    case 'Deployment':
      replicas = count(spec.replicas, 1, `${field}.spec.replicas`);
      strategy = deploymentStrategy(spec.strategy, `${field}.spec.strategy`);
      break;
    case 'StatefulSet':
      replicas = count(spec.replicas, 1, `${field}.spec.replicas`);
      strategy = statefulSetStrategy(
        spec.updateStrategy,
        `${field}.spec.updateStrategy`,
      );
      templates = (spec.volumeClaimTemplates ?? []).map(
        (t: Manifest, i: number) =>
          readVolumeClaim(
            String(t?.metadata?.name ?? ''),
            t?.spec,
            `${field}.spec.volumeClaimTemplates[${i}].spec`,
          ),
      );
      break;
    case 'ReplicaSet':
      replicas = count(spec.replicas, 1, `${field}.spec.replicas`);
      break;
    case 'Job': {
      const parallelism = count(
        spec.parallelism,
        1,
        `${field}.spec.parallelism`,
      );
      const completions = count(
        spec.completions,
        parallelism,
        `${field}.spec.completions`,
      );
      replicas = Math.min(parallelism, completions);
      break;
    }
    default:
      podSpec = doc.spec;
      podField = `${field}.spec`;
  }
  return {
    kind,
    name,
    replicas,
    strategy,
    ...resolveRollout(kind, strategy, replicas),
    pod: readPodSpec(podSpec, podField),
    volumeClaimTemplates: templates,
  };
}

function service(doc: Manifest, field: string): ServiceFootprint {
  const spec = isRecord(doc.spec) ? doc.spec : {};
  const type = (spec.type ?? 'ClusterIP') as ServiceType;
  if (!SERVICE_TYPES.includes(type)) {
    throw new OcdpInputError(
      `${field}.spec.type`,
      `must be one of ${SERVICE_TYPES.join(', ')}`,
    );
  }
  const ports: unknown[] = Array.isArray(spec.ports) ? spec.ports : [];
  const explicit = ports.filter(p => isRecord(p) && p.nodePort).length;
  return {
    name: String(doc.metadata?.name ?? ''),
    type,
    nodePorts: serviceNodePorts(
      type,
      ports.length,
      explicit,
      spec.allocateLoadBalancerNodePorts !== false,
    ),
  };
}

const WORKLOAD_KINDS: readonly string[] = [
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'Pod',
];

/** Flattens `kind: List` documents and drops empty ones. */
function documents(text: string): Manifest[] {
  const out: Manifest[] = [];
  const visit = (doc: unknown) => {
    if (!isRecord(doc)) {
      return;
    }
    if (doc.kind === 'List' && Array.isArray(doc.items)) {
      doc.items.forEach(visit);
    } else {
      out.push(doc);
    }
  };
  yaml.loadAll(text, visit);
  return out;
}

/**
 * The footprint of rendered manifests (`helm template` output, multi-document YAML): Deployments,
 * StatefulSets, ReplicaSets, Jobs and Pods as workloads, PersistentVolumeClaims, Services, and every
 * other object as an object count.
 *
 * @throws OcdpInputError naming the document and field (`manifests[2].spec.replicas: …`).
 * @public
 */
export function footprintFromManifests(
  manifests: string | readonly unknown[],
): Footprint {
  const docs =
    typeof manifests === 'string'
      ? documents(manifests)
      : (manifests.filter(isRecord) as Manifest[]);
  const workloads: WorkloadFootprint[] = [];
  const volumeClaims: VolumeClaimFootprint[] = [];
  const services: ServiceFootprint[] = [];
  const others: OtherObject[] = [];
  docs.forEach((doc, i) => {
    const field = `manifests[${i}]`;
    const kind = String(doc.kind ?? '');
    if (WORKLOAD_KINDS.includes(kind)) {
      workloads.push(workload(kind as WorkloadKind, doc, field));
    } else if (kind === 'PersistentVolumeClaim') {
      volumeClaims.push(
        readVolumeClaim(
          String(doc.metadata?.name ?? ''),
          doc.spec,
          `${field}.spec`,
        ),
      );
    } else if (kind === 'Service') {
      services.push(service(doc, field));
    } else if (kind) {
      others.push({ kind, apiVersion: String(doc.apiVersion ?? 'v1') });
    }
  });
  return assembleFootprint({ workloads, volumeClaims, services, others });
}

/**
 * The pod specs rendered manifests would run, by workload (`Deployment/llama`), for checks that
 * need the whole pod (Pod Security Standards).
 *
 * @public
 */
export function podSpecsFromManifests(
  manifests: string | readonly unknown[],
): Array<{ workload: string; podSpec: unknown }> {
  const docs =
    typeof manifests === 'string'
      ? documents(manifests)
      : (manifests.filter(isRecord) as Manifest[]);
  return docs
    .filter(doc => WORKLOAD_KINDS.includes(String(doc.kind ?? '')))
    .map(doc => ({
      workload: `${doc.kind}/${doc.metadata?.name ?? ''}`,
      podSpec: doc.kind === 'Pod' ? doc.spec : doc.spec?.template?.spec,
    }));
}
