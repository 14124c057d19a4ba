import { LoggerService } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  estimateModelFit,
  evaluatePrecheck,
  Footprint,
  footprint,
  footprintFromManifests,
  GPU_PRODUCT_LABEL,
  modelFitInputFromValues,
  OcdpPrecheckModelFit,
  OcdpPrecheckReport,
  OcdpTenant,
  PrecheckNode,
  PrecheckQuota,
} from '@ocdp/plugin-ocdp-common';
import { describeKubeError } from '@ocdp/plugin-ocdp-node';
import { ClusterStateCache } from '../clusters/cache/ClusterStateCache';
import { NamespaceReader, NamespaceState } from './NamespaceReader';
import { PrecheckInput } from './parsePrecheckRequest';
import { podSecurityFindings } from './podSecurityFindings';

const GIB = 1024 ** 3;
const round1 = (bytes: number) => Math.round((bytes / GIB) * 10) / 10;
const QUOTA_NAME = 'ocdp-quota';

export interface PrecheckServiceOptions {
  namespaces: NamespaceReader;
  cache: ClusterStateCache;
  logger: LoggerService;
  cacheWaitMs: number;
  /** How stale the cache may be before the report warns. */
  staleAfterSeconds?: number;
}

/**
 * The pre-flight of a release change in a tenant namespace: reads the namespace's quotas,
 * LimitRanges and the release's workloads live, the nodes and pods from the watch cache, and
 * evaluates the change. Read-only.
 */
export class PrecheckService {
  /** Each cluster's nodes with their requested totals, until the cache changes. */
  private readonly nodesByCluster = new Map<
    string,
    { generation: number; nodes: PrecheckNode[] }
  >();

  constructor(private readonly options: PrecheckServiceOptions) {}

  async check(
    input: PrecheckInput,
    tenant: OcdpTenant,
  ): Promise<OcdpPrecheckReport> {
    const binding = tenant.bindings.find(b => b.cluster === input.cluster);
    if (!binding) {
      throw new NotFoundError(
        `tenant "${tenant.name}" has no namespace on cluster "${input.cluster}"`,
      );
    }
    const warnings: string[] = [];
    let state: NamespaceState;
    try {
      state = await this.options.namespaces.read(
        input.cluster,
        binding.namespace,
        input.release,
      );
    } catch (error) {
      throw new ServiceUnavailableError(
        `cluster "${input.cluster}" cannot be checked now: ${describeKubeError(
          error,
        )}`,
      );
    }

    const quotas = this.quotasFor(state.quotas, binding, warnings);
    const current = this.currentFootprint(state);
    if (input.operation !== 'install' && !current) {
      throw new NotFoundError(
        `release "${input.release}" has no workloads in namespace "${binding.namespace}" on cluster "${input.cluster}"`,
      );
    }
    if (input.operation === 'install' && current) {
      warnings.push(
        `release "${input.release}" already runs in this namespace; checked as a new install`,
      );
    }
    const desired = input.source ? this.desiredFootprint(input) : current!;

    const nodes = await this.nodes(input.cluster, warnings);
    const releasePods = input.release
      ? this.options.cache
          .podsInNamespace(input.cluster, binding.namespace)
          .filter(p => p.labels['app.kubernetes.io/instance'] === input.release)
      : [];
    const verdict = evaluatePrecheck({
      operation: input.operation,
      desired,
      ...(current ? { current } : {}),
      ...(input.operation === 'scale' ? { scaleTo: input.replicas } : {}),
      quotas,
      limitRanges: state.limitRanges,
      ...(nodes ? { nodes } : {}),
      releasePods,
    });
    const podSecurity =
      input.source?.kind === 'manifests'
        ? podSecurityFindings(input.source.manifests, state.podSecurity)
        : { reasons: [], warnings: [] };
    const modelFit =
      input.source?.kind === 'values'
        ? this.modelFit(input, desired, nodes, warnings)
        : undefined;
    return {
      ok: verdict.ok && podSecurity.reasons.length === 0,
      operation: input.operation,
      tenant: tenant.name,
      cluster: input.cluster,
      namespace: binding.namespace,
      checks: verdict.checks,
      capacity: verdict.capacity,
      reasons: [...verdict.reasons, ...podSecurity.reasons],
      warnings: [...warnings, ...verdict.warnings, ...podSecurity.warnings],
      ...(modelFit ? { modelFit } : {}),
    };
  }

  /** Live quotas; the tenant's stored quota stands in for `ocdp-quota` until it is synced. */
  private quotasFor(
    live: PrecheckQuota[],
    binding: OcdpTenant['bindings'][number],
    warnings: string[],
  ): PrecheckQuota[] {
    if (binding.syncStatus === 'synced') return live;
    warnings.push(
      `the tenant's quota on this cluster is ${binding.syncStatus}${
        binding.lastError ? ` (${binding.lastError})` : ''
      }: checked against the stored quota`,
    );
    const applied = live.find(q => q.name === QUOTA_NAME);
    return [
      ...live.filter(q => q.name !== QUOTA_NAME),
      {
        name: QUOTA_NAME,
        hard: { ...binding.quota },
        used: applied?.used ?? {},
        source: 'stored',
      },
    ];
  }

  private currentFootprint(state: NamespaceState): Footprint | undefined {
    if (state.workloads.length === 0) return undefined;
    return footprintFromManifests(state.workloads);
  }

  private desiredFootprint(input: PrecheckInput): Footprint {
    const source = input.source!;
    try {
      return source.kind === 'values'
        ? footprint(source.values, input.profile, {
            ...(input.release ? { releaseName: input.release } : {}),
          })
        : footprintFromManifests(source.manifests);
    } catch (error) {
      if ((error as Error).name === 'InputError') throw error;
      throw new InputError(`${source.kind}: ${(error as Error).message}`);
    }
  }

  private async nodes(
    cluster: string,
    warnings: string[],
  ): Promise<PrecheckNode[] | undefined> {
    const { cache, cacheWaitMs, staleAfterSeconds = 60 } = this.options;
    try {
      await cache.waitUntilSynced(cluster, cacheWaitMs);
    } catch (error) {
      warnings.push(`free capacity not checked: ${(error as Error).message}`);
      return undefined;
    }
    const health = cache.health(cluster);
    if (health.lastError || (health.staleSeconds ?? 0) > staleAfterSeconds) {
      warnings.push(
        `the cluster state is ${health.staleSeconds ?? '?'} s old${
          health.lastError ? ` (${health.lastError})` : ''
        }: free capacity may have changed`,
      );
    }
    const generation = cache.generation(cluster);
    const kept = this.nodesByCluster.get(cluster);
    if (kept?.generation === generation) return kept.nodes;
    const nodes = cache.nodes(cluster).map(node => ({
      ...node,
      requested: cache.requestedOnNode(cluster, node.name),
    }));
    this.nodesByCluster.set(cluster, { generation, nodes });
    return nodes;
  }

  private modelFit(
    input: PrecheckInput,
    desired: Footprint,
    nodes: PrecheckNode[] | undefined,
    warnings: string[],
  ): OcdpPrecheckModelFit | undefined {
    if (input.source?.kind !== 'values') return undefined;
    const pod = desired.workloads[0]?.pod;
    const product = pod?.gpuProduct;
    const memoryLabel = nodes
      ?.filter(n => !product || n.labels[GPU_PRODUCT_LABEL] === product)
      .map(n => Number(n.labels['nvidia.com/gpu.memory']))
      .find(m => Number.isFinite(m) && m > 0);
    const fromValues = modelFitInputFromValues(
      input.source.values,
      input.profile,
    );
    const gpuMemoryMiB = fromValues.gpuMemoryMiB ?? memoryLabel;
    if (!fromValues.modelId && !fromValues.parameters) return undefined;
    if (!gpuMemoryMiB) {
      warnings.push(
        'model fit not estimated: the GPU memory is unknown (no nvidia.com/gpu.memory label on the nodes that match)',
      );
      return undefined;
    }
    const estimate = estimateModelFit({ ...fromValues, gpuMemoryMiB });
    if (estimate.warning) warnings.push(estimate.warning);
    return {
      ...(estimate.model ? { model: estimate.model } : {}),
      ...(estimate.weightsBytes !== undefined
        ? { weightsGiB: round1(estimate.weightsBytes) }
        : {}),
      ...(estimate.kvCacheBytes !== undefined
        ? { kvCacheGiB: round1(estimate.kvCacheBytes) }
        : {}),
      availableGiB: round1(estimate.availableBytes),
      ...(estimate.concurrentSequences !== undefined
        ? { concurrentSequences: estimate.concurrentSequences }
        : {}),
      ...(estimate.fits !== undefined ? { fits: estimate.fits } : {}),
    };
  }
}
