import { startKubeSim, KubeSim } from './sim';
import { clientsFor, expectApiError } from './__testutils__/clients';

describe('fault injection', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  it('answers 5xx Status errors at the configured rate', async () => {
    await sim.setFaults({ errorRate: 1, errorStatus: 503 });
    const err = await expectApiError(() => c.core.listNamespace());
    expect(err.code).toBe(503);
    expect(err.status).toMatchObject({
      kind: 'Status',
      reason: 'ServiceUnavailable',
      code: 503,
    });
    await sim.setFaults({ errorRate: 0.5 });
    let failures = 0;
    for (let i = 0; i < 10; i++) {
      try {
        await c.core.listNamespace();
      } catch {
        failures++;
      }
    }
    expect(failures).toBe(5);
    await sim.setFaults({});
    expect((await c.core.listNamespace()).items.length).toBeGreaterThan(0);
  });

  it('is switchable over HTTP and adds latency', async () => {
    const res = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ latencyMs: 150 }),
    });
    expect((await res.json()).faults.latencyMs).toBe(150);
    const t0 = Date.now();
    await c.core.listNamespace();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('refuses connections and comes back on the same port', async () => {
    await sim.setFaults({ refuseConnections: true });
    let error: any;
    try {
      await c.core.listNamespace();
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    expect(
      `${error.code ?? ''} ${error.message} ${error.cause?.code ?? ''}`,
    ).toMatch(/ECONNREFUSED|ECONNRESET/);
    await sim.setFaults({ refuseConnections: false });
    expect((await c.core.listNamespace()).items.length).toBeGreaterThan(0);
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
  });

  it('drops watches after the configured time', async () => {
    await sim.setFaults({ dropWatchesAfterMs: 100 });
    const t0 = Date.now();
    const ended = await new Promise<number>(resolve => {
      void c.watch.watch(
        '/api/v1/namespaces',
        {},
        () => {},
        () => resolve(Date.now() - t0),
      );
    });
    expect(ended).toBeGreaterThanOrEqual(90);
    expect(ended).toBeLessThan(2000);
  });
});
