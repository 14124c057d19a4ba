import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterGpuHealth,
  ClusterGpuReport,
  ClusterGpuSummary,
  ClusterGpuUtilization,
  EntityGpuPod,
  EntityGpuUsage,
  GpuHolding,
  GpuNodeRow,
  GpuUtilizationAvailability,
  IdleGpu,
  PendingGpuPod,
  TenantGpuRow,
  UserGpuRow,
} from '@ocdp/plugin-ocdp-common';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { ClusterStateCache } from '../clusters/cache/ClusterStateCache';
import { CachedPod } from '../clusters/cache/types';
import {
  amountsByResource,
  amountsOf,
  ClusterGpuAggregates,
  GpuHoldingTotals,
} from './ClusterGpuAggregates';
import { DcgmReader, GpuSample } from './DcgmReader';
import {
  addAmounts,
  compareText,
  gpuRequestsOf,
  GPU_RESOURCE,
} from './gpuResources';
import { PodSelector } from './podSelector';
import { MonitoringConfig } from './readMonitoringConfig';
import { MonitoringScope, namespaceVisible } from './scope';
import { ClusterDirectory, TenantDirectory } from './TenantDirectory';
import { parseRange, stepFor, summarize } from './utilizationMath';

interface Utilization {
  availability: GpuUtilizationAvailability;
  samples: GpuSample[];
  /** `namespace/pod` → its GPUs. */
  byPod: Map<string, GpuSample[]>;
}

const emptyHolding = (): GpuHolding => ({
  gpus: 0,
  resources: {},
  pods: 0,
  pendingPods: 0,
  pendingGpus: 0,
});

function addHolding(into: GpuHolding, from: GpuHoldingTotals) {
  addAmounts(into.resources, from.resources);
  into.gpus = into.resources[GPU_RESOURCE] ?? 0;
  into.pods += from.pods;
  into.pendingPods += from.pendingPods;
  into.pendingGpus += from.pendingResources[GPU_RESOURCE] ?? 0;
}

/**
 * GPU monitoring answers from the per-cluster aggregates (kept up to date by the cluster cache),
 * the tenant directory and, when configured, Prometheus' DCGM series. Nothing here walks every pod.
 */
export class GpuMonitoringService {
  private readonly nodeRowCache = new WeakMap<
    ClusterGpuAggregates,
    { version: number; rows: GpuNodeRow[] }
  >();

  constructor(
    private readonly options: {
      clusters: OcdpClustersService;
      cache: Pick<ClusterStateCache, 'health' | 'pods'>;
      aggregates: (cluster: string) => ClusterGpuAggregates | undefined;
      directory: TenantDirectory;
      dcgm?: DcgmReader;
      config: MonitoringConfig;
      logger: LoggerService;
    },
  ) {}

  /** The GPU line of `GET /clusters`. */
  async summary(
    cluster: string,
    scope: MonitoringScope,
  ): Promise<ClusterGpuSummary | undefined> {
    const gpu = this.options.aggregates(cluster);
    if (!gpu) return undefined;
    const [directory, utilization] = await Promise.all([
      this.options.directory.forCluster(cluster),
      this.utilization(cluster),
    ]);
    const totals = emptyHolding();
    for (const [namespace, releases] of gpu.holdings()) {
      if (!namespaceVisible(scope, directory.tenantOf(namespace))) continue;
      for (const holding of releases.values()) addHolding(totals, holding);
    }
    const idle = this.idleGpus(cluster, gpu, directory, scope, utilization);
    return {
      scope: scope.kind,
      gpus: gpu.gpus(),
      gpuNodes: gpu.gpuNodeCount(),
      models: gpu.modelRows().map(m => ({
        product: m.product,
        capacity: m.capacity,
        allocatable: m.allocatable,
        allocated: m.allocated,
        free: m.free,
      })),
      yours: {
        allocated: totals.gpus,
        pendingPods: totals.pendingPods,
        pendingGpus: totals.pendingGpus,
        ...(utilization.availability.available
          ? { idleGpus: idle.length }
          : {}),
      },
      health: this.health(cluster),
    };
  }

  /** `GET /clusters/:cluster/gpu`. */
  async report(
    cluster: string,
    scope: MonitoringScope,
    options: { pendingLimit: number },
  ): Promise<ClusterGpuReport> {
    const { title } = this.options.clusters.get(cluster);
    const gpu = this.aggregatesOf(cluster);
    const [directory, utilization] = await Promise.all([
      this.options.directory.forCluster(cluster),
      this.utilization(cluster),
    ]);
    const idle = this.idleGpus(cluster, gpu, directory, scope, utilization);
    const idleByNamespace = new Map<string, number>();
    for (const i of idle) {
      idleByNamespace.set(
        i.namespace,
        (idleByNamespace.get(i.namespace) ?? 0) + 1,
      );
    }
    const withUtilization = utilization.availability.available;
    const heldSamples = new Map<string, GpuSample[]>();
    for (const s of utilization.samples) {
      if (!s.namespace || !s.pod) continue;
      if (gpu.contribution(s.namespace, s.pod)?.state !== 'holds') continue;
      const list = heldSamples.get(s.namespace) ?? [];
      list.push(s);
      heldSamples.set(s.namespace, list);
    }
    const samplesOfNamespace = (namespace: string) =>
      heldSamples.get(namespace) ?? [];

    const tenants = new Map<string, TenantGpuRow>();
    const users = new Map<string, UserGpuRow>();
    const totals = emptyHolding();
    for (const [namespace, releases] of gpu.holdings()) {
      const tenant = directory.tenantOf(namespace);
      if (!namespaceVisible(scope, tenant)) continue;
      const rowKey = tenant ? `t:${tenant.tenant}` : `n:${namespace}`;
      const row: TenantGpuRow = tenants.get(rowKey) ?? {
        ...(tenant ? { tenant: tenant.tenant, owner: tenant.owner } : {}),
        namespaces: [],
        ...emptyHolding(),
      };
      tenants.set(rowKey, row);
      row.namespaces.push(namespace);
      for (const [release, holding] of releases) {
        addHolding(row, holding);
        addHolding(totals, holding);
        const owner =
          directory.instanceOwner(namespace, release) ?? tenant?.owner;
        if (!owner) continue;
        const user: UserGpuRow = users.get(owner) ?? {
          owner,
          tenants: [],
          ...emptyHolding(),
        };
        users.set(owner, user);
        addHolding(user, holding);
        if (tenant && !user.tenants.includes(tenant.tenant)) {
          user.tenants.push(tenant.tenant);
        }
      }
      if (withUtilization) {
        const idleHere = idleByNamespace.get(namespace) ?? 0;
        row.idleGpus = (row.idleGpus ?? 0) + idleHere;
        totals.idleGpus = (totals.idleGpus ?? 0) + idleHere;
        const summary = summarize(samplesOfNamespace(namespace));
        if (summary) row.utilization = summary;
      }
    }
    if (withUtilization) {
      for (const i of idle) {
        const release = gpu.contribution(i.namespace, i.pod)?.release ?? '';
        const owner =
          directory.instanceOwner(i.namespace, release) ??
          directory.tenantOf(i.namespace)?.owner;
        const user = owner ? users.get(owner) : undefined;
        if (user) user.idleGpus = (user.idleGpus ?? 0) + 1;
      }
      for (const user of users.values()) user.idleGpus ??= 0;
      totals.idleGpus ??= 0;
      totals.utilization = summarize(
        utilization.samples.filter(
          s =>
            s.pod &&
            namespaceVisible(scope, directory.tenantOf(s.namespace!)) &&
            gpu.contribution(s.namespace!, s.pod)?.state === 'holds',
        ),
      );
      if (!totals.utilization) delete totals.utilization;
    }

    // already in order: only the visible ones up to the limit are copied
    const pending: PendingGpuPod[] = [];
    let pendingTotal = 0;
    for (const p of gpu.sortedPendingPods()) {
      const tenant = directory.tenantOf(p.namespace);
      if (!namespaceVisible(scope, tenant)) continue;
      pendingTotal++;
      if (pending.length >= options.pendingLimit) continue;
      pending.push({
        namespace: p.namespace,
        name: p.name,
        ...(tenant ? { tenant: tenant.tenant } : {}),
        gpus: p.resources[GPU_RESOURCE] ?? 0,
        resources: { ...p.resources },
        ...(p.product ? { product: p.product } : {}),
        ...(p.reason ? { reason: p.reason } : {}),
      });
    }

    return {
      cluster,
      title,
      scope: scope.kind,
      generatedAt: new Date().toISOString(),
      health: this.health(cluster),
      utilization: utilization.availability,
      gpus: gpu.gpus(),
      resources: gpu.resources(),
      models: gpu.modelRows(),
      nodes: scope.kind === 'cluster' ? this.nodeRows(gpu, utilization) : [],
      tenants: [...tenants.values()].sort(
        (a, b) =>
          b.gpus - a.gpus ||
          compareText(a.tenant ?? a.namespaces[0], b.tenant ?? b.namespaces[0]),
      ),
      users: [...users.values()].sort(
        (a, b) => b.gpus - a.gpus || compareText(a.owner, b.owner),
      ),
      pending,
      pendingTotal,
      idle,
      totals,
    };
  }

  /** `GET /clusters/:cluster/gpu/utilization`. */
  async utilizationSeries(
    cluster: string,
    scope: MonitoringScope,
    options: { range: string; groupBy: 'all' | 'tenant' | 'node' },
  ): Promise<ClusterGpuUtilization> {
    this.options.clusters.get(cluster);
    const rangeSeconds = parseRange(options.range)!;
    const step = stepFor(rangeSeconds);
    const end = Math.floor(Date.now() / 1000 / step) * step;
    const start = end - rangeSeconds;
    const base = {
      cluster,
      scope: scope.kind,
      range: options.range,
      stepSeconds: step,
      start,
      end,
    };
    const target = this.options.config.prometheus(cluster);
    if (!target || !this.options.dcgm) {
      return { ...base, utilization: notConfigured(), series: [] };
    }
    const directory = await this.options.directory.forCluster(cluster);
    const namespaces =
      scope.kind === 'cluster'
        ? undefined
        : directory.namespacesOf(t => scope.allows(t));
    try {
      const series = await this.options.dcgm.series(target, {
        namespaces,
        groupBy: options.groupBy === 'tenant' ? 'namespace' : options.groupBy,
        start,
        end,
        step,
      });
      return {
        ...base,
        utilization: this.available(),
        series: series.map(s => ({
          ...s,
          groupBy: options.groupBy,
          key:
            options.groupBy === 'tenant'
              ? directory.tenantOf(s.key)?.tenant ?? s.key
              : s.key,
        })),
      };
    } catch (error) {
      return {
        ...base,
        utilization: this.unavailable(cluster, error),
        series: [],
      };
    }
  }

  /** `GET /entity/:kind/:namespace/:name/gpu`: the pods `selector` picks on every cluster. */
  async entityUsage(
    entityRef: string,
    selector: PodSelector | undefined,
    scope: MonitoringScope,
  ): Promise<EntityGpuUsage> {
    if (!selector) {
      return {
        entityRef,
        clusters: [],
        utilization: {
          available: false,
          reason:
            'the entity names no Kubernetes workload (backstage.io/kubernetes-id)',
        },
      };
    }
    let availability: GpuUtilizationAvailability = notConfigured();
    const clusters: EntityGpuUsage['clusters'] = [];
    for (const { name: cluster } of this.options.clusters.list()) {
      const gpu = this.options.aggregates(cluster);
      if (!gpu) continue;
      const pods = this.podsOf(cluster, gpu, selector);
      if (!pods.length) continue;
      const [directory, utilization] = await Promise.all([
        this.options.directory.forCluster(cluster),
        this.utilization(cluster),
      ]);
      if (
        utilization.availability.available ||
        availability.available === false
      ) {
        availability = utilization.availability;
      }
      const totals = emptyHolding();
      const rows: EntityGpuPod[] = [];
      for (const pod of pods) {
        if (!namespaceVisible(scope, directory.tenantOf(pod.namespace)))
          continue;
        const resources = gpuRequestsOf(pod.requests);
        const contribution = gpu.contribution(pod.namespace, pod.name);
        const samples =
          utilization.byPod.get(`${pod.namespace}/${pod.name}`) ?? [];
        const usage = summarize(samples);
        const product = pod.nodeName
          ? gpu.node(pod.nodeName)?.product
          : undefined;
        rows.push({
          namespace: pod.namespace,
          name: pod.name,
          phase: pod.phase,
          ...(pod.nodeName ? { node: pod.nodeName } : {}),
          ...(product ? { product } : {}),
          gpus: resources[GPU_RESOURCE] ?? 0,
          resources,
          ...(contribution?.reason ? { reason: contribution.reason } : {}),
          ...(usage ? { utilization: usage } : {}),
          ...(samples.length
            ? { idle: samples.every(s => this.isIdle(s)) }
            : {}),
        });
        if (contribution?.state === 'holds') {
          addHolding(totals, {
            resources,
            pods: 1,
            pendingPods: 0,
            pendingResources: {},
          });
          if (utilization.availability.available) {
            totals.idleGpus =
              (totals.idleGpus ?? 0) +
              samples.filter(s => this.isIdle(s)).length;
          }
        } else if (contribution?.state === 'pending') {
          addHolding(totals, {
            resources: {},
            pods: 0,
            pendingPods: 1,
            pendingResources: resources,
          });
        }
      }
      if (!rows.length) continue;
      rows.sort(
        (a, b) =>
          compareText(a.namespace, b.namespace) || compareText(a.name, b.name),
      );
      clusters.push({
        cluster,
        health: this.health(cluster),
        pods: rows,
        totals,
      });
    }
    return {
      entityRef,
      selector: selector.text,
      clusters,
      utilization: availability,
    };
  }

  health(cluster: string): ClusterGpuHealth {
    const h = this.options.cache.health(cluster);
    const stale =
      !h.synced ||
      h.lastError !== undefined ||
      (h.staleSeconds ?? 0) > this.options.config.staleAfterSeconds;
    return {
      synced: h.synced,
      watching: h.watching,
      stale,
      ...(h.staleSeconds !== undefined ? { staleSeconds: h.staleSeconds } : {}),
      ...(h.lastError ? { lastError: h.lastError } : {}),
    };
  }

  private podsOf(
    cluster: string,
    gpu: ClusterGpuAggregates,
    selector: PodSelector,
  ): CachedPod[] {
    const candidates = selector.kubernetesId
      ? gpu.podsWithKubernetesId(selector.kubernetesId)
      : this.options.cache.pods(cluster);
    const out: CachedPod[] = [];
    for (const pod of candidates) {
      if (selector.matches(pod.namespace, pod.labels)) out.push(pod);
    }
    return out;
  }

  private nodeRows(
    gpu: ClusterGpuAggregates,
    utilization: Utilization,
  ): GpuNodeRow[] {
    const rows = this.allocationRows(gpu);
    if (!utilization.samples.length) return rows;
    const byNode = new Map<string, GpuSample[]>();
    for (const s of utilization.samples) {
      const list = byNode.get(s.node) ?? [];
      list.push(s);
      byNode.set(s.node, list);
    }
    return rows.map(row => {
      const usage = summarize(byNode.get(row.name) ?? []);
      return usage ? { ...row, utilization: usage } : row;
    });
  }

  /** The node rows without utilization, built again only after the aggregates changed. */
  private allocationRows(gpu: ClusterGpuAggregates): GpuNodeRow[] {
    const cached = this.nodeRowCache.get(gpu);
    if (cached?.version === gpu.version) return cached.rows;
    const rows = [...gpu.nodes()]
      .map(n => {
        const held = gpu.allocatedOn(n.name);
        return {
          name: n.name,
          product: n.product,
          ...(n.memoryMiB !== undefined ? { memoryMiB: n.memoryMiB } : {}),
          ...(n.gpuCount !== undefined ? { gpuCount: n.gpuCount } : {}),
          ...(n.sharingStrategy ? { sharingStrategy: n.sharingStrategy } : {}),
          ...(n.migStrategy ? { migStrategy: n.migStrategy } : {}),
          ready: n.ready,
          unschedulable: n.unschedulable,
          gpus: amountsOf(
            GPU_RESOURCE,
            n.capacity,
            n.allocatable,
            held.resources,
          ),
          resources: amountsByResource(
            n.capacity,
            n.allocatable,
            held.resources,
          ),
          gpuPods: held.pods,
        };
      })
      .sort((a, b) => compareText(a.name, b.name));
    this.nodeRowCache.set(gpu, { version: gpu.version, rows });
    return rows;
  }

  private idleGpus(
    _cluster: string,
    gpu: ClusterGpuAggregates,
    directory: ClusterDirectory,
    scope: MonitoringScope,
    utilization: Utilization,
  ): IdleGpu[] {
    if (!utilization.availability.available) return [];
    const idle: IdleGpu[] = [];
    for (const s of utilization.samples) {
      if (!s.pod || !s.namespace || !this.isIdle(s)) continue;
      if (gpu.contribution(s.namespace, s.pod)?.state !== 'holds') continue;
      const tenant = directory.tenantOf(s.namespace);
      if (!namespaceVisible(scope, tenant)) continue;
      idle.push({
        node: s.node,
        gpu: s.gpu,
        ...(s.uuid ? { uuid: s.uuid } : {}),
        ...(s.modelName ? { modelName: s.modelName } : {}),
        namespace: s.namespace,
        pod: s.pod,
        ...(tenant ? { tenant: tenant.tenant } : {}),
        gpuUtilPercent: Math.round((s.windowUtilPercent ?? 0) * 10) / 10,
      });
    }
    return idle.sort(
      (a, b) =>
        compareText(a.node, b.node) ||
        Number(a.gpu) - Number(b.gpu) ||
        compareText(a.gpu, b.gpu),
    );
  }

  private isIdle(sample: GpuSample) {
    const util = sample.windowUtilPercent ?? sample.values.gpuUtilPercent;
    return (
      util !== undefined && util < this.options.config.idleThresholdPercent
    );
  }

  private async utilization(cluster: string): Promise<Utilization> {
    const target = this.options.config.prometheus(cluster);
    if (!target || !this.options.dcgm) {
      return { availability: notConfigured(), samples: [], byPod: new Map() };
    }
    try {
      const samples = await this.options.dcgm.gpus(target);
      const byPod = new Map<string, GpuSample[]>();
      for (const s of samples) {
        if (!s.pod) continue;
        const key = `${s.namespace}/${s.pod}`;
        const list = byPod.get(key) ?? [];
        list.push(s);
        byPod.set(key, list);
      }
      return { availability: this.available(), samples, byPod };
    } catch (error) {
      return {
        availability: this.unavailable(cluster, error),
        samples: [],
        byPod: new Map(),
      };
    }
  }

  private available(): GpuUtilizationAvailability {
    return {
      available: true,
      window: this.options.config.idleWindow,
      idleThresholdPercent: this.options.config.idleThresholdPercent,
      readAt: new Date().toISOString(),
    };
  }

  private unavailable(
    cluster: string,
    error: unknown,
  ): GpuUtilizationAvailability {
    const reason = (error as Error)?.message ?? String(error);
    this.options.logger.warn(
      `GPU utilization of cluster ${cluster}: ${reason}`,
    );
    return { available: false, reason };
  }

  private aggregatesOf(cluster: string): ClusterGpuAggregates {
    const gpu = this.options.aggregates(cluster);
    if (!gpu)
      throw new Error(
        `the GPU aggregates of cluster "${cluster}" are not running`,
      );
    return gpu;
  }
}

function notConfigured(): GpuUtilizationAvailability {
  return {
    available: false,
    reason: 'not-configured: set ocdp.prometheus.url to show GPU utilization',
  };
}
