import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DefaultOcdpClustersService } from './clustersService';

const cluster = (name: string, url: string) => ({
  name,
  title: name,
  url,
  skipTLSVerify: true,
  serviceAccountToken: 'the-token',
  entityRef: `resource:default/${name}`,
});

describe('DefaultOcdpClustersService', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('probes the API server with the service account token', async () => {
    let authorization: string | null = null;
    server.use(
      http.get('http://demo.test/version', ({ request }) => {
        authorization = request.headers.get('authorization');
        return HttpResponse.json({
          major: '1',
          minor: '31',
          gitVersion: 'v1.31.0',
        });
      }),
    );
    const service = new DefaultOcdpClustersService([
      cluster('demo', 'http://demo.test'),
    ]);
    await expect(service.probe('demo')).resolves.toEqual({ reachable: true });
    expect(authorization).toBe('Bearer the-token');
  });

  it('reports an unreachable cluster without leaking the token', async () => {
    server.use(
      http.get('http://down.test/version', () => HttpResponse.error()),
    );
    const service = new DefaultOcdpClustersService([
      cluster('down', 'http://down.test'),
    ]);
    const probe = await service.probe('down');
    expect(probe.reachable).toBe(false);
    expect(probe.error).toBeTruthy();
    expect(probe.error).not.toContain('the-token');
  });

  it('gives up on a server that does not answer in time', async () => {
    server.use(
      http.get('http://slow.test/version', async () => {
        await new Promise(resolve => setTimeout(resolve, 2000));
        return HttpResponse.json({});
      }),
    );
    const service = new DefaultOcdpClustersService([
      cluster('slow', 'http://slow.test'),
    ]);
    await expect(service.probe('slow', { timeoutMs: 100 })).resolves.toEqual({
      reachable: false,
      error: 'API server did not answer in time',
    });
  });

  it('answers 404 for an unknown cluster and caches kubeconfigs', () => {
    const service = new DefaultOcdpClustersService([
      cluster('demo', 'http://demo.test'),
    ]);
    expect(() => service.get('nope')).toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );
    expect(service.kubeConfig('demo')).toBe(service.kubeConfig('demo'));
    expect(service.kubeConfig('demo').getCurrentCluster()?.server).toBe(
      'http://demo.test',
    );
  });
});
