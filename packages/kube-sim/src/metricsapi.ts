/**
 * The Metrics API (`metrics.k8s.io/v1beta1`, what metrics-server serves) of the SIMULATED cluster:
 * NodeMetrics and PodMetrics, so `kubectl top nodes/pods` works.
 *
 * Usage is a deterministic function of time with the same time base as the DCGM series
 * (src/metrics.ts): a container of a pod holding GPUs is as busy as its GPUs (the mean DCGM load of
 * the GPUs handed to that pod), other containers follow a wave of their own. Like metrics-server,
 * samples are taken every 15 s, so every request within a window sees the same numbers.
 */
import { isTerminalPod } from './admission/resources';
import { KubeStatusError, badRequest } from './errors';
import { gpuLoad, gpus } from './metrics';
import type { ResourceRegistry } from './resources';
import { tryParseQuantity } from './quantity';
import { LabelSelector, matchLabels } from './selectors';
import { Entry, Store, derived } from './store';
import type { KObject } from './util';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;
export const SCRAPE_INTERVAL_MS = 15_000;

export function registerMetricsTypes(registry: ResourceRegistry): void {
  registry.add({
    group: METRICS_GROUP,
    version: METRICS_VERSION,
    plural: 'nodes',
    singular: '',
    kind: 'NodeMetrics',
    namespaced: false,
  });
  registry.add({
    group: METRICS_GROUP,
    version: METRICS_VERSION,
    plural: 'pods',
    singular: '',
    kind: 'PodMetrics',
    namespaced: true,
  });
}

/** The APIResourceList of metrics.k8s.io/v1beta1 (get/list only, like metrics-server). */
export function metricsResourceList() {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: API_VERSION,
    resources: [
      {
        name: 'nodes',
        singularName: '',
        namespaced: false,
        kind: 'NodeMetrics',
        verbs: ['get', 'list'],
      },
      {
        name: 'pods',
        singularName: '',
        namespaced: true,
        kind: 'PodMetrics',
        verbs: ['get', 'list'],
      },
    ],
  };
}

function num(v: unknown): number | undefined {
  const q = tryParseQuantity(v);
  return q ? Number(q.nano) / 1e9 : undefined;
}

function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

interface ContainerShape {
  name: string;
  cpuMax: number; // cores
  cpuBase: number;
  memBase: number; // bytes
  memSpan: number;
  gpus: number;
  waveKey: string;
}

/** Static per-container numbers, cached on the (immutable) stored pod. */
function shapeOf(entry: Entry): ContainerShape[] {
  return derived(entry, 'metrics.shape', () => {
    const pod = entry.obj;
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    return (pod.spec?.containers ?? []).map((c: any) => {
      const req = c?.resources?.requests ?? {};
      const lim = c?.resources?.limits ?? {};
      const cpuReq = num(req.cpu);
      const cpuLim = num(lim.cpu);
      const memReq = num(req.memory);
      const memLim = num(lim.memory);
      const gpuCount = num(lim['nvidia.com/gpu'] ?? req['nvidia.com/gpu']) ?? 0;
      const cpuMax = cpuLim ?? (cpuReq ? cpuReq * 1.5 : 0.25);
      const memRef = memReq ?? memLim ?? 128 * 1024 * 1024;
      return {
        name: String(c?.name),
        cpuMax,
        cpuBase: Math.max(0.001, cpuMax * 0.02),
        memBase: memRef * (gpuCount ? 0.55 : 0.3),
        memSpan: Math.min(
          memRef * 0.4,
          (memLim ?? memRef * 1.2) - memRef * 0.3,
        ),
        gpus: gpuCount,
        waveKey: `${key}/${c?.name}`,
      };
    });
  });
}

export interface Usage {
  cpu: number; // cores
  memory: number; // bytes
}

export function formatUsage(u: Usage): { cpu: string; memory: string } {
  return {
    cpu: `${Math.max(0, Math.round(u.cpu * 1e9))}n`,
    memory: `${Math.max(0, Math.round(u.memory / 1024))}Ki`,
  };
}

/** The sample time for a wall clock time: the start of its 15 s scrape window. */
export function sampleTime(nowMs: number): number {
  return Math.floor(nowMs / SCRAPE_INTERVAL_MS) * SCRAPE_INTERVAL_MS;
}

export class MetricsModel {
  constructor(private readonly store: Store) {}

  /** Mean DCGM load of the GPUs handed to each pod ("ns/name"), at time t. */
  private gpuLoads(tMs: number): Map<string, number> {
    const sums = new Map<string, { sum: number; n: number }>();
    for (const g of gpus(this.store)) {
      if (!g.pod) continue;
      const key = `${g.pod.metadata!.namespace}/${g.pod.metadata!.name}`;
      const s = sums.get(key) ?? { sum: 0, n: 0 };
      s.sum += gpuLoad(g.uuid, true, tMs);
      s.n += 1;
      sums.set(key, s);
    }
    return new Map([...sums].map(([k, v]) => [k, v.sum / v.n]));
  }

  private containerUsage(
    shape: ContainerShape,
    gpuLoadOfPod: number | undefined,
    tMs: number,
  ): Usage {
    let load: number;
    if (shape.gpus && gpuLoadOfPod !== undefined) {
      // feeding the GPUs: CPU follows GPU utilization, memory holds the model
      load = gpuLoadOfPod;
    } else {
      const wave = gpuLoad(shape.waveKey, true, tMs);
      load = wave === 0 ? 0.05 : wave * 0.8;
    }
    const jitter =
      ((hashOf(`${shape.waveKey}@${tMs}`) % 1000) / 1000 - 0.5) * 0.04;
    const l = Math.max(0, Math.min(1, load + jitter));
    return {
      cpu: shape.cpuBase + (shape.cpuMax - shape.cpuBase) * l * 0.9,
      memory: shape.memBase + Math.max(0, shape.memSpan) * l,
    };
  }

  private runningPods(): Entry[] {
    const out: Entry[] = [];
    for (const e of this.store.table(this.store.typeOf('pods')).map.values()) {
      const p = e.obj;
      if (
        !p.spec?.nodeName ||
        isTerminalPod(p) ||
        p.metadata?.deletionTimestamp
      )
        continue;
      if (p.status?.phase && p.status.phase !== 'Running') continue;
      out.push(e);
    }
    return out;
  }

  podMetrics(
    entry: Entry,
    tMs: number,
    gpuLoads: Map<string, number>,
  ): KObject {
    const pod = entry.obj;
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    return {
      kind: 'PodMetrics',
      apiVersion: API_VERSION,
      metadata: {
        name: pod.metadata?.name,
        namespace: pod.metadata?.namespace,
        creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        ...(pod.metadata?.labels ? { labels: pod.metadata.labels } : {}),
      },
      timestamp: new Date(tMs).toISOString().replace(/\.\d+Z$/, 'Z'),
      window: '15s',
      containers: shapeOf(entry).map(s => ({
        name: s.name,
        usage: formatUsage(this.containerUsage(s, gpuLoads.get(key), tMs)),
      })),
    };
  }

  /** PodMetrics of running pods, optionally in one namespace, matching a label selector. */
  listPods(
    nowMs: number,
    namespace?: string,
    labelSelector: LabelSelector = [],
    name?: string,
  ): KObject[] {
    const t = sampleTime(nowMs);
    const loads = this.gpuLoads(t);
    const out: KObject[] = [];
    for (const e of this.runningPods()) {
      const m = e.obj.metadata!;
      if (namespace && m.namespace !== namespace) continue;
      if (name && m.name !== name) continue;
      if (labelSelector.length && !matchLabels(labelSelector, m.labels ?? {}))
        continue;
      out.push(this.podMetrics(e, t, loads));
    }
    out.sort((a, b) =>
      `${a.metadata!.namespace}/${a.metadata!.name}` <
      `${b.metadata!.namespace}/${b.metadata!.name}`
        ? -1
        : 1,
    );
    return out;
  }

  /** Per-node usage: its pods plus system overhead (kubelet, runtime, OS). */
  nodeUsages(nowMs: number): Map<string, Usage> {
    const t = sampleTime(nowMs);
    const loads = this.gpuLoads(t);
    const usage = new Map<string, Usage>();
    for (const e of this.runningPods()) {
      const pod = e.obj;
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      const u = usage.get(pod.spec.nodeName) ?? { cpu: 0, memory: 0 };
      for (const s of shapeOf(e)) {
        const c = this.containerUsage(s, loads.get(key), t);
        u.cpu += c.cpu;
        u.memory += c.memory;
      }
      usage.set(pod.spec.nodeName, u);
    }
    return usage;
  }

  listNodes(
    nowMs: number,
    labelSelector: LabelSelector = [],
    name?: string,
  ): KObject[] {
    const t = sampleTime(nowMs);
    const usage = this.nodeUsages(nowMs);
    const out: KObject[] = [];
    for (const [, e] of this.store
      .table(this.store.typeOf('nodes'))
      .scan(undefined)) {
      const node = e.obj;
      const m = node.metadata!;
      if (name && m.name !== name) continue;
      if (labelSelector.length && !matchLabels(labelSelector, m.labels ?? {}))
        continue;
      const ready = (node.status?.conditions ?? []).find(
        (c: any) => c.type === 'Ready',
      );
      if (ready && ready.status !== 'True') continue; // metrics-server cannot scrape it
      const cap = node.status?.capacity ?? {};
      const cpuCap = num(cap.cpu) ?? 1;
      const memCap = num(cap.memory) ?? 1024 ** 3;
      const pods = usage.get(m.name!) ?? { cpu: 0, memory: 0 };
      const sys =
        0.08 + 0.01 * cpuCap + ((hashOf(`${m.name}@${t}`) % 100) / 100) * 0.05;
      const u = {
        cpu: Math.min(cpuCap, pods.cpu + sys),
        memory: Math.min(memCap, pods.memory + 0.6 * 1024 ** 3 + memCap * 0.03),
      };
      out.push({
        kind: 'NodeMetrics',
        apiVersion: API_VERSION,
        metadata: {
          name: m.name,
          creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          ...(m.labels ? { labels: m.labels } : {}),
        },
        timestamp: new Date(t).toISOString().replace(/\.\d+Z$/, 'Z'),
        window: '15s',
        usage: formatUsage(u),
      });
    }
    return out;
  }
}

function listOf(kind: string, items: KObject[]) {
  return {
    kind: `${kind}List`,
    apiVersion: API_VERSION,
    metadata: {},
    items,
  };
}

/**
 * GET /apis/metrics.k8s.io/v1beta1/{nodes[/name] | pods | namespaces/{ns}/pods[/name]}.
 * `rest` is the path after the version. Returns the response body.
 */
export function handleMetricsRequest(
  model: MetricsModel,
  rest: string[],
  labelSelector: LabelSelector,
  nowMs = Date.now(),
): unknown {
  let namespace: string | undefined;
  let parts = rest;
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  const [resource, name, extra] = parts;
  if (extra !== undefined) throw badRequest('subresources are not supported');
  if (resource === 'nodes' && namespace === undefined) {
    const items = model.listNodes(nowMs, labelSelector, name);
    if (name === undefined) return listOf('NodeMetrics', items);
    if (!items.length)
      throw new KubeStatusError(
        404,
        'NotFound',
        `nodemetrics.metrics.k8s.io "${name}" not found`,
        {
          name,
          group: METRICS_GROUP,
          kind: 'nodes',
        },
      );
    return items[0];
  }
  if (resource === 'pods') {
    const items = model.listPods(nowMs, namespace, labelSelector, name);
    if (name === undefined) return listOf('PodMetrics', items);
    if (!items.length)
      throw new KubeStatusError(
        404,
        'NotFound',
        `podmetrics.metrics.k8s.io "${namespace}/${name}" not found`,
        {
          name: `${namespace}/${name}`,
          group: METRICS_GROUP,
          kind: 'pods',
        },
      );
    return items[0];
  }
  return undefined;
}
