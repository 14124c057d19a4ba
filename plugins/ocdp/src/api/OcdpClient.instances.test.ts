import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  gpuRefusal,
  instanceDetails,
  llamaInstance,
} from '../__testUtils__/instanceFixtures';
import { OcdpClient } from './OcdpClient';
import { OcdpRefusalError } from './OcdpRefusalError';

const base = 'http://backend.test/api/ocdp';

describe('OcdpClient model instances', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new OcdpClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backend.test' }),
    fetchApi: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) },
  });

  it('lists instances with only the filters that are set', async () => {
    const searches: string[] = [];
    server.use(
      http.get(`${base}/instances`, ({ request }) => {
        searches.push(new URL(request.url).search);
        return HttpResponse.json({ items: [llamaInstance] });
      }),
    );
    await expect(client.listInstances()).resolves.toEqual([llamaInstance]);
    await client.listInstances({ tenant: 'team-vision', status: 'ready' });
    await client.listInstances({ cluster: 'eu west', tenant: '' });
    expect(searches).toEqual([
      '',
      '?tenant=team-vision&status=ready',
      '?cluster=eu+west',
    ]);
  });

  it('reads one instance by its encoded id', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${base}/instances/:id`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json(instanceDetails());
      }),
    );
    await expect(client.getInstance(llamaInstance.id)).resolves.toEqual(
      instanceDetails(),
    );
    await client.getInstance('a/b');
    expect(paths).toEqual([
      `/api/ocdp/instances/${llamaInstance.id}`,
      '/api/ocdp/instances/a%2Fb',
    ]);
  });

  it('scales and changes values with PATCH, sending the version as If-Match', async () => {
    const seen: Array<{ body: unknown; ifMatch: string | null }> = [];
    server.use(
      http.patch(`${base}/instances/:id`, async ({ request }) => {
        seen.push({
          body: await request.json(),
          ifMatch: request.headers.get('if-match'),
        });
        return HttpResponse.json({ ...llamaInstance, version: 4 });
      }),
    );
    await expect(
      client.scaleInstance(llamaInstance.id, 2, 3),
    ).resolves.toMatchObject({ version: 4 });
    await client.changeInstanceValues(llamaInstance.id, {
      model: { maxModelLen: 4096 },
      cache: null,
    });
    expect(seen).toEqual([
      { body: { replicas: 2 }, ifMatch: '"3"' },
      {
        body: { values: { model: { maxModelLen: 4096 }, cache: null } },
        ifMatch: null,
      },
    ]);
  });

  it('turns a refused change into an OcdpRefusalError carrying the report', async () => {
    server.use(
      http.patch(`${base}/instances/:id`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message:
                'the pre-flight check refused this scale: requests.nvidia.com/gpu: needs 1, 0 of 4 free',
            },
            report: gpuRefusal,
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client.scaleInstance(llamaInstance.id, 2).catch(e => e);
    expect(error).toBeInstanceOf(OcdpRefusalError);
    expect(error.statusCode).toBe(409);
    expect(error.message).toBe(
      'the pre-flight check refused this scale: requests.nvidia.com/gpu: needs 1, 0 of 4 free',
    );
    expect(error.report.reasons).toEqual([
      'requests.nvidia.com/gpu: needs 1, 0 of 4 free',
    ]);
  });

  it('keeps a 409 without a report (a stale version) a ResponseError with the message', async () => {
    server.use(
      http.patch(`${base}/instances/:id`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'instance changed since version 3',
            },
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client
      .changeInstanceValues(llamaInstance.id, { a: 1 }, 3)
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).not.toBeInstanceOf(OcdpRefusalError);
    expect(error.body.error.message).toBe('instance changed since version 3');
  });

  it('deletes an instance and reports a 404', async () => {
    const deleted: string[] = [];
    server.use(
      http.delete(`${base}/instances/:id`, ({ params }) => {
        if (params.id !== llamaInstance.id) {
          return HttpResponse.json(
            { error: { name: 'NotFoundError', message: 'no such instance' } },
            { status: 404 },
          );
        }
        deleted.push(params.id as string);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await client.deleteInstance(llamaInstance.id);
    expect(deleted).toEqual([llamaInstance.id]);
    await expect(client.deleteInstance('gone')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('posts a pre-flight request and returns its report', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${base}/precheck`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(gpuRefusal);
      }),
    );
    const request = {
      tenant: 'team-vision',
      cluster: 'demo',
      operation: 'scale' as const,
      release: 'llama',
      profile: 'model-server',
      values: llamaInstance.values,
      replicas: 2,
    };
    await expect(client.precheck(request)).resolves.toEqual(gpuRefusal);
    expect(bodies).toEqual([request]);
  });
});
