import { GpuMetric, GpuUtilizationSeries } from '@ocdp/plugin-ocdp-common';
import { PrometheusClient, PromSeries } from './PrometheusClient';
import { PrometheusTarget } from './readMonitoringConfig';

/** DCGM exporter series, by the name the API gives the metric. */
export const DCGM_METRICS: Record<
  GpuMetric,
  { series: string; aggregation: 'avg' | 'sum' }
> = {
  gpuUtilPercent: { series: 'DCGM_FI_DEV_GPU_UTIL', aggregation: 'avg' },
  memoryUsedMiB: { series: 'DCGM_FI_DEV_FB_USED', aggregation: 'sum' },
  memoryFreeMiB: { series: 'DCGM_FI_DEV_FB_FREE', aggregation: 'sum' },
  powerWatts: { series: 'DCGM_FI_DEV_POWER_USAGE', aggregation: 'sum' },
  temperatureC: { series: 'DCGM_FI_DEV_GPU_TEMP', aggregation: 'avg' },
};

const METRIC_NAMES = Object.keys(DCGM_METRICS) as GpuMetric[];

/** One GPU now: where it is, which pod has it, its numbers. */
export interface GpuSample {
  node: string;
  gpu: string;
  uuid?: string;
  modelName?: string;
  /** The workload's namespace and pod: `exported_*` when the exporter's own labels took the plain names. */
  namespace?: string;
  pod?: string;
  values: Partial<Record<GpuMetric, number>>;
  /** Average utilization over the idle window, percent. */
  windowUtilPercent?: number;
}

/** The namespace and pod a DCGM series is about (`exported_*` first, as Prometheus renames clashes). */
export function workloadOf(labels: Record<string, string>) {
  if (labels.exported_pod) {
    return { namespace: labels.exported_namespace, pod: labels.exported_pod };
  }
  if (labels.pod) return { namespace: labels.namespace, pod: labels.pod };
  return {};
}

/** `{a="b",c=~"d"}` from matchers, or nothing when there are none. */
function selectorOf(matchers: Array<string | undefined>): string {
  const list = matchers.filter(Boolean);
  return list.length ? `{${list.join(',')}}` : '';
}

/**
 * The DCGM series of the given namespaces' workloads, for either label convention: pods with
 * `exported_pod` are matched on `exported_namespace`, the others on `namespace`.
 */
export function seriesOfNamespaces(
  series: string,
  selector: string | undefined,
  namespaces: string[] | undefined,
): string {
  if (!namespaces) return `${series}${selectorOf([selector])}`;
  // namespaces are DNS-1123 labels: nothing in them needs escaping in a regular expression
  const re = namespaces.join('|');
  return (
    `(${series}${selectorOf([
      selector,
      'exported_pod=""',
      `namespace=~"${re}"`,
    ])} or ` +
    `${series}${selectorOf([selector, `exported_namespace=~"${re}"`])})`
  );
}

const num = (v: string) => {
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** Reads DCGM exporter series from a cluster's Prometheus. */
export class DcgmReader {
  constructor(
    private readonly client: PrometheusClient,
    private readonly idleWindow: string,
  ) {}

  /** Every GPU with its current numbers and its average utilization over the idle window. */
  async gpus(target: PrometheusTarget): Promise<GpuSample[]> {
    const selector = selectorOf([target.selector]);
    const [window, ...now] = await Promise.all([
      this.client.query(
        target,
        `avg_over_time(DCGM_FI_DEV_GPU_UTIL${selector}[${this.idleWindow}])`,
      ),
      ...METRIC_NAMES.map(m =>
        this.client.query(target, `${DCGM_METRICS[m].series}${selector}`),
      ),
    ]);
    const byGpu = new Map<string, GpuSample>();
    const sampleOf = (labels: Record<string, string>) => {
      const node = labels.Hostname ?? labels.instance ?? '';
      const key = `${node}/${labels.gpu ?? ''}/${labels.UUID ?? ''}`;
      let sample = byGpu.get(key);
      if (!sample) {
        const { namespace, pod } = workloadOf(labels);
        sample = {
          node,
          gpu: labels.gpu ?? '',
          ...(labels.UUID ? { uuid: labels.UUID } : {}),
          ...(labels.modelName ? { modelName: labels.modelName } : {}),
          ...(namespace && pod ? { namespace, pod } : {}),
          values: {},
        };
        byGpu.set(key, sample);
      }
      return sample;
    };
    METRIC_NAMES.forEach((metric, i) => {
      for (const s of now[i]) {
        const value = s.value ? num(s.value[1]) : undefined;
        if (value !== undefined) sampleOf(s.metric).values[metric] = value;
      }
    });
    for (const s of window) {
      const value = s.value ? num(s.value[1]) : undefined;
      if (value !== undefined) sampleOf(s.metric).windowUtilPercent = value;
    }
    return [...byGpu.values()];
  }

  /** Chart lines of every metric over a range, for the whole scope or by node or namespace. */
  async series(
    target: PrometheusTarget,
    options: {
      namespaces?: string[];
      groupBy: 'all' | 'node' | 'namespace';
      start: number;
      end: number;
      step: number;
    },
  ): Promise<Array<Omit<GpuUtilizationSeries, 'groupBy'>>> {
    if (options.namespaces?.length === 0) return [];
    const answers = await Promise.all(
      METRIC_NAMES.map(async metric => {
        const { series, aggregation } = DCGM_METRICS[metric];
        const selected = seriesOfNamespaces(
          series,
          target.selector,
          options.namespaces,
        );
        let query = `${aggregation}(${selected})`;
        if (options.groupBy === 'node') {
          query = `${aggregation} by (Hostname) (${selected})`;
        } else if (options.groupBy === 'namespace') {
          query = `${aggregation} by (namespace) (label_replace(${selected}, "namespace", "$1", "exported_namespace", "(.+)"))`;
        }
        const result = await this.client.queryRange(target, query, options);
        return result.map(s => ({
          metric,
          aggregation,
          key: keyOf(s, options.groupBy),
          points: (s.values ?? []).flatMap(([t, v]) => {
            const value = num(v);
            return value === undefined ? [] : [[t, value] as [number, number]];
          }),
        }));
      }),
    );
    return answers.flat();
  }
}

function keyOf(s: PromSeries, groupBy: 'all' | 'node' | 'namespace') {
  if (groupBy === 'node') return s.metric.Hostname ?? '';
  if (groupBy === 'namespace') return s.metric.namespace ?? '';
  return 'all';
}
