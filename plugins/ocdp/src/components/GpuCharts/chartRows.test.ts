import { GpuUtilizationSeries } from '@ocdp/plugin-ocdp-common';
import { chartRows, latestValues } from './chartRows';

const series = (
  key: string,
  metric: GpuUtilizationSeries['metric'],
  points: Array<[number, number]>,
): GpuUtilizationSeries => ({
  metric,
  aggregation: 'avg',
  groupBy: 'tenant',
  key,
  points,
});

describe('chartRows', () => {
  const all = [
    series('team-a', 'gpuUtilPercent', [
      [100, 10],
      [130, 20],
    ]),
    series('team-b', 'gpuUtilPercent', [
      [130, 70],
      [160, 80],
    ]),
    series('team-a', 'memoryUsedMiB', [[100, 2048]]),
  ];

  it('puts the series of one metric side by side, one row per time, oldest first', () => {
    expect(chartRows(all, 'gpuUtilPercent')).toEqual({
      keys: ['team-a', 'team-b'],
      rows: [
        { t: 100, 'team-a': 10 },
        { t: 130, 'team-a': 20, 'team-b': 70 },
        { t: 160, 'team-b': 80 },
      ],
    });
  });

  it('scales values', () => {
    expect(chartRows(all, 'memoryUsedMiB', v => v / 1024).rows).toEqual([
      { t: 100, 'team-a': 2 },
    ]);
  });

  it('gives the latest value of each series of a metric', () => {
    expect(latestValues(all, 'gpuUtilPercent')).toEqual([
      { key: 'team-a', value: 20 },
      { key: 'team-b', value: 80 },
    ]);
  });
});
