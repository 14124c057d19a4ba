import { startKubeSim, KubeSim } from '@ocdp/kube-sim';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { guestToken, startPortal, waitForCatalogEntity } from './portal';

jest.setTimeout(400_000);

describe('the demo portal keeps its data across restarts', () => {
  let demo: KubeSim;
  let lab: KubeSim;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocdp-data-'));

  beforeAll(async () => {
    demo = await startKubeSim({ port: 0, scenario: 'demo' });
    lab = await startKubeSim({ port: 0, scenario: 'demo' });
  });

  afterAll(async () => {
    await demo?.close();
    await lab?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () =>
    startPortal({
      demoClusterPort: demo.port,
      labClusterPort: lab.port,
      dataDir,
    });

  it('still has a tenant created before the backend restarted', async () => {
    const first = await start();
    try {
      // ada's admin claim comes from the catalog, which ingests the example org after start-up
      await waitForCatalogEntity(first.baseUrl, { kind: 'user', name: 'ada' });
      const res = await fetch(`${first.baseUrl}/api/ocdp/tenants`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await guestToken(first.baseUrl)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          name: 'kept-across-restarts',
          owner: 'group:default/team-nlp',
          bindings: [{ cluster: 'demo', quota: { 'requests.cpu': '3' } }],
        }),
      });
      expect(res.status).toBe(201);
    } finally {
      await first.stop();
    }
    expect(fs.readdirSync(dataDir)).toEqual(
      expect.arrayContaining([expect.stringMatching(/ocdp/)]),
    );

    const second = await start();
    try {
      const res = await fetch(
        `${second.baseUrl}/api/ocdp/tenants/kept-across-restarts`,
        {
          headers: {
            authorization: `Bearer ${await guestToken(second.baseUrl)}`,
          },
        },
      );
      expect(res.status).toBe(200);
      const tenant = await res.json();
      expect(tenant.bindings[0].quota['requests.cpu']).toBe('3');
    } finally {
      await second.stop();
    }
  });
});
