import path from 'node:path';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject, JsonValue } from '@backstage/types';
import { OcdpInstance, OcdpPrecheckReport } from '@ocdp/plugin-ocdp-common';
import yaml from 'js-yaml';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readDeployCharts } from './deployCharts';
import { createDeployModelAction } from './deployModel';

const BASE_URL = 'http://backend.test/api/ocdp';
const TOKEN = 'token-for-ocdp-on-behalf-of-alice';
const CHART_DIR = path.resolve(
  __dirname,
  '../../../../examples/charts/model-server',
);

const values = {
  replicaCount: 1,
  model: { id: 'Qwen/Qwen2.5-7B-Instruct' },
  gpu: { resource: 'nvidia.com/gpu', count: 2 },
  labels: {},
  podLabels: { team: 'vision' },
};

function instance(overrides: Partial<OcdpInstance> = {}): OcdpInstance {
  return {
    id: 'b1c0ffee-0000-4000-8000-000000000001',
    name: 'qwen-chat',
    tenant: 'team-a',
    cluster: 'demo',
    namespace: 'ocdp-team-a',
    owner: 'user:default/alice',
    chart: 'model-server',
    chartVersion: '0.1.0',
    profile: 'model-server',
    values,
    status: 'deploying',
    entityRef: 'component:default/qwen-chat.team-a.demo',
    kubernetesId: 'qwen-chat.team-a.demo',
    createdAt: '2026-11-30T06:00:00.000Z',
    updatedAt: '2026-11-30T06:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

function refusal(reasons: string[]): OcdpPrecheckReport {
  return {
    ok: false,
    operation: 'install',
    tenant: 'team-a',
    cluster: 'demo',
    namespace: 'ocdp-team-a',
    checks: [],
    capacity: { ok: true, pods: 1, reasons: [] },
    reasons,
    warnings: [],
  };
}

describe('ocdp:model:deploy', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const workspace = createMockDirectory();
  const alice = mockCredentials.user('user:default/alice');
  let auth: ReturnType<typeof mockServices.auth.mock>;
  let action: ReturnType<typeof createDeployModelAction>;

  beforeEach(() => {
    workspace.clear();
    auth = mockServices.auth.mock({
      getPluginRequestToken: jest.fn(async () => ({ token: TOKEN })),
    });
    action = createDeployModelAction({
      auth,
      discovery: mockServices.discovery.mock({
        getBaseUrl: jest.fn(async () => BASE_URL),
      }),
      charts: readDeployCharts(
        new ConfigReader({
          ocdp: {
            charts: {
              'model-server': {
                directory: CHART_DIR,
                source: {
                  kind: 'HelmRepository',
                  name: 'ocdp-charts',
                  namespace: 'flux-system',
                },
              },
              'model-server-oci': {
                chart: 'model-server',
                profile: 'model-server',
                source: { kind: 'OCIRepository', name: 'model-server' },
              },
            },
          },
        }),
      ),
      chartProfiles: {},
    });
  });

  /** Answers POST /instances with `answer`, recording what was sent. */
  function backend(answer: () => Response) {
    const seen: Array<{ authorization: string | null; body: unknown }> = [];
    server.use(
      http.post(`${BASE_URL}/instances`, async ({ request }) => {
        seen.push({
          authorization: request.headers.get('authorization'),
          body: await request.json(),
        });
        return answer();
      }),
    );
    return seen;
  }

  /** A context whose checkpoints are kept in `checkpoints`, as a task's state keeps them. */
  function context(
    input: JsonObject,
    extra: {
      isDryRun?: boolean;
      checkpoints?: Map<string, JsonValue | void>;
    } = {},
  ) {
    const logger = mockServices.logger.mock();
    const checkpoints = extra.checkpoints ?? new Map();
    const ctx = {
      ...createMockActionContext({
        input,
        logger,
        workspacePath: workspace.path,
      }),
      getInitiatorCredentials: jest.fn(async () => alice),
      isDryRun: extra.isDryRun ?? false,
      checkpoint: jest.fn(
        async (opts: { key: string; fn: () => Promise<any> }) => {
          if (checkpoints.has(opts.key)) return checkpoints.get(opts.key);
          const value = await opts.fn();
          checkpoints.set(opts.key, value);
          return value;
        },
      ),
    };
    return { ctx, logger };
  }

  const input = {
    tenant: 'team-a',
    cluster: 'demo',
    name: 'qwen-chat',
    chart: 'model-server',
    values,
  };

  describe('apply mode', () => {
    it('deploys through the backend as the user and outputs the instance', async () => {
      const seen = backend(() =>
        HttpResponse.json(instance(), { status: 201 }),
      );
      const { ctx, logger } = context(input);
      await action.handler(ctx as any);

      expect(auth.getPluginRequestToken).toHaveBeenCalledWith({
        onBehalfOf: alice,
        targetPluginId: 'ocdp',
      });
      expect(seen).toEqual([
        {
          authorization: `Bearer ${TOKEN}`,
          body: {
            tenant: 'team-a',
            cluster: 'demo',
            name: 'qwen-chat',
            chart: 'model-server',
            values,
          },
        },
      ]);
      expect(ctx.output).toHaveBeenCalledWith(
        'instanceId',
        'b1c0ffee-0000-4000-8000-000000000001',
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'component:default/qwen-chat.team-a.demo',
      );
      expect(ctx.output).toHaveBeenCalledWith('namespace', 'ocdp-team-a');
      expect(ctx.output).toHaveBeenCalledWith('releaseName', 'qwen-chat');
      expect(ctx.output).toHaveBeenCalledWith('status', 'deploying');
      expect(ctx.output).toHaveBeenCalledWith(
        'kubernetesId',
        'qwen-chat.team-a.demo',
      );
      const logged = JSON.stringify(
        [logger.info, logger.warn, logger.error, logger.debug].flatMap(
          fn => (fn as jest.Mock).mock.calls,
        ),
      );
      expect(logged).not.toContain(TOKEN);
    });

    it('sends values YAML as given', async () => {
      const seen = backend(() =>
        HttpResponse.json(instance(), { status: 201 }),
      );
      const { ctx } = context({
        tenant: 'team-a',
        cluster: 'demo',
        name: 'qwen-chat',
        valuesYaml: 'replicaCount: 2\n',
      });
      await action.handler(ctx as any);
      expect(seen[0].body).toEqual({
        tenant: 'team-a',
        cluster: 'demo',
        name: 'qwen-chat',
        valuesYaml: 'replicaCount: 2\n',
      });
    });

    it('does not deploy twice when the step is retried after it succeeded', async () => {
      const seen = backend(() =>
        HttpResponse.json(instance(), { status: 201 }),
      );
      const checkpoints = new Map();
      await action.handler(context(input, { checkpoints }).ctx as any);
      const { ctx } = context(input, { checkpoints });
      await action.handler(ctx as any);
      expect(seen).toHaveLength(1);
      expect(ctx.output).toHaveBeenCalledWith(
        'instanceId',
        'b1c0ffee-0000-4000-8000-000000000001',
      );
    });

    it("fails the step with the pre-flight's reasons when the backend refuses, and outputs the report", async () => {
      const report = refusal([
        'requests.nvidia.com/gpu: needs 2, 1 of 4 free',
        'no node has 2 free nvidia.com/gpu',
      ]);
      backend(() =>
        HttpResponse.json(
          {
            error: { name: 'ConflictError', message: 'does not fit' },
            report,
          },
          { status: 409 },
        ),
      );
      const checkpoints = new Map();
      const { ctx } = context(input, { checkpoints });
      await expect(action.handler(ctx as any)).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          'requests.nvidia.com/gpu: needs 2, 1 of 4 free; no node has 2 free nvidia.com/gpu',
      });
      expect(ctx.output).toHaveBeenCalledWith('report', report);
      expect(ctx.output).not.toHaveBeenCalledWith(
        'instanceId',
        expect.anything(),
      );
      // a refused deploy is tried again on retry
      expect(checkpoints.size).toBe(0);
    });

    it('fails with the API message when the release name is taken', async () => {
      backend(() =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message:
                'release "qwen-chat" already exists in namespace ocdp-team-a',
            },
          },
          { status: 409 },
        ),
      );
      await expect(
        action.handler(context(input).ctx as any),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: 'release "qwen-chat" already exists in namespace ocdp-team-a',
      });
    });

    it.each([
      [400, 'InputError', 'values.replicas: is not a value of this chart'],
      [
        403,
        'NotAllowedError',
        'you may not deploy instances of tenant "team-a"',
      ],
      [503, 'ServiceUnavailableError', 'cluster "demo" did not answer'],
    ])('maps a %s to %s with its message', async (status, name, message) => {
      backend(() =>
        HttpResponse.json({ error: { name: 'Error', message } }, { status }),
      );
      await expect(
        action.handler(context(input).ctx as any),
      ).rejects.toMatchObject({ name, message });
    });

    it('sends nothing in a dry run', async () => {
      const seen = backend(() =>
        HttpResponse.json(instance(), { status: 201 }),
      );
      const { ctx } = context(
        { ...input, namespace: 'ocdp-team-a' },
        { isDryRun: true },
      );
      await action.handler(ctx as any);
      expect(seen).toEqual([]);
      expect(auth.getPluginRequestToken).not.toHaveBeenCalled();
      expect(ctx.output).toHaveBeenCalledWith('instanceId', 'dry-run');
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'component:default/qwen-chat.team-a.demo',
      );
      expect(ctx.output).toHaveBeenCalledWith('namespace', 'ocdp-team-a');
    });

    it('refuses values and valuesYaml together', async () => {
      const seen = backend(() =>
        HttpResponse.json(instance(), { status: 201 }),
      );
      await expect(
        action.handler(context({ ...input, valuesYaml: 'a: 1' }).ctx as any),
      ).rejects.toThrow('values, valuesYaml: give one of them, not both');
      expect(seen).toEqual([]);
    });
  });

  describe('manifest mode', () => {
    const manifestInput = {
      ...input,
      mode: 'manifest',
      namespace: 'ocdp-team-a',
      manifestPath: 'clusters/demo/qwen-chat.yaml',
    };

    it('writes the HelmRelease for GitOps and calls nothing', async () => {
      const seen = backend(() =>
        HttpResponse.json(instance(), { status: 201 }),
      );
      const { ctx } = context(manifestInput);
      await action.handler(ctx as any);
      expect(seen).toEqual([]);

      const written = workspace.content()!;
      const text = (written.clusters as any).demo['qwen-chat.yaml'];
      const manifest = yaml.load(text) as any;
      expect(manifest).toEqual({
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: {
          name: 'qwen-chat',
          namespace: 'ocdp-team-a',
          labels: {
            'app.kubernetes.io/managed-by': 'ocdp',
            'ocdp.io/tenant': 'team-a',
            'ocdp.io/instance': 'qwen-chat.team-a.demo',
          },
        },
        spec: {
          interval: '10m',
          releaseName: 'qwen-chat',
          chart: {
            spec: {
              chart: 'model-server',
              version: '0.1.0',
              sourceRef: {
                kind: 'HelmRepository',
                name: 'ocdp-charts',
                namespace: 'flux-system',
              },
            },
          },
          install: { remediation: { retries: 3 } },
          upgrade: { remediation: { retries: 3, remediateLastFailure: true } },
          values: {
            ...values,
            labels: { 'backstage.io/kubernetes-id': 'qwen-chat.team-a.demo' },
            podLabels: {
              team: 'vision',
              'backstage.io/kubernetes-id': 'qwen-chat.team-a.demo',
            },
          },
        },
      });
      expect(ctx.output).toHaveBeenCalledWith('manifest', manifest);
      expect(ctx.output).toHaveBeenCalledWith('manifestYaml', text);
      expect(ctx.output).toHaveBeenCalledWith(
        'manifestPath',
        'clusters/demo/qwen-chat.yaml',
      );
      expect(ctx.output).toHaveBeenCalledWith('namespace', 'ocdp-team-a');
      expect(ctx.output).not.toHaveBeenCalledWith(
        'instanceId',
        expect.anything(),
      );
    });

    it('refers to an OCIRepository chart by chartRef, also in a dry run', async () => {
      const { ctx } = context(
        {
          ...manifestInput,
          chart: 'model-server-oci',
          manifestPath: undefined,
        },
        { isDryRun: true },
      );
      await action.handler(ctx as any);
      const manifest = yaml.load(
        workspace.content()!['helmrelease.yaml'] as string,
      ) as any;
      expect(manifest.spec.chartRef).toEqual({
        kind: 'OCIRepository',
        name: 'model-server',
      });
      expect(manifest.spec.chart).toBeUndefined();
    });

    it('refuses what it cannot write', async () => {
      await expect(
        action.handler(
          context({ ...manifestInput, namespace: undefined }).ctx as any,
        ),
      ).rejects.toThrow('namespace: is required in manifest mode');
      await expect(
        action.handler(context({ ...manifestInput, chart: 'nope' }).ctx as any),
      ).rejects.toThrow(
        'chart: "nope" is not configured; ocdp.charts has model-server, model-server-oci',
      );
      await expect(
        action.handler(
          context({ ...manifestInput, manifestPath: '../escape.yaml' })
            .ctx as any,
        ),
      ).rejects.toThrow(
        'manifestPath: "../escape.yaml" is outside the task workspace',
      );
      await expect(
        action.handler(
          context({ ...manifestInput, values: undefined, valuesYaml: '- a' })
            .ctx as any,
        ),
      ).rejects.toThrow('valuesYaml: must be a map of Helm values');
    });
  });
});
