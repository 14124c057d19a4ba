import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  OcdpTestBackend,
  startOcdpBackend,
} from '../__testUtils__/startOcdpBackend';
import { ADMIN } from '../__testUtils__/testPermissions';
import {
  preparePrometheus,
  RunningPrometheus,
} from './__testUtils__/startPrometheus';

jest.setTimeout(120_000);

const admin = { Authorization: mockCredentials.user.header(ADMIN) };

interface SimGpu {
  node: string;
  gpu: string;
  namespace?: string;
  pod?: string;
  values: Record<string, number>;
}

/** The simulator's DCGM exposition at `tMs`, per GPU. */
function simGpus(text: string): SimGpu[] {
  const gpus = new Map<string, SimGpu>();
  for (const line of text.split('\n')) {
    const m = /^(DCGM_FI_DEV_\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(l => [l[1], l[2]]),
    );
    const key = `${labels.Hostname}/${labels.gpu}`;
    const gpu = gpus.get(key) ?? {
      node: labels.Hostname,
      gpu: labels.gpu,
      ...(labels.pod ? { namespace: labels.namespace, pod: labels.pod } : {}),
      values: {},
    };
    gpu.values[m[1]] = Number(m[3]);
    gpus.set(key, gpu);
  }
  return [...gpus.values()];
}

describe('GPU utilization from a real Prometheus scraping the simulator’s DCGM metrics', () => {
  let prometheus: RunningPrometheus;
  let backend: OcdpTestBackend;
  let startedAt: number;

  beforeAll(async () => {
    prometheus = await preparePrometheus();
    backend = await startOcdpBackend({
      ocdpConfig: {
        prometheus: { url: prometheus.url, cacheSeconds: 1, idleWindow: '1m' },
      },
    });
    startedAt = Date.now();
    // As with a ServiceMonitor: the target's own namespace/pod labels push the exporter's
    // workload labels to exported_namespace/exported_pod.
    await prometheus.start({
      target: new URL(backend.sims.demo.url).host,
      intervalSeconds: 1,
      labels: { namespace: 'gpu-operator', pod: 'dcgm-exporter-demo' },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await prometheus?.stop();
  });

  async function reportWithUtilization() {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(backend.server)
        .get('/api/ocdp/clusters/demo/gpu')
        .set(admin);
      if (
        res.status === 200 &&
        res.body.utilization.available &&
        res.body.health.synced &&
        res.body.nodes.some((n: any) => n.utilization)
      ) {
        return res.body;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `no utilization in time: ${JSON.stringify(res.body).slice(0, 1000)}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }

  it('reports per node and idle allocated GPUs what the simulator serves', async () => {
    const report = await reportWithUtilization();
    const readAt = Date.now();
    const sim = backend.sims.demo;
    const now = simGpus(sim.metrics(readAt));
    expect(now.length).toBeGreaterThan(0);

    // idle allocated GPUs: the simulator's allocated GPUs that stay at 0 % (exactly those)
    const idle = now
      .filter(g => g.pod && g.values.DCGM_FI_DEV_GPU_UTIL === 0)
      .map(g => `${g.node}/${g.gpu}/${g.namespace}/${g.pod}`)
      .sort();
    expect(idle.length).toBeGreaterThan(0);
    expect(
      report.idle
        .map((i: any) => `${i.node}/${i.gpu}/${i.namespace}/${i.pod}`)
        .sort(),
    ).toEqual(idle);

    // what the simulator served from the start until now, per node
    const served = new Map<string, { min: number; max: number }>();
    for (let t = startedAt - 2000; t <= readAt; t += 250) {
      const byNode = new Map<string, number[]>();
      for (const g of simGpus(sim.metrics(t))) {
        byNode.set(g.node, [
          ...(byNode.get(g.node) ?? []),
          g.values.DCGM_FI_DEV_GPU_UTIL,
        ]);
      }
      for (const [node, utils] of byNode) {
        const avg =
          Math.round((utils.reduce((a, b) => a + b, 0) / utils.length) * 10) /
          10;
        const range = served.get(node) ?? { min: avg, max: avg };
        served.set(node, {
          min: Math.min(range.min, avg),
          max: Math.max(range.max, avg),
        });
      }
    }
    const resting: Array<{ node: string; gpus: number; utilization: any }> = [];
    for (const node of report.nodes) {
      if (!node.utilization) continue;
      const gpus = now.filter(g => g.node === node.name);
      const total = gpus.reduce(
        (n, g) =>
          n + g.values.DCGM_FI_DEV_FB_USED + g.values.DCGM_FI_DEV_FB_FREE,
        0,
      );
      expect({ node: node.name, gpus: node.utilization.gpus }).toEqual({
        node: node.name,
        gpus: gpus.length,
      });
      expect({
        node: node.name,
        memory: node.utilization.memoryUsedMiB + node.utilization.memoryFreeMiB,
      }).toEqual({ node: node.name, memory: total });
      const range = served.get(node.name)!;
      expect(node.utilization.gpuUtilPercent).toBeGreaterThanOrEqual(range.min);
      expect(node.utilization.gpuUtilPercent).toBeLessThanOrEqual(range.max);
      if (gpus.every(g => !g.pod)) {
        resting.push({
          node: node.name,
          gpus: gpus.length,
          utilization: node.utilization,
        });
      }
    }
    // nodes with nothing allocated: the simulator's resting values, exactly
    expect(resting.length).toBeGreaterThan(0);
    for (const r of resting) {
      expect(r.utilization).toMatchObject({
        gpuUtilPercent: 0,
        temperatureC: 32,
        powerWatts: 60 * r.gpus,
      });
    }
  });

  it('draws chart lines over a range whose memory adds up to the GPUs’ framebuffers', async () => {
    await reportWithUtilization();
    // the range ends on a step boundary: wait for the first one after Prometheus' first scrape
    let res: request.Response;
    const deadline = Date.now() + 40_000;
    for (;;) {
      res = await request(backend.server)
        .get('/api/ocdp/clusters/demo/gpu/utilization?range=5m&groupBy=all')
        .set(admin);
      if (res.body.series?.length || Date.now() > deadline) break;
      await new Promise(r => setTimeout(r, 500));
    }
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      utilization: { available: true },
      stepSeconds: 15,
    });
    const line = (metric: string) =>
      res.body.series.find((s: any) => s.metric === metric && s.key === 'all');
    const used = line('memoryUsedMiB');
    const free = line('memoryFreeMiB');
    const util = line('gpuUtilPercent');
    expect(used.points.length).toBeGreaterThan(0);
    const framebuffers = simGpus(backend.sims.demo.metrics()).reduce(
      (n, g) => n + g.values.DCGM_FI_DEV_FB_USED + g.values.DCGM_FI_DEV_FB_FREE,
      0,
    );
    for (const [t, v] of used.points) {
      const f = free.points.find((p: [number, number]) => p[0] === t);
      expect(v + f[1]).toBe(framebuffers);
    }
    for (const [, v] of util.points) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
    const nodes = await request(backend.server)
      .get('/api/ocdp/clusters/demo/gpu/utilization?range=5m&groupBy=node')
      .set(admin);
    expect(new Set(nodes.body.series.map((s: any) => s.key))).toEqual(
      new Set(simGpus(backend.sims.demo.metrics()).map(g => g.node)),
    );
  });
});
