import { startKubeSim, KubeSim } from './sim';
import { humanDuration, jsonPathValue, tableRequested } from './tables';
import { clientsFor, cpuNode, gpuNode } from './__testutils__/clients';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const KUBECTL =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('server-side printing (Table)', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startKubeSim({
      port: 0,
      scenario: {
        objects: [
          cpuNode('cpu-1'),
          {
            ...cpuNode('cp-1'),
            metadata: {
              name: 'cp-1',
              labels: { 'node-role.kubernetes.io/control-plane': '' },
            },
            spec: { unschedulable: true },
          },
          gpuNode('gpu-1', 'NVIDIA-L4', 2, 23034),
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 't' } },
          {
            apiVersion: 'v1',
            kind: 'ResourceQuota',
            metadata: { name: 'q', namespace: 't' },
            spec: {
              hard: {
                'requests.cpu': '4',
                'limits.cpu': '8',
                pods: '10',
                'requests.nvidia.com/gpu': '2',
              },
            },
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'web', namespace: 't' },
            spec: {
              replicas: 2,
              selector: { matchLabels: { app: 'web', tier: 'fe' } },
              template: {
                metadata: { labels: { app: 'web', tier: 'fe' } },
                spec: {
                  containers: [
                    {
                      name: 'web',
                      image: 'nginx:1.27',
                      resources: {
                        requests: { cpu: '100m' },
                        limits: { cpu: '200m' },
                      },
                    },
                    {
                      name: 'side',
                      image: 'envoy:1',
                      resources: {
                        requests: { cpu: '100m' },
                        limits: { cpu: '200m' },
                      },
                    },
                  ],
                },
              },
            },
          },
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'web', namespace: 't' },
            spec: {
              type: 'NodePort',
              clusterIP: '10.96.0.50',
              selector: { tier: 'fe', app: 'web' },
              ports: [
                { port: 80, nodePort: 30080, protocol: 'TCP' },
                { port: 53, protocol: 'UDP' },
              ],
            },
          },
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'cfg', namespace: 't' },
          },
        ],
      },
    });
    c = clientsFor(sim);
    await sim.settle();
  });
  afterAll(() => sim.close());

  const table = async (path: string, accept = TABLE) => {
    const res = await fetch(`${sim.url}${path}`, { headers: { accept } });
    expect(res.status).toBe(200);
    return res.json();
  };
  const columns = (t: any) => t.columnDefinitions.map((d: any) => d.name);

  it('recognises the media types kubectl sends', () => {
    expect(tableRequested(KUBECTL)).toEqual({ version: 'v1' });
    expect(
      tableRequested('application/json;as=Table;v=v1beta1;g=meta.k8s.io'),
    ).toEqual({ version: 'v1beta1' });
    expect(tableRequested('application/json')).toBeUndefined();
    expect(
      tableRequested(
        'application/json, application/json;as=Table;v=v1;g=meta.k8s.io',
      ),
    ).toBeUndefined();
  });

  it('prints pods like the real server', async () => {
    const t = await table('/api/v1/namespaces/t/pods', KUBECTL);
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(columns(t)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    expect(t.columnDefinitions[0]).toMatchObject({
      type: 'string',
      format: 'name',
      priority: 0,
    });
    expect(t.columnDefinitions[5].priority).toBe(1);
    expect(t.rows).toHaveLength(2);
    const [name, ready, status, restarts, age, ip, node, nominated, gates] =
      t.rows[0].cells;
    expect(name).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}$/);
    expect([ready, status, restarts, nominated, gates]).toEqual([
      '2/2',
      'Running',
      0,
      '<none>',
      '<none>',
    ]);
    expect(age).toMatch(/^\d+s$/);
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(node).toBe('cpu-1');
    expect(t.rows[0].object).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name, namespace: 't' },
    });
    expect(t.rows[0].object.spec).toBeUndefined();
  });

  it('prints nodes, deployments, replicasets, services, namespaces and quotas', async () => {
    const nodes = await table('/api/v1/nodes');
    expect(columns(nodes)).toEqual([
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
      'Internal-IP',
      'External-IP',
      'OS-Image',
      'Kernel-Version',
      'Container-Runtime',
    ]);
    const cp = nodes.rows.find((r: any) => r.cells[0] === 'cp-1').cells;
    expect(cp.slice(1, 3)).toEqual([
      'Ready,SchedulingDisabled',
      'control-plane',
    ]);
    expect(nodes.rows.find((r: any) => r.cells[0] === 'gpu-1').cells[2]).toBe(
      '<none>',
    );

    const deploy = await table('/apis/apps/v1/namespaces/t/deployments');
    expect(columns(deploy)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    const d = deploy.rows[0].cells;
    expect([d[0], d[1], d[2], d[3], d[5], d[6], d[7]]).toEqual([
      'web',
      '2/2',
      2,
      2,
      'web,side',
      'nginx:1.27,envoy:1',
      'app=web,tier=fe',
    ]);

    const rs = await table('/apis/apps/v1/namespaces/t/replicasets');
    expect(columns(rs)).toEqual([
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(rs.rows[0].cells.slice(1, 4)).toEqual([2, 2, 2]);

    const svc = await table('/api/v1/namespaces/t/services/web');
    expect(columns(svc)).toEqual([
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
      'Selector',
    ]);
    expect(svc.rows).toHaveLength(1);
    const s = svc.rows[0].cells;
    expect([s[0], s[1], s[2], s[3], s[6]]).toEqual([
      'web',
      'NodePort',
      '10.96.0.50',
      '<none>',
      'app=web,tier=fe',
    ]);
    // every port of a NodePort service gets a node port
    expect(s[4]).toMatch(/^80:30080\/TCP,53:3\d{4}\/UDP$/);

    const ns = await table('/api/v1/namespaces/t');
    expect(columns(ns)).toEqual(['Name', 'Status', 'Age']);
    expect(ns.rows[0].cells.slice(0, 2)).toEqual(['t', 'Active']);

    const quota = await table('/api/v1/namespaces/t/resourcequotas');
    expect(columns(quota)).toEqual(['Name', 'Age', 'Request', 'Limit']);
    expect(quota.rows[0].cells[2]).toBe(
      'pods: 2/10, requests.cpu: 400m/4, requests.nvidia.com/gpu: 0/2',
    );
    expect(quota.rows[0].cells[3]).toBe('limits.cpu: 800m/8');
  });

  it('prints jobs, events, PVCs, and the default table for other kinds', async () => {
    await c.batch.createNamespacedJob({
      namespace: 't',
      body: {
        metadata: { name: 'once' },
        spec: {
          completions: 3,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'j',
                  image: 'busybox',
                  resources: { limits: { cpu: '100m' } },
                },
              ],
            },
          },
        },
      },
    });
    await c.core.createNamespacedPersistentVolumeClaim({
      namespace: 't',
      body: {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'fast',
          resources: { requests: { storage: '5Gi' } },
        },
      },
    });
    await sim.settle();
    const jobs = await table('/apis/batch/v1/namespaces/t/jobs');
    expect(columns(jobs)).toEqual([
      'Name',
      'Status',
      'Completions',
      'Duration',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(jobs.rows[0].cells.slice(0, 3)).toEqual(['once', 'Running', '0/3']);
    expect(jobs.rows[0].cells[3]).toMatch(/^\d+s$/);

    const events = await table('/api/v1/namespaces/t/events');
    expect(columns(events)).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Subobject',
      'Source',
      'Message',
      'First Seen',
      'Count',
      'Name',
    ]);
    const created = events.rows.find((r: any) => r.cells[3] === 'job/once');
    expect(created.cells[2]).toBe('SuccessfulCreate');
    expect(created.cells[1]).toBe('Normal');
    expect(created.cells[8]).toBeGreaterThanOrEqual(1);

    const pvc = await table('/api/v1/namespaces/t/persistentvolumeclaims');
    expect(columns(pvc)).toEqual([
      'Name',
      'Status',
      'Volume',
      'Capacity',
      'Access Modes',
      'StorageClass',
      'VolumeAttributesClass',
      'Age',
      'VolumeMode',
    ]);
    const p = pvc.rows[0].cells;
    expect([p[0], p[1], p[3], p[4], p[5], p[6]]).toEqual([
      'data',
      'Bound',
      '5Gi',
      'RWO',
      'fast',
      '<unset>',
    ]);

    const cms = await table('/api/v1/namespaces/t/configmaps');
    expect(cms.columnDefinitions).toEqual([
      expect.objectContaining({ name: 'Name', format: 'name' }),
      expect.objectContaining({ name: 'Created At', type: 'date' }),
    ]);
    const cfg = cms.rows.find((r: any) => r.cells[0] === 'cfg');
    expect(cfg.cells[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const hr = await table(
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/view',
    );
    expect(hr.rows[0].cells[0]).toBe('view');
  });

  it('pages with limit/continue, honours includeObject and v1beta1', async () => {
    const first = await table('/api/v1/nodes?limit=2');
    expect(first.rows.map((r: any) => r.cells[0])).toEqual(['cp-1', 'cpu-1']);
    expect(first.metadata.continue).toBeTruthy();
    expect(first.metadata.remainingItemCount).toBe(1);
    const next = await table(
      `/api/v1/nodes?limit=2&continue=${encodeURIComponent(
        first.metadata.continue,
      )}`,
    );
    expect(next.rows.map((r: any) => r.cells[0])).toEqual(['gpu-1']);
    expect(next.metadata.continue).toBeUndefined();

    const none = await table('/api/v1/nodes?includeObject=None');
    expect(none.rows[0].object).toBeUndefined();
    const full = await table('/api/v1/nodes?includeObject=Object');
    expect(full.rows[0].object).toMatchObject({
      kind: 'Node',
      apiVersion: 'v1',
      status: { capacity: { cpu: '8' } },
    });
    const beta = await table(
      '/api/v1/namespaces?labelSelector=kubernetes.io%2Fmetadata.name%3Dt',
      'application/json;as=Table;v=v1beta1;g=meta.k8s.io',
    );
    expect(beta.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(beta.rows).toHaveLength(1);
    expect(beta.rows[0].object.apiVersion).toBe('meta.k8s.io/v1beta1');

    // plain JSON is unchanged
    const json = await (
      await fetch(`${sim.url}/api/v1/nodes`, {
        headers: { accept: 'application/json' },
      })
    ).json();
    expect(json.kind).toBe('NodeList');
  });

  it('streams watch events as one-row Tables, headers in the first only', async () => {
    const ac = new AbortController();
    const res = await fetch(`${sim.url}/api/v1/namespaces/t/pods?watch=true`, {
      headers: { accept: KUBECTL },
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    let text = '';
    while (text.split('\n').filter(Boolean).length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    ac.abort();
    const [first, second] = text
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l));
    expect(first.type).toBe('ADDED');
    expect(first.object.kind).toBe('Table');
    expect(columns(first.object)[0]).toBe('Name');
    expect(first.object.rows).toHaveLength(1);
    expect(second.object.columnDefinitions).toBeNull();
    expect(second.object.rows[0].cells[2]).toBe('Running');
    const core = await (await fetch(`${sim.url}/api/v1`)).json();
    expect(core.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining(['pods/log', 'serviceaccounts/token']),
    );
  });

  it("prints custom resources with their CRD printer columns (Flux kinds with Flux's)", async () => {
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
            additionalPrinterColumns: [
              { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
              { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
              {
                name: 'Age',
                type: 'date',
                jsonPath: '.metadata.creationTimestamp',
              },
            ],
          },
        ],
      },
    } as any);
    await c.custom.createNamespacedCustomObject({
      group: 'example.com',
      version: 'v1',
      namespace: 't',
      plural: 'widgets',
      body: {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec: { size: 3 },
      },
    });
    const widgets = await table('/apis/example.com/v1/namespaces/t/widgets');
    expect(columns(widgets)).toEqual(['Name', 'Size', 'Phase', 'Age']);
    expect(widgets.columnDefinitions[1].type).toBe('integer');
    const [name, size, phase, age] = widgets.rows[0].cells;
    expect([name, size, phase]).toEqual(['w', 3, null]);
    expect(age).toMatch(/^\d+s$/);

    await c.custom.createNamespacedCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      namespace: 't',
      plural: 'helmreleases',
      body: {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'hr' },
        spec: { interval: '5m', chart: { spec: { chart: 'nope' } } },
      },
    });
    const hr = await table(
      '/apis/helm.toolkit.fluxcd.io/v2/namespaces/t/helmreleases/hr',
    );
    expect(columns(hr)).toEqual(['Name', 'Age', 'Ready', 'Status']);
    expect(hr.rows[0].cells[0]).toBe('hr');
    expect(hr.rows[0].cells[1]).toMatch(/^\d+s$/);
  });

  it('evaluates the JSONPath subset of printer columns', () => {
    const obj = {
      spec: { a: [{ b: 1 }], 'x.y': 'dotted' },
      status: {
        conditions: [
          { type: 'Other', status: 'False' },
          { type: 'Ready', status: 'True', message: 'ok' },
        ],
      },
    };
    expect(jsonPathValue(obj, '.spec.a[0].b')).toBe(1);
    expect(jsonPathValue(obj, ".spec['x.y']")).toBe('dotted');
    expect(
      jsonPathValue(obj, '.status.conditions[?(@.type=="Ready")].message'),
    ).toBe('ok');
    expect(jsonPathValue(obj, '{.status.missing}')).toBeUndefined();
  });

  it('formats ages like HumanDuration', () => {
    const s = 1000;
    const m = 60 * s;
    const h = 60 * m;
    const d = 24 * h;
    expect(humanDuration(-3 * s)).toBe('<invalid>');
    expect(humanDuration(-500)).toBe('0s');
    expect(humanDuration(119 * s)).toBe('119s');
    expect(humanDuration(2 * m)).toBe('2m');
    expect(humanDuration(5 * m + 7 * s)).toBe('5m7s');
    expect(humanDuration(42 * m)).toBe('42m');
    expect(humanDuration(3 * h + 5 * m)).toBe('3h5m');
    expect(humanDuration(9 * h)).toBe('9h');
    expect(humanDuration(3 * d + 4 * h)).toBe('3d4h');
    expect(humanDuration(30 * d)).toBe('30d');
    expect(humanDuration(800 * d)).toBe('2y70d');
  });
});
