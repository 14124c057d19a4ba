import { makeInformer } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from './sim';
import { clientsFor, mergePatch } from './__testutils__/clients';

type Ev = { type: string; name?: string; rv?: string; obj: any };

/** Starts a watch and collects events until `until` says stop (or timeout). */
function collect(
  c: ReturnType<typeof clientsFor>,
  path: string,
  params: Record<string, any>,
  until: (evs: Ev[]) => boolean,
  timeoutMs = 3000,
): Promise<Ev[]> {
  return new Promise((resolve, reject) => {
    const events: Ev[] = [];
    let ctrl: AbortController | undefined;
    const timer = setTimeout(() => {
      ctrl?.abort();
      reject(
        new Error(
          `timeout; got ${JSON.stringify(
            events.map(e => `${e.type}:${e.name}`),
          )}`,
        ),
      );
    }, timeoutMs);
    c.watch
      .watch(
        path,
        params,
        (type, obj) => {
          events.push({
            type,
            obj,
            name: obj?.metadata?.name,
            rv: obj?.metadata?.resourceVersion,
          });
          if (until(events)) {
            clearTimeout(timer);
            ctrl?.abort();
            resolve(events);
          }
        },
        () => {},
      )
      .then(a => {
        ctrl = a;
      }, reject);
  });
}

describe('watch', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startKubeSim({ eventWindow: 50, bookmarkIntervalMs: 50 });
    c = clientsFor(sim);
    await c.core.createNamespace({ body: { metadata: { name: 'w' } } });
  });
  afterAll(() => sim.close());

  it('streams ADDED/MODIFIED/DELETED after a resourceVersion and resumes from the middle', async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: 'w' });
    const start = list.metadata!.resourceVersion!;
    await c.core.createNamespacedConfigMap({
      namespace: 'w',
      body: { metadata: { name: 'a' }, data: { v: '1' } },
    });
    const modified = await c.core.patchNamespacedConfigMap(
      { name: 'a', namespace: 'w', body: { data: { v: '2' } } },
      mergePatch,
    );
    await c.core.deleteNamespacedConfigMap({ name: 'a', namespace: 'w' });

    const all = await collect(
      c,
      '/api/v1/namespaces/w/configmaps',
      { resourceVersion: start },
      evs => evs.length >= 3,
    );
    expect(all.map(e => `${e.type}:${e.name}`)).toEqual([
      'ADDED:a',
      'MODIFIED:a',
      'DELETED:a',
    ]);
    expect(all[1].obj.data).toEqual({ v: '2' });
    const rvs = all.map(e => Number(e.rv));
    expect(rvs).toEqual([...rvs].sort((x, y) => x - y));

    const resumed = await collect(
      c,
      '/api/v1/namespaces/w/configmaps',
      { resourceVersion: modified.metadata!.resourceVersion },
      evs => evs.length >= 1,
    );
    expect(resumed.map(e => `${e.type}:${e.name}`)).toEqual(['DELETED:a']);
  });

  it('delivers live events and sends BOOKMARKs when asked', async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: 'w' });
    const pending = collect(
      c,
      '/api/v1/namespaces/w/configmaps',
      {
        resourceVersion: list.metadata!.resourceVersion,
        allowWatchBookmarks: true,
      },
      evs =>
        evs.some(e => e.type === 'ADDED') &&
        evs.some(e => e.type === 'BOOKMARK'),
    );
    await new Promise(r => setTimeout(r, 20));
    await c.core.createNamespacedConfigMap({
      namespace: 'w',
      body: { metadata: { name: 'live' } },
    });
    const evs = await pending;
    const bookmark = evs.find(e => e.type === 'BOOKMARK')!;
    expect(bookmark.obj.kind).toBe('ConfigMap');
    expect(Number(bookmark.rv)).toBeGreaterThanOrEqual(
      Number(list.metadata!.resourceVersion),
    );
  });

  it('sends DELETED when an object stops matching a label-selected watch', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'w',
      body: { metadata: { name: 'sel', labels: { team: 'a' } } },
    });
    const list = await c.core.listNamespacedConfigMap({
      namespace: 'w',
      labelSelector: 'team=a',
    });
    const pending = collect(
      c,
      '/api/v1/namespaces/w/configmaps',
      {
        resourceVersion: list.metadata!.resourceVersion,
        labelSelector: 'team=a',
      },
      evs => evs.length >= 1,
    );
    await new Promise(r => setTimeout(r, 20));
    await c.core.patchNamespacedConfigMap(
      {
        name: 'sel',
        namespace: 'w',
        body: { metadata: { labels: { team: 'b' } } },
      },
      mergePatch,
    );
    const evs = await pending;
    expect(evs.map(e => `${e.type}:${e.name}`)).toEqual(['DELETED:sel']);
  });

  it('answers an expired resourceVersion with an ERROR event carrying a 410 Status', async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: 'w' });
    const old = list.metadata!.resourceVersion!;
    for (let i = 0; i < 60; i++) {
      await c.core.createNamespacedConfigMap({
        namespace: 'w',
        body: { metadata: { name: `churn-${i}` } },
      });
    }
    const evs = await collect(
      c,
      '/api/v1/namespaces/w/configmaps',
      { resourceVersion: old },
      e => e.length >= 1,
    );
    expect(evs[0].type).toBe('ERROR');
    expect(evs[0].obj).toMatchObject({
      kind: 'Status',
      code: 410,
      reason: 'Expired',
    });
    expect(evs[0].obj.message).toMatch(
      /^too old resource version: \d+ \(\d+\)$/,
    );
  });

  it('lists then watches with the informer', async () => {
    const informer = makeInformer(c.kc, '/api/v1/namespaces/w/configmaps', () =>
      c.core.listNamespacedConfigMap({ namespace: 'w' }),
    );
    const added: string[] = [];
    informer.on('add', (o: any) => added.push(o.metadata.name));
    await informer.start();
    await c.core.createNamespacedConfigMap({
      namespace: 'w',
      body: { metadata: { name: 'via-informer' } },
    });
    for (let i = 0; i < 50 && !added.includes('via-informer'); i++)
      await new Promise(r => setTimeout(r, 20));
    await informer.stop();
    expect(added).toContain('live');
    expect(added).toContain('via-informer');
  });
});
