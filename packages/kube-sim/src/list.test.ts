import { startKubeSim, KubeSim } from './sim';
import { clientsFor, expectApiError } from './__testutils__/clients';

describe('list: selectors and pagination', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
    await c.core.createNamespace({ body: { metadata: { name: 'sel' } } });
    await c.core.createNamespace({ body: { metadata: { name: 'other' } } });
    const tiers = ['web', 'api', 'db'];
    for (let i = 0; i < 12; i++) {
      const labels: Record<string, string> = {
        tier: tiers[i % 3],
        idx: String(i),
      };
      if (i % 4 === 0) labels.canary = 'true';
      await c.core.createNamespacedConfigMap({
        namespace: 'sel',
        body: {
          metadata: { name: `cm-${String(i).padStart(2, '0')}`, labels },
        },
      });
    }
    await c.core.createNamespacedConfigMap({
      namespace: 'other',
      body: { metadata: { name: 'cm-x', labels: { tier: 'web' } } },
    });
  });
  afterAll(() => sim.close());

  const names = (l: { items: Array<{ metadata?: { name?: string } }> }) =>
    l.items.map(i => i.metadata!.name!);

  it('filters by equality and set-based label selectors', async () => {
    expect(
      names(
        await c.core.listNamespacedConfigMap({
          namespace: 'sel',
          labelSelector: 'tier=web',
        }),
      ),
    ).toEqual(['cm-00', 'cm-03', 'cm-06', 'cm-09']);
    expect(
      names(
        await c.core.listNamespacedConfigMap({
          namespace: 'sel',
          labelSelector: 'tier in (api,db),canary',
        }),
      ),
    ).toEqual(['cm-04', 'cm-08']);
    expect(
      names(
        await c.core.listNamespacedConfigMap({
          namespace: 'sel',
          labelSelector: 'tier notin (web,api),!canary',
        }),
      ),
    ).toEqual(['cm-02', 'cm-05', 'cm-11']);
    expect(
      names(
        await c.core.listNamespacedConfigMap({
          namespace: 'sel',
          labelSelector: 'tier!=web,idx=1',
        }),
      ),
    ).toEqual(['cm-01']);
    expect(
      names(
        await c.core.listConfigMapForAllNamespaces({
          labelSelector: 'tier=web',
        }),
      ),
    ).toContain('cm-x');
  });

  it('filters by field selectors and rejects unsupported fields', async () => {
    expect(
      names(
        await c.core.listNamespacedConfigMap({
          namespace: 'sel',
          fieldSelector: 'metadata.name=cm-07',
        }),
      ),
    ).toEqual(['cm-07']);
    expect(
      names(
        await c.core.listConfigMapForAllNamespaces({
          fieldSelector: 'metadata.namespace=other',
        }),
      ),
    ).toEqual(['cm-x']);
    expect(
      names(
        await c.core.listConfigMapForAllNamespaces({
          fieldSelector:
            'metadata.namespace!=sel,metadata.name!=kube-root-ca.crt',
        }),
      ),
    ).toEqual(['cm-x']);
    const err = await expectApiError(() =>
      c.core.listNamespacedConfigMap({
        namespace: 'sel',
        fieldSelector: 'data.foo=bar',
      }),
    );
    expect(err.code).toBe(400);
    expect(err.status.message).toBe('field label not supported: data.foo');
  });

  it('pages with limit/continue and keeps the first page resourceVersion', async () => {
    const seen: string[] = [];
    const remaining: Array<[number | undefined, number]> = [];
    let token: string | undefined;
    let pages = 0;
    let rv: string | undefined;
    do {
      const page = await c.core.listNamespacedConfigMap({
        namespace: 'sel',
        limit: 5,
        _continue: token,
      });
      pages++;
      seen.push(...names(page));
      rv = rv ?? page.metadata?.resourceVersion;
      expect(page.metadata?.resourceVersion).toBe(rv);
      token = page.metadata?._continue || undefined;
      if (token)
        remaining.push([page.metadata?.remainingItemCount, 12 - seen.length]);
    } while (token);
    expect(remaining.map(r => r[0])).toEqual(remaining.map(r => r[1]));
    expect(remaining).toHaveLength(2);
    expect(pages).toBe(3);
    expect(seen).toEqual(
      Array.from({ length: 12 }, (_, i) => `cm-${String(i).padStart(2, '0')}`),
    );
  });

  it('pages with a label selector', async () => {
    const first = await c.core.listNamespacedConfigMap({
      namespace: 'sel',
      labelSelector: 'tier=db',
      limit: 2,
    });
    expect(names(first)).toEqual(['cm-02', 'cm-05']);
    const second = await c.core.listNamespacedConfigMap({
      namespace: 'sel',
      labelSelector: 'tier=db',
      limit: 2,
      _continue: first.metadata?._continue,
    });
    expect(names(second)).toEqual(['cm-08', 'cm-11']);
  });

  it('rejects a malformed continue token', async () => {
    const err = await expectApiError(() =>
      c.core.listNamespacedConfigMap({
        namespace: 'sel',
        limit: 2,
        _continue: 'garbage!',
      }),
    );
    expect(err.code).toBe(400);
  });
});
