import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  OcdpPrecheckReport,
  OcdpPrecheckRequest,
  validateValues,
} from '@ocdp/plugin-ocdp-common';
import {
  OcdpClustersService,
  ocdpClustersServiceRef,
} from '@ocdp/plugin-ocdp-node';
import yaml from 'js-yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModuleOcdp } from './module';

/**
 * The model-server template, run as a scaffolder dry run in a real backend with this module. A
 * stand-in `ocdp` plugin answers the pre-flight check and records who asked.
 */

const templateFile = path.resolve(
  __dirname,
  '../../../templates/model-server/template.yaml',
);
const template = yaml.load(readFileSync(templateFile, 'utf8')) as any;
const chartValues = yaml.load(
  readFileSync(
    path.resolve(
      __dirname,
      '../../../examples/charts/model-server/values.yaml',
    ),
    'utf8',
  ),
);

const chartSchema = JSON.parse(
  readFileSync(
    path.resolve(
      __dirname,
      '../../../examples/charts/model-server/values.schema.json',
    ),
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

type Seen = { user?: string; body: OcdpPrecheckRequest };

function fakeOcdpPlugin(
  seen: Seen[],
  answer: (body: OcdpPrecheckRequest) => OcdpPrecheckReport,
) {
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
            if (req.method !== 'POST' || req.path !== '/precheck') {
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
              seen.push({ user: credentials.principal.userEntityRef, body });
              res.json(answer(body));
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
  body: OcdpPrecheckRequest,
  ok: boolean,
  reasons: string[] = [],
): OcdpPrecheckReport {
  return {
    ok,
    operation: body.operation,
    tenant: body.tenant,
    cluster: body.cluster,
    namespace: `ocdp-${body.tenant}`,
    checks: [],
    capacity: { ok, pods: 1, reasons },
    reasons,
    warnings: [],
  };
}

async function dryRun(
  answer: (body: OcdpPrecheckRequest) => OcdpPrecheckReport,
  values: Record<string, unknown>,
) {
  const seen: Seen[] = [];
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleOcdp,
      fakeOcdpPlugin(seen, answer),
      createServiceFactory({
        service: ocdpClustersServiceRef,
        deps: {},
        factory: () => clusters,
      }),
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: {
          ocdp: { environments: { demo: { runtimeClassName: 'nvidia' } } },
        },
      }),
    ],
  });
  try {
    const response = await fetch(
      `http://localhost:${backend.server.port()}/api/scaffolder/v2/dry-run`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: mockCredentials.user.header(),
        },
        body: JSON.stringify({ template, values, directoryContents: [] }),
      },
    );
    return { status: response.status, result: await response.json(), seen };
  } finally {
    await backend.stop();
  }
}

describe('templates/model-server', () => {
  const values = {
    release: 'qwen-chat',
    model: 'other',
    customModel: 'Qwen/Qwen2.5-7B-Instruct',
    maxModelLen: 16384,
    tenant: 'team-a',
    cluster: 'demo',
    gpus: 2,
    replicas: 1,
    exposure: 'nodeport',
    nodePort: 30080,
  };

  it('renders the values and passes the pre-flight check as the user, deploying nothing', async () => {
    const { status, result, seen } = await dryRun(
      body => reportFor(body, true),
      values,
    );
    expect(status).toBe(200);

    // the pre-flight check was asked on behalf of the user who ran the template
    expect(seen).toHaveLength(1);
    expect(seen[0].user).toBe(mockCredentials.user().principal.userEntityRef);
    expect(seen[0].body).toMatchObject({
      tenant: 'team-a',
      cluster: 'demo',
      operation: 'install',
      release: 'qwen-chat',
      profile: 'model-server',
    });
    const sent = seen[0].body.values as any;
    expect(sent).toEqual({
      ...(chartValues as object),
      replicaCount: 1,
      model: {
        ...(chartValues as any).model,
        id: 'Qwen/Qwen2.5-7B-Instruct',
        maxModelLen: 16384,
      },
      gpu: { ...(chartValues as any).gpu, count: 2 },
      exposure: {
        ...(chartValues as any).exposure,
        type: 'nodeport',
        nodePort: 30080,
      },
      runtimeClassName: 'nvidia',
    });

    expect(validateValues(sent, chartSchema)).toEqual([]);

    // values.yaml in the workspace holds the same values
    const file = result.directoryContents.find(
      (f: { path: string }) => f.path === 'values.yaml',
    );
    expect(
      yaml.load(Buffer.from(file.base64Content, 'base64').toString('utf8')),
    ).toEqual(sent);

    // the output says it fits, shows the footprint and says nothing was deployed
    const [summary, footprint, report] = result.output.text;
    expect(summary.title).toBe('Pre-flight passed — nothing was deployed');
    expect(summary.content).toContain('**qwen-chat** fits tenant **team-a**');
    expect(summary.content).toContain(
      '`ocdp-team-a` on cluster **Demo GPU cluster**',
    );
    expect(summary.content).toContain('1 pod(s) of\n2 GPU(s) each');
    expect(summary.content).toContain('Nothing was created on the cluster.');
    expect(summary.content).toContain('Warnings: none');
    const fp = JSON.parse(
      footprint.content.split('```json\n')[1].split('```')[0],
    );
    expect(fp.workloads[0].pod.requests['nvidia.com/gpu']).toBe('2');
    expect(fp.objects['services.nodeports']).toBe(1);
    const shown = JSON.parse(
      report.content.split('```json\n')[1].split('```')[0],
    );
    expect(shown).toEqual(reportFor(seen[0].body, true));
  });

  it('stops at the pre-flight check with its reasons when the server does not fit', async () => {
    const { status, result, seen } = await dryRun(
      body =>
        reportFor(body, false, [
          'requests.nvidia.com/gpu: needs 2, 1 of 4 free',
        ]),
      {
        ...values,
        model: 'Qwen/Qwen2.5-1.5B-Instruct',
        customModel: undefined,
      },
    );
    expect((seen[0].body.values as any).model.id).toBe(
      'Qwen/Qwen2.5-1.5B-Instruct',
    );
    expect(status).toBe(409);
    expect(result.error).toMatchObject({
      name: 'ConflictError',
      message: 'requests.nvidia.com/gpu: needs 2, 1 of 4 free',
    });
  });

  it('refuses parameters the form would refuse', async () => {
    const { status, seen } = await dryRun(body => reportFor(body, true), {
      ...values,
      gpus: 9,
    });
    expect(status).toBe(400);
    expect(seen).toEqual([]);
  });
});
