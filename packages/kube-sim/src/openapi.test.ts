import { startKubeSim, KubeSim } from './sim';
import { clientsFor } from './__testutils__/clients';

function refsOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach(x => refsOf(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.add(x);
      else refsOf(x, out);
    }
  }
  return out;
}

describe('OpenAPI v2 and v3', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    sim = await startKubeSim({ port: 0 });
    c = clientsFor(sim);
  });
  afterAll(() => sim.close());

  const getJson = async (path: string) => {
    const res = await fetch(`${sim.url}${path}`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  it('serves Swagger 2.0 with the upstream definitions and the served paths', async () => {
    const v2 = await getJson('/openapi/v2');
    expect(v2.swagger).toBe('2.0');
    expect(v2.info.version).toContain('kube-sim');
    const pod = v2.definitions['io.k8s.api.core.v1.Pod'];
    expect(pod['x-kubernetes-group-version-kind']).toEqual([
      { group: '', kind: 'Pod', version: 'v1' },
    ]);
    expect(
      v2.definitions['io.k8s.api.core.v1.PodSpec'].properties.containers,
    ).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    const item =
      v2.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    expect(item.patch.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining([
        'body',
        'dryRun',
        'fieldManager',
        'fieldValidation',
        'force',
      ]),
    );
    expect(item.get.responses['200'].schema.$ref).toBe(
      '#/definitions/io.k8s.api.apps.v1.Deployment',
    );
    expect(v2.paths['/api/v1/pods'].get['x-kubernetes-action']).toBe('list');
    expect(v2.paths['/api/v1/nodes/{name}/status']).toBeDefined();
  });

  it('serves an OpenAPI v3 document per group/version with resolvable schemas', async () => {
    const root = await getJson('/openapi/v3');
    expect(Object.keys(root.paths)).toEqual(
      expect.arrayContaining([
        'api/v1',
        'apis/apps/v1',
        'apis/batch/v1',
        'apis/rbac.authorization.k8s.io/v1',
        'apis/helm.toolkit.fluxcd.io/v2',
      ]),
    );
    const url = root.paths['apis/apps/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const apps = await getJson(url);
    expect(apps.openapi).toBe('3.0.0');
    const schemas = apps.components.schemas;
    expect(
      schemas['io.k8s.api.apps.v1.Deployment'][
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    for (const r of refsOf(apps)) {
      expect(r).toMatch(/^#\/components\/schemas\//);
      expect(schemas[r.slice('#/components/schemas/'.length)]).toBeDefined();
    }
    // IntOrString in the v3 form
    expect(
      schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'],
    ).toMatchObject({
      'x-kubernetes-int-or-string': true,
    });
    // kubectl's field validation check: the PATCH operation of the kind has fieldValidation
    const patch =
      apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']
        .patch;
    expect(patch['x-kubernetes-group-version-kind']).toMatchObject({
      kind: 'Deployment',
    });
    expect(patch.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'fieldValidation', in: 'query' }),
      ]),
    );
    expect(Object.keys(patch.requestBody.content)).toContain(
      'application/apply-patch+yaml',
    );
  });

  it('describes custom resources with their CRD schema, others permissively', async () => {
    const flux = await getJson('/openapi/v3/apis/helm.toolkit.fluxcd.io/v2');
    const hr = flux.components.schemas['io.fluxcd.toolkit.helm.v2.HelmRelease'];
    expect(hr['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(hr.properties.metadata.$ref).toBe(
      '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    );

    await c.objects.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    description: 'The widget spec.',
                    properties: { size: { type: 'integer' } },
                  },
                },
              },
            },
          },
        ],
      },
    } as any);
    const root = await getJson('/openapi/v3');
    const doc = await getJson(
      root.paths['apis/example.com/v1'].serverRelativeURL,
    );
    const widget = doc.components.schemas['com.example.v1.Widget'];
    expect(widget.properties.spec).toMatchObject({
      description: 'The widget spec.',
      properties: { size: { type: 'integer' } },
    });
    expect(widget['x-kubernetes-group-version-kind']).toEqual([
      { group: 'example.com', kind: 'Widget', version: 'v1' },
    ]);
  });

  it('refuses protobuf-only requests with 406 and unknown documents with 404', async () => {
    const pb = await fetch(`${sim.url}/openapi/v2`, {
      headers: {
        accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
      },
    });
    expect(pb.status).toBe(406);
    const missing = await fetch(`${sim.url}/openapi/v3/apis/nope/v1`);
    expect(missing.status).toBe(404);
  });
});
