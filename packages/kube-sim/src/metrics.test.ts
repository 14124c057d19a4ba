import { gpuLoad } from './metrics';
import { startKubeSim, KubeSim } from './sim';
import { clientsFor, gpuNode, pod } from './__testutils__/clients';

describe('DCGM metrics', () => {
  let sim: KubeSim;

  beforeAll(async () => {
    sim = await startKubeSim();
    const c = clientsFor(sim);
    await c.core.createNode({
      body: gpuNode('gpu-l4', 'NVIDIA-L4', 2, 23034) as any,
    });
    await c.core.createNamespace({ body: { metadata: { name: 'm' } } });
    await c.core.createNamespacedPod({
      namespace: 'm',
      body: pod('infer', {
        requests: { 'nvidia.com/gpu': '1' },
        limits: { 'nvidia.com/gpu': '1' },
      }) as any,
    });
    await sim.settle();
  });
  afterAll(() => sim.close());

  it('serves Prometheus text with DCGM series per GPU, with pod labels for allocated GPUs', async () => {
    const res = await fetch(`${sim.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.headers.get('x-kube-sim')).toBe('simulated');
    const text = await res.text();
    for (const m of [
      'DCGM_FI_DEV_GPU_UTIL',
      'DCGM_FI_DEV_FB_USED',
      'DCGM_FI_DEV_FB_FREE',
      'DCGM_FI_DEV_POWER_USAGE',
      'DCGM_FI_DEV_GPU_TEMP',
    ]) {
      expect(text).toContain(`# TYPE ${m} gauge`);
      expect(text.split('\n').filter(l => l.startsWith(`${m}{`))).toHaveLength(
        2,
      );
    }
    const sample = /^(\w+)\{((?:\w+="[^"]*",?)+)\} (-?\d+(?:\.\d+)?)$/;
    for (const line of text.split('\n').filter(l => l && !l.startsWith('#'))) {
      expect(line).toMatch(sample);
    }
    expect(text).toMatch(
      /DCGM_FI_DEV_FB_USED\{gpu="0",UUID="GPU-[^"]+",device="nvidia0",modelName="NVIDIA L4",Hostname="gpu-l4",container="main",namespace="m",pod="infer"\} \d+/,
    );
    expect(text).toMatch(
      /DCGM_FI_DEV_GPU_UTIL\{gpu="1",UUID="GPU-[^"]+",device="nvidia1",modelName="NVIDIA L4",Hostname="gpu-l4"\} 0\n/,
    );
  });

  it('changes values over time deterministically, with some allocated GPUs idle', () => {
    expect(sim.metrics(0)).toBe(sim.metrics(0));
    const value = (t: string, prefix: string) =>
      Number(
        t
          .split('\n')
          .find(l => l.startsWith(prefix))!
          .split(' ')
          .pop(),
      );
    const a = sim.metrics(0);
    expect(
      value(a, 'DCGM_FI_DEV_FB_USED{gpu="0"') +
        value(a, 'DCGM_FI_DEV_FB_FREE{gpu="0"'),
    ).toBe(23034);
    const uuids = Array.from({ length: 40 }, (_, i) => `GPU-${i}`);
    const idle = uuids.filter(
      u => gpuLoad(u, true, 0) === 0 && gpuLoad(u, true, 120_000) === 0,
    );
    const busy = uuids.filter(u => !idle.includes(u));
    expect(idle.length).toBeGreaterThan(0);
    expect(
      busy.some(u => gpuLoad(u, true, 0) !== gpuLoad(u, true, 120_000)),
    ).toBe(true);
    for (const u of uuids) {
      expect(gpuLoad(u, false, 1000)).toBe(0);
      const v = gpuLoad(u, true, 42_000);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });
});
