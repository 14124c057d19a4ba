import {
  registerMswTestHooks,
  mockServices,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DcgmReader, seriesOfNamespaces } from './DcgmReader';
import { PrometheusClient } from './PrometheusClient';

const PROM = 'http://prometheus.test:9090';
const target = { url: PROM, headers: { authorization: 'Bearer prom-secret' } };

function memoryCache() {
  const entries = new Map<string, unknown>();
  return mockServices.cache.mock({
    get: async (key: string) => entries.get(key) as any,
    set: async (key: string, value: unknown) => {
      entries.set(key, value);
    },
  });
}

const vector = (
  result: Array<{ metric: Record<string, string>; value: string }>,
) =>
  HttpResponse.json({
    status: 'success',
    data: {
      resultType: 'vector',
      result: result.map(r => ({
        metric: r.metric,
        value: [1764480000, r.value],
      })),
    },
  });

describe('PrometheusClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('sends the query with the configured headers and shares answers through the cache', async () => {
    const seen: Array<{ query: string | null; auth: string | null }> = [];
    server.use(
      http.post(`${PROM}/api/v1/query`, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        seen.push({
          query: form.get('query'),
          auth: request.headers.get('authorization'),
        });
        return vector([{ metric: { gpu: '0' }, value: '42' }]);
      }),
    );
    const cache = memoryCache();
    const a = new PrometheusClient({ cache, ttlMs: 15_000, timeoutMs: 1000 });
    const b = new PrometheusClient({ cache, ttlMs: 15_000, timeoutMs: 1000 });
    const first = await a.query(target, 'DCGM_FI_DEV_GPU_UTIL', 1764480000);
    const second = await b.query(target, 'DCGM_FI_DEV_GPU_UTIL', 1764480000);
    expect(first).toEqual([
      { metric: { gpu: '0' }, value: [1764480000, '42'] },
    ]);
    expect(second).toEqual(first);
    expect(seen).toEqual([
      { query: 'DCGM_FI_DEV_GPU_UTIL', auth: 'Bearer prom-secret' },
    ]);
    expect(a.sent + b.sent).toBe(1);
  });

  it('turns Prometheus errors into messages without the URL’s path or credentials', async () => {
    server.use(
      http.post(`${PROM}/api/v1/query`, () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'bad_data',
            error: 'parse error at char 3',
          },
          { status: 400 },
        ),
      ),
      http.post('http://down.test/api/v1/query', () => HttpResponse.error()),
      http.post('http://slow.test/api/v1/query', async () => {
        await new Promise(r => setTimeout(r, 500));
        return vector([]);
      }),
    );
    const client = new PrometheusClient({
      cache: memoryCache(),
      ttlMs: 1000,
      timeoutMs: 100,
    });
    await expect(client.query(target, 'up{')).rejects.toThrow(
      'Prometheus at http://prometheus.test:9090: bad_data: parse error at char 3',
    );
    await expect(
      client.query({ url: 'http://user:pw@down.test', headers: {} }, 'up'),
    ).rejects.toThrow('Prometheus at http://down.test: unreachable');
    await expect(
      client.query({ url: 'http://slow.test', headers: {} }, 'up'),
    ).rejects.toThrow(
      'Prometheus at http://slow.test: no answer within 100 ms',
    );
  });
});

describe('DcgmReader', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('joins the DCGM series per GPU and reads the workload from exported_* labels first', async () => {
    const gpu0 = {
      gpu: '0',
      UUID: 'GPU-a',
      modelName: 'NVIDIA L4',
      Hostname: 'n1',
    };
    const gpu1 = {
      gpu: '1',
      UUID: 'GPU-b',
      modelName: 'NVIDIA L4',
      Hostname: 'n1',
    };
    // gpu0 scraped through a ServiceMonitor: namespace/pod are the exporter's own
    const labels0 = {
      ...gpu0,
      namespace: 'gpu-operator',
      pod: 'dcgm-exporter-x',
      exported_namespace: 'team-a',
      exported_pod: 'llm-0',
    };
    const labels1 = { ...gpu1, namespace: 'team-b', pod: 'vis-0' };
    const values: Record<string, [string, string]> = {
      DCGM_FI_DEV_GPU_UTIL: ['87', '0'],
      DCGM_FI_DEV_FB_USED: ['60000', '100'],
      DCGM_FI_DEV_FB_FREE: ['21920', '81820'],
      DCGM_FI_DEV_POWER_USAGE: ['310.5', '61'],
      DCGM_FI_DEV_GPU_TEMP: ['71', '33'],
    };
    const queries: string[] = [];
    server.use(
      http.post(`${PROM}/api/v1/query`, async ({ request }) => {
        const query = new URLSearchParams(await request.text()).get('query')!;
        queries.push(query);
        if (query.startsWith('avg_over_time(')) {
          return vector([
            { metric: labels0, value: '80' },
            { metric: labels1, value: '1.5' },
          ]);
        }
        const [v0, v1] = values[query.replace(/\{.*$/, '')];
        return vector([
          { metric: { __name__: 'x', ...labels0 }, value: v0 },
          { metric: { __name__: 'x', ...labels1 }, value: v1 },
        ]);
      }),
    );
    const reader = new DcgmReader(
      new PrometheusClient({
        cache: memoryCache(),
        ttlMs: 1000,
        timeoutMs: 1000,
      }),
      '10m',
    );
    const gpus = await reader.gpus({ ...target, selector: 'cluster="demo"' });
    expect(queries).toContain(
      'avg_over_time(DCGM_FI_DEV_GPU_UTIL{cluster="demo"}[10m])',
    );
    expect(queries).toContain('DCGM_FI_DEV_FB_USED{cluster="demo"}');
    expect(gpus).toEqual([
      {
        node: 'n1',
        gpu: '0',
        uuid: 'GPU-a',
        modelName: 'NVIDIA L4',
        namespace: 'team-a',
        pod: 'llm-0',
        values: {
          gpuUtilPercent: 87,
          memoryUsedMiB: 60000,
          memoryFreeMiB: 21920,
          powerWatts: 310.5,
          temperatureC: 71,
        },
        windowUtilPercent: 80,
      },
      {
        node: 'n1',
        gpu: '1',
        uuid: 'GPU-b',
        modelName: 'NVIDIA L4',
        namespace: 'team-b',
        pod: 'vis-0',
        values: {
          gpuUtilPercent: 0,
          memoryUsedMiB: 100,
          memoryFreeMiB: 81820,
          powerWatts: 61,
          temperatureC: 33,
        },
        windowUtilPercent: 1.5,
      },
    ]);
  });

  it('asks for chart lines over a range, limited to namespaces under either label convention', async () => {
    const asked: Array<Record<string, string>> = [];
    server.use(
      http.post(`${PROM}/api/v1/query_range`, async ({ request }) => {
        const form = Object.fromEntries(
          new URLSearchParams(await request.text()),
        );
        asked.push(form);
        return HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { namespace: 'team-a' },
                values: [
                  [1000, '10'],
                  [1060, 'NaN'],
                  [1120, '30'],
                ],
              },
            ],
          },
        });
      }),
    );
    const reader = new DcgmReader(
      new PrometheusClient({
        cache: memoryCache(),
        ttlMs: 1000,
        timeoutMs: 1000,
      }),
      '10m',
    );
    const series = await reader.series(target, {
      namespaces: ['team-a', 'team-b'],
      groupBy: 'namespace',
      start: 1000,
      end: 1120,
      step: 60,
    });
    expect(asked).toHaveLength(5);
    const util = asked.find(a => a.query.includes('DCGM_FI_DEV_GPU_UTIL'))!;
    expect(util).toMatchObject({ start: '1000', end: '1120', step: '60' });
    expect(util.query).toBe(
      `avg by (namespace) (label_replace(${seriesOfNamespaces(
        'DCGM_FI_DEV_GPU_UTIL',
        undefined,
        ['team-a', 'team-b'],
      )}, "namespace", "$1", "exported_namespace", "(.+)"))`,
    );
    expect(seriesOfNamespaces('M', 'cluster="x"', ['a', 'b'])).toBe(
      '(M{cluster="x",exported_pod="",namespace=~"a|b"} or M{cluster="x",exported_namespace=~"a|b"})',
    );
    expect(series.find(s => s.metric === 'gpuUtilPercent')).toEqual({
      metric: 'gpuUtilPercent',
      aggregation: 'avg',
      key: 'team-a',
      // a NaN sample (no GPUs then) is a gap, not a zero
      points: [
        [1000, 10],
        [1120, 30],
      ],
    });
    expect(
      await reader.series(target, {
        namespaces: [],
        groupBy: 'all',
        start: 0,
        end: 60,
        step: 15,
      }),
    ).toEqual([]);
  });
});
