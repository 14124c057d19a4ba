import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import { OcdpPrecheckReport } from '@ocdp/plugin-ocdp-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createQuotaPrecheckAction } from './quotaPrecheck';

const BASE_URL = 'http://backend.test/api/ocdp';
const TOKEN = 'token-for-ocdp-on-behalf-of-alice';

function report(
  overrides: Partial<OcdpPrecheckReport> = {},
): OcdpPrecheckReport {
  return {
    ok: true,
    operation: 'install',
    tenant: 'team-a',
    cluster: 'demo',
    namespace: 'ocdp-team-a',
    checks: [
      {
        quota: 'ocdp-quota',
        key: 'requests.nvidia.com/gpu',
        requested: '2',
        used: '1',
        hard: '8',
        available: '7',
        ok: true,
        source: 'live',
      },
    ],
    capacity: { ok: true, pods: 1, reasons: [] },
    reasons: [],
    warnings: ['model Qwen/Qwen2.5-7B-Instruct: KV cache leaves 2 GiB free'],
    ...overrides,
  };
}

describe('ocdp:quota:precheck', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const workspace = createMockDirectory();
  const alice = mockCredentials.user('user:default/alice');
  let auth: ReturnType<typeof mockServices.auth.mock>;
  let action: ReturnType<typeof createQuotaPrecheckAction>;

  beforeEach(() => {
    auth = mockServices.auth.mock({
      getPluginRequestToken: jest.fn(async () => ({ token: TOKEN })),
    });
    action = createQuotaPrecheckAction({
      auth,
      discovery: mockServices.discovery.mock({
        getBaseUrl: jest.fn(async () => BASE_URL),
      }),
    });
  });

  /** Answers POST /precheck with `answer`, recording what was sent. */
  function backend(answer: () => Response) {
    const seen: Array<{ authorization: string | null; body: unknown }> = [];
    server.use(
      http.post(`${BASE_URL}/precheck`, async ({ request }) => {
        seen.push({
          authorization: request.headers.get('authorization'),
          body: await request.json(),
        });
        return answer();
      }),
    );
    return seen;
  }

  function context(input: JsonObject, extra: { isDryRun?: boolean } = {}) {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input,
        logger,
        workspacePath: workspace.path,
      }),
      getInitiatorCredentials: jest.fn(async () => alice),
      ...extra,
    };
    return { ctx, logger };
  }

  const values = {
    replicaCount: 1,
    model: { id: 'Qwen/Qwen2.5-7B-Instruct' },
    gpu: { resource: 'nvidia.com/gpu', count: 2 },
  };

  it('asks the backend as the user who runs the template and outputs the report', async () => {
    const seen = backend(() => HttpResponse.json(report()));
    const { ctx, logger } = context({
      tenant: 'team-a',
      cluster: 'demo',
      profile: 'model-server',
      values,
    });
    await action.handler(ctx as any);

    expect(auth.getPluginRequestToken).toHaveBeenCalledTimes(1);
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
          operation: 'install',
          profile: 'model-server',
          values,
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('report', report());
    expect(ctx.output).toHaveBeenCalledWith('ok', true);
    expect(ctx.output).toHaveBeenCalledWith('warnings', [
      'model Qwen/Qwen2.5-7B-Instruct: KV cache leaves 2 GiB free',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'model Qwen/Qwen2.5-7B-Instruct: KV cache leaves 2 GiB free',
    );
    expect(logger.info).toHaveBeenCalledWith(
      'install fits tenant team-a in namespace ocdp-team-a on demo (1 quota checks, 1 new pod(s) placed)',
    );
    // the token is never logged
    const logged = JSON.stringify(
      [logger.info, logger.warn, logger.error, logger.debug].flatMap(
        fn => (fn as jest.Mock).mock.calls,
      ),
    );
    expect(logged).not.toContain(TOKEN);
  });

  it('sends a scale of a release without values', async () => {
    const seen = backend(() =>
      HttpResponse.json(report({ operation: 'scale' })),
    );
    const { ctx } = context({
      tenant: 'team-a',
      cluster: 'demo',
      operation: 'scale',
      release: 'qwen-chat',
      replicas: 0,
    });
    await action.handler(ctx as any);
    expect(seen[0].body).toEqual({
      tenant: 'team-a',
      cluster: 'demo',
      operation: 'scale',
      release: 'qwen-chat',
      replicas: 0,
    });
  });

  it('sends a scale of a release with its values YAML and replicas', async () => {
    const seen = backend(() =>
      HttpResponse.json(report({ operation: 'scale' })),
    );
    const { ctx } = context({
      tenant: 'team-a',
      cluster: 'demo',
      operation: 'scale',
      release: 'qwen-chat',
      replicas: 3,
      valuesYaml: 'replicaCount: 3\n',
    });
    await action.handler(ctx as any);
    expect(seen[0].body).toEqual({
      tenant: 'team-a',
      cluster: 'demo',
      operation: 'scale',
      release: 'qwen-chat',
      replicas: 3,
      valuesYaml: 'replicaCount: 3\n',
    });
  });

  it("fails the step with the report's reasons when it does not fit", async () => {
    backend(() =>
      HttpResponse.json(
        report({
          ok: false,
          reasons: [
            'requests.nvidia.com/gpu: needs 2, 1 of 4 free',
            'no node has 2 free nvidia.com/gpu of NVIDIA-A100-SXM4-80GB',
          ],
          warnings: [],
        }),
      ),
    );
    const { ctx } = context({ tenant: 'team-a', cluster: 'demo', values });
    const run = action.handler(ctx as any);
    await expect(run).rejects.toThrow(
      'requests.nvidia.com/gpu: needs 2, 1 of 4 free; no node has 2 free nvidia.com/gpu of NVIDIA-A100-SXM4-80GB',
    );
    await expect(run).rejects.toMatchObject({ name: 'ConflictError' });
    expect(ctx.output).toHaveBeenCalledWith('ok', false);
  });

  it.each([
    [400, 'InputError', 'values.gpu.count: must be a non-negative integer'],
    [403, 'NotAllowedError', 'you are not a member of tenant team-a'],
    [404, 'NotFoundError', 'tenant team-x has no binding on cluster demo'],
    [503, 'ServiceUnavailableError', 'cluster demo is not reachable'],
  ])(
    'surfaces the message of a %s from the API',
    async (status, name, message) => {
      backend(() =>
        HttpResponse.json({ error: { name, message } }, { status }),
      );
      const { ctx } = context({ tenant: 'team-a', cluster: 'demo', values });
      const run = action.handler(ctx as any);
      await expect(run).rejects.toThrow(message);
      await expect(run).rejects.toMatchObject({ name, message });
      expect(ctx.output).not.toHaveBeenCalled();
    },
  );

  it('reports any other API failure with its status', async () => {
    backend(() => new HttpResponse('upstream exploded', { status: 502 }));
    const { ctx } = context({ tenant: 'team-a', cluster: 'demo', values });
    await expect(action.handler(ctx as any)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 502,
    });
  });

  it('names the backend when it does not answer', async () => {
    server.use(http.post(`${BASE_URL}/precheck`, () => HttpResponse.error()));
    const { ctx } = context({ tenant: 'team-a', cluster: 'demo', values });
    const run = action.handler(ctx as any);
    await expect(run).rejects.toThrow(
      'the OCDP backend did not answer the pre-flight check',
    );
    await expect(run).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
  });

  it.each([
    [{}, 'give exactly one of values, valuesYaml, manifests'],
    [
      { values, valuesYaml: 'a: 1' },
      'give exactly one of values, valuesYaml, manifests (got values, valuesYaml)',
    ],
    [{ values, operation: 'upgrade' }, 'release: is required for upgrade'],
    [
      { operation: 'upgrade', release: 'qwen-chat' },
      'give exactly one of values, valuesYaml, manifests',
    ],
    [
      { operation: 'scale', release: 'qwen-chat' },
      'replicas: is required for scale',
    ],
  ])('refuses %j before asking the backend', async (input, message) => {
    const { ctx } = context({ tenant: 'team-a', cluster: 'demo', ...input });
    const run = action.handler(ctx as any);
    await expect(run).rejects.toThrow(message);
    await expect(run).rejects.toMatchObject({ name: 'InputError' });
    expect(auth.getPluginRequestToken).not.toHaveBeenCalled();
  });

  it('runs in a dry run (it only reads)', async () => {
    expect(action.supportsDryRun).toBe(true);
    const seen = backend(() => HttpResponse.json(report()));
    const { ctx } = context(
      { tenant: 'team-a', cluster: 'demo', values },
      { isDryRun: true },
    );
    await action.handler(ctx as any);
    expect(seen).toHaveLength(1);
    expect(seen[0].authorization).toBe(`Bearer ${TOKEN}`);
    expect(ctx.output).toHaveBeenCalledWith('ok', true);
  });
});
