import { OcdpInputError } from '../errors';
import { parseQuantity } from '../quantity';
import { assembleFootprint } from './assemble';
import { serviceNodePorts } from './objects';
import { ValuesPath } from './paths';
import { GPU_PRODUCT_LABEL, readPodSpec } from './podSpec';
import {
  EXPOSURE_SERVICE_TYPES,
  ChartProfile,
  Exposure,
  ServiceProfile,
  WorkloadProfile,
} from './profiles';
import { parseResourceList } from './resources';
import {
  deploymentStrategy,
  resolveRollout,
  statefulSetStrategy,
} from './strategy';
import { Footprint, ServiceType, VolumeClaimFootprint } from './types';
import {
  Context,
  count,
  isRecord,
  listValue,
  mapValue,
  objectName,
  quantityValue,
  read,
  text,
  truthy,
} from './valuesReaders';

/**
 * Options of `footprint`.
 *
 * @public
 */
export interface FootprintOptions {
  /** The Helm release name objects are named after; `release` by default. */
  releaseName?: string;
}

const SERVICE_TYPES: readonly string[] = [
  'ClusterIP',
  'NodePort',
  'LoadBalancer',
  'ExternalName',
];

function resources(ctx: Context, profile: WorkloadProfile) {
  const { value: given, path } = read(ctx, profile.resourcesPath);
  if (given !== undefined && !isRecord(given)) {
    throw new OcdpInputError(path, 'must be a map');
  }
  parseResourceList(given?.requests, `${path}.requests`);
  parseResourceList(given?.limits, `${path}.limits`);
  const requests: Record<string, unknown> = { ...(given?.requests as object) };
  const limits: Record<string, unknown> = { ...(given?.limits as object) };
  const single = (
    into: Record<string, unknown>,
    map: Readonly<Record<string, ValuesPath>> | undefined,
  ) => {
    for (const [name, paths] of Object.entries(map ?? {})) {
      const q = quantityValue(ctx, paths);
      if (q !== undefined) {
        into[name] = q;
      }
    }
  };
  single(requests, profile.requests);
  single(limits, profile.limits);
  const gpu = profile.gpu;
  if (gpu) {
    const gpus = count(ctx, gpu.countPath, 0);
    if (gpus > 0) {
      const resource =
        text(ctx, gpu.resourcePath) ?? gpu.defaultResource ?? 'nvidia.com/gpu';
      requests[resource] = gpus;
      limits[resource] = gpus;
    }
    const memory = count(ctx, gpu.memoryMiBPath, 0);
    if (memory > 0) {
      requests['nvidia.com/gpumem'] = memory;
      limits['nvidia.com/gpumem'] = memory;
    }
  }
  return { requests, limits };
}

function podSpec(
  ctx: Context,
  profile: WorkloadProfile,
): Record<string, unknown> {
  const nodeSelector: Record<string, unknown> = {
    ...mapValue(ctx, profile.nodeSelectorPath),
  };
  const product = profile.gpu ? text(ctx, profile.gpu.productPath) : undefined;
  if (product) {
    nodeSelector[GPU_PRODUCT_LABEL] = product;
  }
  const terms = listValue(ctx, profile.nodeSelectorTermsPath);
  const affinity = terms?.length
    ? {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: terms,
          },
        },
      }
    : mapValue(ctx, profile.affinityPath);
  return {
    containers: [{ resources: resources(ctx, profile) }],
    nodeSelector,
    affinity,
    tolerations: listValue(ctx, profile.tolerationsPath),
    runtimeClassName: text(ctx, profile.runtimeClassNamePath),
  };
}

function strategyValue(
  ctx: Context,
  profile: WorkloadProfile,
): { value: unknown; path: string } {
  const found = read(ctx, profile.strategyPath);
  const empty = isRecord(found.value) && Object.keys(found.value).length === 0;
  return found.value === undefined || empty
    ? { value: profile.defaultStrategy, path: found.path || 'strategy' }
    : found;
}

function serviceType(
  ctx: Context,
  service: ServiceProfile,
): { type: ServiceType; exposure?: Exposure } {
  const { value, path } = read(ctx, service.typePath);
  const chartValue = value ?? service.defaultType ?? 'ClusterIP';
  const exposure = (
    Object.keys(service.exposureValues ?? {}) as Exposure[]
  ).find(e => service.exposureValues?.[e] === chartValue);
  if (SERVICE_TYPES.includes(String(chartValue))) {
    return { type: chartValue as ServiceType, exposure };
  }
  if (exposure) {
    return { type: EXPOSURE_SERVICE_TYPES[exposure], exposure };
  }
  const allowed = [
    ...new Set([
      ...Object.values(service.exposureValues ?? {}),
      ...SERVICE_TYPES,
    ]),
  ];
  throw new OcdpInputError(
    path || 'service.type',
    `must be one of ${allowed.join(', ')}`,
  );
}

function addServices(ctx: Context, profile: WorkloadProfile): void {
  for (const service of profile.services ?? []) {
    const { type, exposure } = serviceType(ctx, service);
    ctx.services.push({
      name: objectName(service.name, ctx),
      type,
      nodePorts: serviceNodePorts(type, service.ports ?? 1, 0),
    });
    const ingress = service.ingress;
    const ingressValue = service.exposureValues?.ingress;
    const byType =
      exposure === 'ingress' &&
      ingressValue !== service.exposureValues?.clusterip;
    if (
      ingress &&
      (ingress.enabledPath ? truthy(ctx, ingress.enabledPath, false) : byType)
    ) {
      ctx.others.push({ kind: 'Ingress', apiVersion: 'networking.k8s.io/v1' });
    }
  }
}

function addStorage(ctx: Context, profile: WorkloadProfile): void {
  const storage = profile.storage;
  if (!storage || !truthy(ctx, storage.enabledPath, true)) {
    return;
  }
  const { value, path } = read(ctx, storage.sizePath);
  // Charts test the size with `if`, so an empty string or 0 means no claim.
  if ((typeof value !== 'string' && typeof value !== 'number') || !value) {
    return;
  }
  const claim: VolumeClaimFootprint = {
    name: objectName(storage.name, ctx),
    storage: parseQuantity(value, path),
  };
  const storageClassName = text(ctx, storage.storageClassPath);
  if (storageClassName) {
    claim.storageClassName = storageClassName;
  }
  ctx.volumeClaims.push(claim);
}

function addWorkload(ctx: Context, profile: WorkloadProfile): void {
  if (!truthy(ctx, profile.enabledPath, profile.enabledByDefault ?? true)) {
    return;
  }
  const kind = profile.kind ?? 'Deployment';
  const replicas = count(
    ctx,
    profile.replicasPath,
    profile.defaultReplicas ?? 1,
  );
  const { value, path } = strategyValue(ctx, profile);
  const strategy =
    kind === 'Deployment'
      ? deploymentStrategy(value, path)
      : statefulSetStrategy(value, path);
  ctx.workloads.push({
    kind,
    name: objectName(profile.objectName, ctx),
    replicas,
    strategy,
    ...resolveRollout(kind, strategy, replicas),
    pod: readPodSpec(podSpec(ctx, profile), ctx.scope.herePath || 'values'),
    volumeClaimTemplates: [],
  });
  addStorage(ctx, profile);
  addServices(ctx, profile);
}

function addProfileWorkloads(
  base: Omit<Context, 'scope' | 'name'>,
  values: Record<string, unknown>,
  profile: WorkloadProfile,
  fallbackName: string,
): void {
  if (!profile.listPath) {
    addWorkload(
      {
        ...base,
        scope: { root: values, here: values, herePath: '' },
        name: profile.workloadName ?? fallbackName,
      },
      profile,
    );
    return;
  }
  const root = {
    ...base,
    scope: { root: values, here: values, herePath: '' },
    name: fallbackName,
  };
  const items = listValue(root, profile.listPath) ?? [];
  items.forEach((item, i) => {
    const herePath = `${profile.listPath}[${i}]`;
    if (!isRecord(item)) {
      throw new OcdpInputError(herePath, 'must be a map');
    }
    const scope = { root: values, here: item, herePath };
    const named = text({ ...root, scope }, profile.workloadNamePath);
    addWorkload({ ...base, scope, name: named ?? String(i) }, profile);
  });
}

/**
 * The footprint of a release from its values (chart defaults already merged in), read through a
 * chart profile: the same `Footprint` `footprintFromManifests` gives for what the chart renders.
 *
 * @throws OcdpInputError naming the values path (`gpu.count: must be a non-negative integer`).
 * @public
 */
export function footprint(
  values: unknown,
  profile: ChartProfile,
  options: FootprintOptions = {},
): Footprint {
  if (!isRecord(values)) {
    throw new OcdpInputError('values', 'must be a map');
  }
  const base = {
    release: options.releaseName ?? 'release',
    workloads: [],
    volumeClaims: [],
    services: [],
    others: [],
  };
  addProfileWorkloads(base, values, profile, profile.name);
  for (const extra of profile.extraWorkloads ?? []) {
    addProfileWorkloads(base, values, extra, profile.name);
  }
  return assembleFootprint(base);
}
