import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import { parseChartProfiles } from '@ocdp/plugin-ocdp-common';
import yaml from 'js-yaml';
import { parseEnvironments } from '@ocdp/plugin-ocdp-common';
import { createRenderValuesAction } from './renderValues';

const chartDir = path.resolve(
  __dirname,
  '../../../../examples/charts/model-server',
);
const chartValuesYaml = readFileSync(
  path.join(chartDir, 'values.yaml'),
  'utf8',
);
const chartDefaults = yaml.load(chartValuesYaml) as Record<string, any>;
const chartSchemaJson = readFileSync(
  path.join(chartDir, 'values.schema.json'),
  'utf8',
);
const valuesSchema = JSON.parse(chartSchemaJson);

const environments = parseEnvironments({
  demo: {
    storageClass: 'fast-ssd',
    runtimeClassName: 'nvidia',
    registryPrefix: 'mirror.example.internal/hub',
    imagePullSecrets: ['mirror-pull'],
    nodeSelector: { 'ocdp.io/pool': 'gpu' },
    tolerations: [
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ],
    ingressClassName: 'nginx',
    labels: { 'ocdp.io/environment': 'demo' },
  },
});

describe('ocdp:model:render-values', () => {
  const mockDir = createMockDirectory();
  const workspacePath = mockDir.resolve('task/workspace');

  beforeEach(() => {
    mockDir.setContent({ task: { workspace: {} } });
  });

  const action = createRenderValuesAction({ environments, chartProfiles: {} });

  function run(input: JsonObject) {
    const ctx = createMockActionContext({ input, workspacePath });
    return { ctx, done: action.handler(ctx as any) };
  }

  function outputs(ctx: ReturnType<typeof createMockActionContext>) {
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [
        name,
        value,
      ]),
    );
  }

  it('renders model-server values over the chart defaults and the cluster overlay, and writes values.yaml', async () => {
    const { ctx, done } = run({
      cluster: 'demo',
      release: 'qwen-chat',
      chartDefaults,
      valuesSchema,
      parameters: {
        replicaCount: 2,
        model: { id: 'Qwen/Qwen2.5-7B-Instruct', maxModelLen: 16384 },
        gpu: { count: 2, product: 'NVIDIA-A100-SXM4-80GB' },
      },
      exposure: { type: 'nodeport', nodePort: 30080 },
    });
    await done;
    const out = outputs(ctx);

    // the user's parameters and exposure
    expect(out.values.replicaCount).toBe(2);
    expect(out.values.model).toEqual({
      ...chartDefaults.model,
      id: 'Qwen/Qwen2.5-7B-Instruct',
      maxModelLen: 16384,
    });
    expect(out.values.gpu).toEqual({
      resource: 'nvidia.com/gpu',
      count: 2,
      product: 'NVIDIA-A100-SXM4-80GB',
      memoryMiB: 0,
    });
    expect(out.values.exposure).toEqual({
      type: 'nodeport',
      nodePort: 30080,
      host: '',
      ingressClassName: 'nginx',
    });
    // the cluster overlay, where the model-server chart keeps each field
    expect(out.values.image).toEqual({
      ...chartDefaults.image,
      registry: 'mirror.example.internal/hub',
    });
    expect(out.values.cache).toEqual({
      size: '50Gi',
      storageClass: 'fast-ssd',
    });
    expect(out.values.runtimeClassName).toBe('nvidia');
    expect(out.values.imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
    expect(out.values.nodeSelector).toEqual({ 'ocdp.io/pool': 'gpu' });
    expect(out.values.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(out.values.labels).toEqual({ 'ocdp.io/environment': 'demo' });
    // chart defaults nobody overrode
    expect(out.values.resources).toEqual(chartDefaults.resources);
    expect(out.values.strategy).toEqual(chartDefaults.strategy);

    // the file is the YAML output, and the YAML is the values
    const written = readFileSync(
      path.join(workspacePath, 'values.yaml'),
      'utf8',
    );
    expect(written).toBe(out.valuesYaml);
    expect(yaml.load(written)).toEqual(out.values);
    expect(out.valuesPath).toBe('values.yaml');

    // the footprint of two pods with two GPUs each, no surge, one cache claim, one NodePort
    const fp = out.footprint;
    expect(fp.workloads).toHaveLength(1);
    expect(fp.workloads[0]).toMatchObject({
      kind: 'Deployment',
      name: 'qwen-chat',
      replicas: 2,
      surge: 0,
    });
    expect(fp.workloads[0].pod.requests).toEqual({
      cpu: '2',
      memory: '16Gi',
      'nvidia.com/gpu': '2',
    });
    expect(fp.volumeClaims).toEqual([
      expect.objectContaining({
        name: 'qwen-chat-cache',
        storage: '50Gi',
        storageClassName: 'fast-ssd',
      }),
    ]);
    expect(fp.objects).toMatchObject({
      pods: 2,
      persistentvolumeclaims: 1,
      'services.nodeports': 1,
    });
  });

  it('reads the chart defaults and schema from the workspace and writes where asked', async () => {
    mockDir.setContent({
      task: {
        workspace: {
          chart: {
            'values.yaml': chartValuesYaml,
            'values.schema.json': chartSchemaJson,
          },
        },
      },
    });
    const { ctx, done } = run({
      cluster: 'lab',
      chartDefaultsPath: 'chart/values.yaml',
      valuesSchemaPath: 'chart/values.schema.json',
      parameters: { gpu: { count: 4 } },
      outputPath: 'deploy/values.yaml',
    });
    await done;
    const out = outputs(ctx);
    // no overlay for the lab cluster
    expect(out.values.image.registry).toBe('');
    expect(out.values.gpu.count).toBe(4);
    expect(out.valuesPath).toBe(path.join('deploy', 'values.yaml'));
    expect(
      readFileSync(path.join(workspacePath, 'deploy/values.yaml'), 'utf8'),
    ).toBe(out.valuesYaml);
    expect(out.footprint.workloads[0].pod.limits['nvidia.com/gpu']).toBe('4');
  });

  it('refuses values the chart schema does not allow, naming each path', async () => {
    const { done } = run({
      cluster: 'demo',
      chartDefaults,
      valuesSchema,
      parameters: { gpu: { count: 1.5 }, modle: { id: 'typo' } },
    });
    await expect(done).rejects.toThrow(
      /^modle: is not a value of this chart; gpu\.count: must be integer$/,
    );
    await expect(done).rejects.toMatchObject({ name: 'InputError' });
  });

  it('refuses a prototype-polluting key, naming its path', async () => {
    const { done } = run({
      cluster: 'demo',
      chartDefaults,
      parameters: JSON.parse('{"model": {"__proto__": {"polluted": true}}}'),
    });
    await expect(done).rejects.toThrow(
      'model.__proto__: is not an allowed key',
    );
    await expect(done).rejects.toMatchObject({ name: 'InputError' });
    expect(({} as any).polluted).toBeUndefined();
  });

  it('refuses a prototype-polluting key in a chart defaults file', async () => {
    mockDir.setContent({
      task: {
        workspace: { 'values.yaml': '__proto__:\n  polluted: true\n' },
      },
    });
    const { done } = run({ cluster: 'demo', chartDefaultsPath: 'values.yaml' });
    await expect(done).rejects.toThrow('__proto__: is not an allowed key');
    expect(({} as any).polluted).toBeUndefined();
  });

  it.each([
    ['outputPath', '../outside.yaml'],
    ['outputPath', 'deploy/../../outside.yaml'],
    ['outputPath', '{mock}/task/outside.yaml'],
    ['chartDefaultsPath', '../secret.yaml'],
    ['valuesSchemaPath', '../schema.json'],
  ])('refuses %s %s, a path outside the workspace', async (field, given) => {
    const relative = given.replace('{mock}', mockDir.path);
    mockDir.setContent({
      task: { workspace: {}, 'secret.yaml': 'a: 1', 'schema.json': '{}' },
    });
    const { done } = run({ cluster: 'demo', [field]: relative });
    await expect(done).rejects.toThrow(
      `${field}: "${relative}" is outside the task workspace`,
    );
    await expect(done).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(mockDir.content()).toEqual({
      task: { workspace: {}, 'secret.yaml': 'a: 1', 'schema.json': '{}' },
    });
  });

  it.each([
    ['outputPath', 'link/values.yaml'],
    ['chartDefaultsPath', 'link/secret.yaml'],
  ])(
    'refuses %s %s, through a symbolic link out of the workspace',
    async (field, relative) => {
      mockDir.setContent({
        task: { workspace: {} },
        outside: { 'secret.yaml': 'a: 1' },
      });
      symlinkSync(mockDir.resolve('outside'), path.join(workspacePath, 'link'));
      const { done } = run({ cluster: 'demo', [field]: relative });
      await expect(done).rejects.toThrow(
        `${field}: "${relative}" is outside the task workspace`,
      );
      expect(mockDir.content({ path: 'outside' })).toEqual({
        'secret.yaml': 'a: 1',
      });
    },
  );

  it('refuses an exposure the chart does not take, naming the field', async () => {
    const { done } = run({
      cluster: 'demo',
      chartDefaults,
      exposure: { type: 'ingress' },
    });
    await expect(done).rejects.toThrow(
      'exposure.host: is required for ingress',
    );
  });

  it('names the known profiles for an unknown one', async () => {
    const { done } = run({ cluster: 'demo', profile: 'helm-magic' });
    await expect(done).rejects.toThrow(
      'profile: "helm-magic" is not a chart profile; known profiles: model-server, vllm-production-stack, generic',
    );
  });

  it('refuses an inline object and a file for the same input', async () => {
    const { done } = run({
      cluster: 'demo',
      chartDefaults: {},
      chartDefaultsPath: 'values.yaml',
    });
    await expect(done).rejects.toThrow(
      'chartDefaults: give chartDefaults or chartDefaultsPath, not both',
    );
  });

  it("renders with an administrator's chart profile", async () => {
    const custom = createRenderValuesAction({
      environments,
      chartProfiles: parseChartProfiles({
        'team-chart': {
          replicasPath: 'deployment.replicas',
          resourcesPath: 'deployment.resources',
          runtimeClassNamePath: 'deployment.runtimeClass',
        },
      }),
    });
    const ctx = createMockActionContext({
      input: {
        cluster: 'demo',
        profile: 'team-chart',
        parameters: {
          deployment: {
            replicas: 3,
            resources: { requests: { cpu: '1', 'nvidia.com/gpu': 1 } },
          },
        },
      },
      workspacePath,
    });
    await custom.handler(ctx as any);
    const out = outputs(ctx);
    expect(out.values).toEqual({
      deployment: {
        replicas: 3,
        runtimeClass: 'nvidia',
        resources: { requests: { cpu: '1', 'nvidia.com/gpu': 1 } },
      },
    });
    expect(out.footprint.objects.pods).toBe(3);
    expect(out.footprint.workloads[0].pod.requests['nvidia.com/gpu']).toBe('1');
  });

  it('supports dry runs (it only writes into the workspace)', () => {
    expect(action.supportsDryRun).toBe(true);
  });
});
