import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import {
  BackendFeature,
  coreServices,
  createBackendModule,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import {
  OcdpInstance,
  OcdpPrecheckReport,
  OcdpPrecheckRequest,
  validateValues,
} from '@ocdp/plugin-ocdp-common';
import {
  OcdpClustersService,
  ocdpClustersServiceRef,
} from '@ocdp/plugin-ocdp-node';
import yaml from 'js-yaml';
import { scaffolderModuleOcdp } from './module';

/**
 * templates/deploy-vllm-model, run through the scaffolder of a real backend with this module: as a
 * dry run (nothing deployed) and as a task (deployed through a stand-in `ocdp` plugin that answers
 * the pre-flight check and POST /instances as the OCDP backend does, recording who asked).
 */

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '../../..');
const loadTemplate = (name: string) =>
  yaml.load(
    readFileSync(path.join(root, `templates/${name}/template.yaml`), 'utf8'),
  ) as any;
const template = loadTemplate('deploy-vllm-model');
const gitopsTemplate = loadTemplate('deploy-vllm-model-gitops');
const chartValues = yaml.load(
  readFileSync(
    path.join(root, 'examples/charts/model-server/values.yaml'),
    'utf8',
  ),
) as any;
const chartSchema = JSON.parse(
  readFileSync(
    path.join(root, 'examples/charts/model-server/values.schema.json'),
    'utf8',
  ),
);

const clusters: OcdpClustersService = {
  list: () => [
    {
      name: 'demo',
      title: 'Demo GPU cluster',
      url: 'http://demo.test',
      skipTLSVerify: true,
      entityRef: 'resource:default/demo',
    },
  ],
  get: () => clusters.list()[0],
  kubeConfig: () => {
    throw new Error('not used');
  },
  api: () => {
    throw new Error('not used');
  },
  probe: async () => ({ reachable: true }),
};

interface Seen {
  path: string;
  user?: string;
  body: any;
}

interface Answers {
  precheck: (body: OcdpPrecheckRequest) => OcdpPrecheckReport;
  /** POST /instances: status and body. */
  deploy?: (body: any) => [number, unknown];
}

function fakeOcdpPlugin(seen: Seen[], answers: Answers) {
  return createBackendPlugin({
    pluginId: 'ocdp',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          httpRouter.use(async (req, res, next) => {
            if (
              req.method !== 'POST' ||
              !['/precheck', '/instances'].includes(req.path)
            ) {
              next();
              return;
            }
            try {
              const credentials = await httpAuth.credentials(req, {
                allow: ['user'],
              });
              const chunks: Buffer[] = [];
              for await (const chunk of req) {
                chunks.push(chunk as Buffer);
              }
              const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              seen.push({
                path: req.path,
                user: credentials.principal.userEntityRef,
                body,
              });
              if (req.path === '/precheck') {
                res.json(answers.precheck(body));
                return;
              }
              const [status, answer] = answers.deploy!(body);
              res.status(status).json(answer);
            } catch (error) {
              next(error);
            }
          });
        },
      });
    },
  });
}

function reportFor(
  body: { tenant: string; cluster: string },
  ok: boolean,
  reasons: string[] = [],
): OcdpPrecheckReport {
  return {
    ok,
    operation: 'install',
    tenant: body.tenant,
    cluster: body.cluster,
    namespace: `ocdp-${body.tenant}`,
    checks: [],
    capacity: { ok, pods: 1, reasons },
    reasons,
    warnings: [],
  };
}

function instanceFor(body: any): OcdpInstance {
  const kubernetesId = `${body.name}.${body.tenant}.${body.cluster}`;
  return {
    id: 'b1c0ffee-0000-4000-8000-000000000001',
    name: body.name,
    tenant: body.tenant,
    cluster: body.cluster,
    namespace: `ocdp-${body.tenant}`,
    owner: 'user:default/mock',
    chart: body.chart,
    profile: 'model-server',
    values: body.values,
    status: 'deploying',
    entityRef: `component:default/${kubernetesId}`,
    kubernetesId,
    createdAt: '2026-11-30T06:00:00.000Z',
    updatedAt: '2026-11-30T06:00:00.000Z',
    version: 1,
  };
}

async function withBackend<T>(
  answers: Answers,
  run: (base: string, seen: Seen[]) => Promise<T>,
  extra: { template?: any; features?: BackendFeature[] } = {},
): Promise<T> {
  const seen: Seen[] = [];
  const registered = extra.template ?? template;
  const backend = await startTestBackend({
    features: [
      ...(extra.features ?? []),
      scaffolderPlugin,
      scaffolderModuleOcdp,
      fakeOcdpPlugin(seen, answers),
      createServiceFactory({
        service: ocdpClustersServiceRef,
        deps: {},
        factory: () => clusters,
      }),
      catalogServiceMock.factory({
        entities: [
          {
            ...registered,
            metadata: { ...registered.metadata, namespace: 'default' },
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          ocdp: {
            environments: { demo: { runtimeClassName: 'nvidia' } },
            charts: {
              'model-server': {
                directory: path.join(root, 'examples/charts/model-server'),
                source: {
                  kind: 'HelmRepository',
                  name: 'ocdp-charts',
                  namespace: 'flux-system',
                },
              },
            },
          },
        },
      }),
    ],
  });
  try {
    return await run(
      `http://localhost:${backend.server.port()}/api/scaffolder`,
      seen,
    );
  } finally {
    await backend.stop();
  }
}

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: mockCredentials.user.header(),
    },
    body: JSON.stringify(body),
  });

const get = (url: string) =>
  fetch(url, { headers: { Authorization: mockCredentials.user.header() } });

async function dryRun(
  answers: Answers,
  values: Record<string, unknown>,
  extra: { template?: any; features?: BackendFeature[] } = {},
) {
  return withBackend(
    answers,
    async (base, seen) => {
      const response = await post(`${base}/v2/dry-run`, {
        template: extra.template ?? template,
        values,
        directoryContents: [],
      });
      return { status: response.status, result: await response.json(), seen };
    },
    extra,
  );
}

/** Runs the template as a task and waits for it to end. */
async function runTask(
  answers: Answers,
  values: Record<string, unknown>,
  extra: { template?: any; features?: BackendFeature[] } = {},
) {
  return withBackend(
    answers,
    async (base, seen) => {
      const created = await post(`${base}/v2/tasks`, {
        templateRef: `template:default/${
          (extra.template ?? template).metadata.name
        }`,
        values,
      });
      if (created.status !== 201) {
        return { created: created.status, body: await created.json(), seen };
      }
      const { id } = await created.json();
      const until = Date.now() + 45_000;
      for (;;) {
        const task = await (await get(`${base}/v2/tasks/${id}`)).json();
        if (['completed', 'failed', 'cancelled'].includes(task.status)) {
          const events = await (
            await get(`${base}/v2/tasks/${id}/events`)
          ).json();
          return { created: 201, task, events, seen };
        }
        if (Date.now() > until) throw new Error(`task still ${task.status}`);
        await new Promise(r => setTimeout(r, 200));
      }
    },
    extra,
  );
}

describe('templates/deploy-vllm-model', () => {
  const values = {
    release: 'qwen-chat',
    model: 'Qwen/Qwen2.5-7B-Instruct',
    servedName: 'qwen',
    maxModelLen: 16384,
    placement: { tenant: 'team-a', cluster: 'demo' },
    gpu: {
      resource: 'nvidia.com/gpu',
      product: 'NVIDIA-A100-SXM4-80GB',
      count: 2,
    },
    replicas: 1,
    cacheSize: '80Gi',
    exposure: 'nodeport',
    nodePort: 30080,
  };
  const fits: Answers = {
    precheck: body => reportFor(body, true),
    deploy: body => [201, instanceFor(body)],
  };

  it("keeps its copy of the chart defaults equal to the chart's values.yaml", () => {
    const step = template.spec.steps.find((s: any) => s.id === 'values');
    expect(step.input.chartDefaults).toEqual(chartValues);
  });

  it('renders, passes the pre-flight check as the user and deploys nothing in a dry run', async () => {
    const { status, result, seen } = await dryRun(fits, values);
    expect(status).toBe(200);
    expect(seen.map(s => s.path)).toEqual(['/precheck']);
    expect(seen[0].user).toBe(mockCredentials.user().principal.userEntityRef);
    const sent = seen[0].body.values;
    expect(sent).toEqual({
      ...chartValues,
      replicaCount: 1,
      model: {
        ...chartValues.model,
        id: 'Qwen/Qwen2.5-7B-Instruct',
        servedName: 'qwen',
        maxModelLen: 16384,
      },
      gpu: {
        ...chartValues.gpu,
        resource: 'nvidia.com/gpu',
        count: 2,
        product: 'NVIDIA-A100-SXM4-80GB',
      },
      cache: { ...chartValues.cache, size: '80Gi' },
      exposure: { ...chartValues.exposure, type: 'nodeport', nodePort: 30080 },
      runtimeClassName: 'nvidia',
    });
    expect(validateValues(sent, chartSchema)).toEqual([]);
    expect(result.output.links).toEqual([
      {
        title: 'Open the model instance',
        icon: 'catalog',
        entityRef: 'component:default/qwen-chat.team-a.demo',
      },
    ]);
    expect(result.output.text[0].content).toContain(
      'in namespace `ocdp-team-a` on cluster **Demo GPU cluster**',
    );
  });

  it('deploys after the pre-flight check, as the user, and links the instance and its endpoint', async () => {
    const { created, task, events, seen } = await runTask(fits, {
      ...values,
      exposure: 'ingress',
      nodePort: undefined,
      host: 'qwen.llm.example.internal',
    });
    expect(created).toBe(201);
    expect(task.status).toBe('completed');
    expect(seen.map(s => s.path)).toEqual(['/precheck', '/instances']);
    expect(seen[1].user).toBe(mockCredentials.user().principal.userEntityRef);
    expect(seen[1].body).toEqual({
      tenant: 'team-a',
      cluster: 'demo',
      name: 'qwen-chat',
      chart: 'model-server',
      values: seen[0].body.values,
    });
    expect(seen[1].body.values.exposure).toMatchObject({
      type: 'ingress',
      host: 'qwen.llm.example.internal',
    });
    const completion = events.find((e: any) => e.type === 'completion');
    expect(completion.body.output.links).toEqual([
      {
        title: 'Open the model instance',
        icon: 'catalog',
        entityRef: 'component:default/qwen-chat.team-a.demo',
      },
      {
        title: 'Endpoint',
        icon: 'web',
        url: 'http://qwen.llm.example.internal',
      },
    ]);
    expect(completion.body.output.text[0].content).toContain(
      '(status deploying)',
    );
  });

  it('stops at the pre-flight check with its reasons, deploying nothing', async () => {
    const { task, events, seen } = await runTask(
      {
        precheck: body =>
          reportFor(body, false, [
            'requests.nvidia.com/gpu: needs 2, 1 of 4 free',
          ]),
        deploy: body => [201, instanceFor(body)],
      },
      values,
    );
    expect(task.status).toBe('failed');
    expect(seen.map(s => s.path)).toEqual(['/precheck']);
    expect(JSON.stringify(events)).toContain(
      'requests.nvidia.com/gpu: needs 2, 1 of 4 free',
    );
  });

  it('fails the deploy step with the reasons when the check right before apply refuses', async () => {
    const { task, events, seen } = await runTask(
      {
        precheck: body => reportFor(body, true),
        deploy: body => [
          409,
          {
            error: { name: 'ConflictError', message: 'does not fit' },
            report: reportFor(body, false, [
              'requests.nvidia.com/gpu: needs 2, 0 of 4 free',
            ]),
          },
        ],
      },
      values,
    );
    expect(task.status).toBe('failed');
    expect(seen.map(s => s.path)).toEqual(['/precheck', '/instances']);
    expect(JSON.stringify(events)).toContain(
      'requests.nvidia.com/gpu: needs 2, 0 of 4 free',
    );
  });

  it('refuses parameters the form would refuse', async () => {
    for (const bad of [
      { ...values, gpu: { ...values.gpu, count: 9 } },
      { ...values, nodePort: undefined },
      { ...values, exposure: 'ingress', nodePort: undefined },
      { ...values, cacheSize: 'lots' },
      { ...values, placement: { tenant: 'team-a' } },
    ]) {
      const { status, seen } = await dryRun(fits, bad);
      expect({ bad, status }).toEqual({ bad, status: 400 });
      expect(seen).toEqual([]);
    }
  });
});

describe('templates/deploy-vllm-model-gitops', () => {
  const values = {
    release: 'qwen-chat',
    model: 'Qwen/Qwen2.5-7B-Instruct',
    maxModelLen: 8192,
    placement: { tenant: 'team-a', cluster: 'demo' },
    gpu: { resource: 'nvidia.com/gpu', count: 1 },
    replicas: 1,
    cacheSize: '50Gi',
    exposure: 'clusterip',
    repoUrl: 'github.com?owner=acme&repo=fleet',
    fleetPath: 'clusters',
  };
  const fits: Answers = { precheck: body => reportFor(body, true) };
  const manifestFile = 'gitops/demo/ocdp-team-a/qwen-chat.yaml';

  /** A stand-in for the GitHub module's action: records what it would publish. */
  function publishStub(published: Array<{ input: any; files: string[] }>) {
    return createBackendModule({
      pluginId: 'scaffolder',
      moduleId: 'publish-stub',
      register(env) {
        env.registerInit({
          deps: { actions: scaffolderActionsExtensionPoint },
          async init({ actions }) {
            actions.addActions(
              createTemplateAction({
                id: 'publish:github:pull-request',
                async handler(ctx) {
                  const source = path.join(
                    ctx.workspacePath,
                    String(ctx.input.sourcePath),
                  );
                  const files: string[] = [];
                  for (const entry of await fs.readdir(source, {
                    recursive: true,
                    withFileTypes: true,
                  })) {
                    if (entry.isFile()) {
                      const file = path.join(entry.parentPath, entry.name);
                      files.push(
                        `${path.relative(source, file)}\n${await fs.readFile(
                          file,
                          'utf8',
                        )}`,
                      );
                    }
                  }
                  published.push({ input: ctx.input, files });
                  ctx.output(
                    'remoteUrl',
                    'https://github.com/acme/fleet/pull/7',
                  );
                },
              }),
            );
          },
        });
      },
    });
  }

  it('pre-flights and writes the HelmRelease, calling no deploy and publishing nothing in a dry run', async () => {
    const published: Array<{ input: any; files: string[] }> = [];
    const { status, result, seen } = await dryRun(fits, values, {
      template: gitopsTemplate,
      features: [publishStub(published)],
    });
    expect({ status, result }).toMatchObject({ status: 200 });
    expect(seen.map(s => s.path)).toEqual(['/precheck']);
    expect(published).toEqual([]);
    const file = result.directoryContents.find(
      (f: { path: string }) => f.path === manifestFile,
    );
    const manifest = yaml.load(
      Buffer.from(file.base64Content, 'base64').toString('utf8'),
    ) as any;
    expect(manifest).toMatchObject({
      kind: 'HelmRelease',
      metadata: { name: 'qwen-chat', namespace: 'ocdp-team-a' },
      spec: {
        releaseName: 'qwen-chat',
        values: {
          model: { id: 'Qwen/Qwen2.5-7B-Instruct' },
          podLabels: { 'backstage.io/kubernetes-id': 'qwen-chat.team-a.demo' },
        },
      },
    });
    expect(manifest.spec.values).toMatchObject(seen[0].body.values);
    expect(result.output.text[0].content).toContain('kind: HelmRelease');
  });

  it('publishes the HelmRelease to the fleet repository as a pull request', async () => {
    const published: Array<{ input: any; files: string[] }> = [];
    const { task, events, seen } = await runTask(fits, values, {
      template: gitopsTemplate,
      features: [publishStub(published)],
    });
    expect({ status: task.status, events }).toMatchObject({
      status: 'completed',
    });
    expect(seen.map(s => s.path)).toEqual(['/precheck']);
    expect(published).toHaveLength(1);
    expect(published[0].input).toMatchObject({
      repoUrl: 'github.com?owner=acme&repo=fleet',
      branchName: 'ocdp/team-a/qwen-chat',
      sourcePath: 'gitops',
      targetPath: 'clusters',
    });
    expect(published[0].files).toHaveLength(1);
    const [name, text] = published[0].files[0].split(/\n(.*)/s);
    expect(name).toBe('demo/ocdp-team-a/qwen-chat.yaml');
    expect(yaml.load(text)).toMatchObject({ kind: 'HelmRelease' });
    const completion = events.find((e: any) => e.type === 'completion');
    expect(completion.body.output.links).toEqual([
      {
        title: 'Pull request',
        icon: 'github',
        url: 'https://github.com/acme/fleet/pull/7',
      },
    ]);
  });
});
