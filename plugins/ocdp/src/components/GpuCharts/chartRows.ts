import { GpuMetric, GpuUtilizationSeries } from '@ocdp/plugin-ocdp-common';

/** One x position of a chart: the time and each series' value there. */
export type ChartRow = { t: number } & Record<string, number>;

/**
 * Turns the series of one metric into chart rows (one per timestamp, oldest first, a column per
 * series key) and the keys in the order the series came.
 */
export function chartRows(
  series: GpuUtilizationSeries[],
  metric: GpuMetric,
  scale: (value: number) => number = v => v,
): { rows: ChartRow[]; keys: string[] } {
  const ofMetric = series.filter(s => s.metric === metric);
  const byTime = new Map<number, ChartRow>();
  for (const s of ofMetric) {
    for (const [t, value] of s.points) {
      const row = byTime.get(t) ?? ({ t } as ChartRow);
      row[s.key] = scale(value);
      byTime.set(t, row);
    }
  }
  return {
    rows: [...byTime.values()].sort((a, b) => a.t - b.t),
    keys: ofMetric.map(s => s.key),
  };
}

/** The last value of each series of a metric. */
export function latestValues(
  series: GpuUtilizationSeries[],
  metric: GpuMetric,
): Array<{ key: string; value: number }> {
  return series
    .filter(s => s.metric === metric && s.points.length > 0)
    .map(s => ({ key: s.key, value: s.points[s.points.length - 1][1] }));
}

/** `14:05` for ranges within a day, `Nov 30 14:05` beyond. */
export function timeTickFormatter(rangeSeconds: number) {
  return (t: number) => {
    const date = new Date(t * 1000);
    const time = date.toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit',
    });
    return rangeSeconds > 86_400
      ? `${date.toLocaleDateString([], {
          month: 'short',
          day: 'numeric',
        })} ${time}`
      : time;
  };
}
