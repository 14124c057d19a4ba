import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readDeployCharts } from './deployCharts';

const CHART_DIR = path.resolve(
  __dirname,
  '../../../../examples/charts/model-server',
);

const read = (charts: object) =>
  readDeployCharts(new ConfigReader({ ocdp: { charts } }));

describe('readDeployCharts', () => {
  const source = { kind: 'HelmRepository', name: 'ocdp-charts' };

  it("takes the version from the chart's Chart.yaml unless config gives one", () => {
    expect(
      read({
        'model-server': { directory: CHART_DIR, source },
        pinned: {
          chart: 'model-server',
          directory: CHART_DIR,
          version: '0.0.9',
          profile: 'model-server',
          source: { kind: 'OCIRepository', name: 'ms', namespace: 'flux' },
        },
      }),
    ).toEqual({
      'model-server': {
        chart: 'model-server',
        version: '0.1.0',
        profile: 'model-server',
        source: { kind: 'HelmRepository', name: 'ocdp-charts' },
      },
      pinned: {
        chart: 'model-server',
        version: '0.0.9',
        profile: 'model-server',
        source: { kind: 'OCIRepository', name: 'ms', namespace: 'flux' },
      },
    });
  });

  it('has no charts when none are configured', () => {
    expect(readDeployCharts(new ConfigReader({}))).toEqual({});
  });

  it('fails start-up naming the path of a bad entry', () => {
    expect(() =>
      read({ x: { source: { kind: 'GitRepository', name: 'g' } } }),
    ).toThrow(
      'ocdp.charts.x.source.kind: must be one of HelmRepository, OCIRepository',
    );
    expect(() =>
      read({ x: { directory: '/nonexistent/chart', source } }),
    ).toThrow(/^ocdp\.charts\.x\.directory: cannot read Chart\.yaml/);
    expect(() => read({ x: { source: { kind: 'HelmRepository' } } })).toThrow(
      /source\.name/,
    );
  });

  it('keeps a chart named like an object key as data', () => {
    const charts = read({ constructor: { source } });
    expect(Object.keys(charts)).toEqual(['constructor']);
    expect(Object.values(charts)[0].source.name).toBe('ocdp-charts');
  });
});
