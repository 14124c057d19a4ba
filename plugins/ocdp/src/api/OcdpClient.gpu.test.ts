import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  demoReport,
  demoUtilization,
  modelInstanceGpu,
} from '../__testUtils__/gpuFixtures';
import { OcdpClient } from './OcdpClient';

const base = 'http://backend.test/api/ocdp';

describe('OcdpClient GPU monitoring', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new OcdpClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backend.test' }),
    fetchApi: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) },
  });

  it('reads the GPU report of a cluster, encoding its name', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${base}/clusters/:cluster/gpu`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json(demoReport);
      }),
    );
    await expect(client.getClusterGpu('demo')).resolves.toEqual(demoReport);
    await client.getClusterGpu('eu west/1');
    expect(paths).toEqual([
      '/api/ocdp/clusters/demo/gpu',
      '/api/ocdp/clusters/eu%20west%2F1/gpu',
    ]);
  });

  it('asks for utilization over a range, grouped when asked', async () => {
    const searches: Array<Record<string, string>> = [];
    server.use(
      http.get(`${base}/clusters/demo/gpu/utilization`, ({ request }) => {
        searches.push(
          Object.fromEntries(new URL(request.url).searchParams.entries()),
        );
        return HttpResponse.json(demoUtilization);
      }),
    );
    await expect(
      client.getClusterGpuUtilization('demo', { range: '1h' }),
    ).resolves.toEqual(demoUtilization);
    await client.getClusterGpuUtilization('demo', {
      range: '7d',
      groupBy: 'tenant',
    });
    expect(searches).toEqual([
      { range: '1h' },
      { range: '7d', groupBy: 'tenant' },
    ]);
  });

  it("reads an entity's GPU use with the kind in lower case", async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${base}/entity/:kind/:namespace/:name/gpu`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json(modelInstanceGpu);
      }),
    );
    await expect(
      client.getEntityGpu({
        kind: 'Component',
        namespace: 'default',
        name: 'llama-3-8b',
      }),
    ).resolves.toEqual(modelInstanceGpu);
    expect(paths).toEqual([
      '/api/ocdp/entity/component/default/llama-3-8b/gpu',
    ]);
  });

  it('keeps the server message when the cluster is unknown', async () => {
    server.use(
      http.get(`${base}/clusters/nope/gpu`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'No cluster "nope"' } },
          { status: 404 },
        ),
      ),
    );
    const error = await client.getClusterGpu('nope').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe('No cluster "nope"');
  });
});
