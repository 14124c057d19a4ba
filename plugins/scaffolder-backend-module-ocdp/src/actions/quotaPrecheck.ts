import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import {
  OcdpPrecheckOperation,
  OcdpPrecheckReport,
  OcdpPrecheckRequest,
} from '@ocdp/plugin-ocdp-common';
import { ocdpFailure, postToOcdp } from './ocdpRequest';

const OPERATIONS: [OcdpPrecheckOperation, ...OcdpPrecheckOperation[]] = [
  'install',
  'upgrade',
  'scale',
];

const EXAMPLE = `steps:
  - id: values
    name: Render values
    action: ocdp:model:render-values
    input:
      cluster: \${{ parameters.cluster }}
      parameters:
        gpu:
          count: 2
  - id: precheck
    name: Check the quota
    action: ocdp:quota:precheck
    input:
      tenant: \${{ parameters.tenant }}
      cluster: \${{ parameters.cluster }}
      operation: install
      profile: model-server
      values: \${{ steps.values.output.values }}
`;

const EXAMPLE_SCALE = `steps:
  - id: precheck
    name: Check the quota for 4 replicas of a running release
    action: ocdp:quota:precheck
    input:
      tenant: team-a
      cluster: demo
      operation: scale
      release: qwen-chat
      replicas: 4
`;

/**
 * Creates the `ocdp:quota:precheck` action: asks the OCDP backend (`POST /api/ocdp/precheck`),
 * on behalf of the user who runs the template, whether a release fits the tenant's quota and the
 * cluster's free capacity. A refusal fails the step with the report's reasons. Read-only.
 *
 * @public
 */
export function createQuotaPrecheckAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
}) {
  const { auth, discovery } = options;
  return createTemplateAction({
    id: 'ocdp:quota:precheck',
    description:
      "Checks, before anything is created, that a model release fits the tenant's quota and the cluster's free GPUs (the OCDP pre-flight check, run as the user). Fails the step with the reasons when it does not fit",
    examples: [
      {
        description: 'Pre-flight check of the values a render step produced',
        example: EXAMPLE,
      },
      {
        description: 'Pre-flight check of scaling a running release',
        example: EXAMPLE_SCALE,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        tenant: z => z.string({ description: 'Tenant the release belongs to' }),
        cluster: z => z.string({ description: 'Cluster the release goes to' }),
        operation: z =>
          z
            .enum(OPERATIONS, {
              description:
                'install (every replica is new), upgrade (rollout peak and end state of a running release) or scale; default install',
            })
            .optional(),
        release: z =>
          z
            .string({
              description:
                'Helm release name; required for upgrade and scale (its running pods are read live)',
            })
            .optional(),
        profile: z =>
          z
            .string({
              description:
                'Chart profile the values are read with (default model-server)',
            })
            .optional(),
        values: z =>
          z
            .record(z.unknown(), {
              description:
                'The rendered values (give exactly one of values, valuesYaml, manifests; a scale may give none)',
            })
            .optional(),
        valuesYaml: z =>
          z.string({ description: 'The rendered values as YAML' }).optional(),
        manifests: z =>
          z
            .string({
              description:
                'Rendered manifests (multi-document YAML, such as helm template output)',
            })
            .optional(),
        replicas: z =>
          z
            .number({
              description:
                'For scale (required there): the replica count asked for',
            })
            .int()
            .min(0)
            .optional(),
      },
      output: {
        report: z =>
          z.record(z.unknown(), {
            description:
              'The pre-flight report: quota checks, capacity, reasons, warnings, model fit',
          }),
        ok: z =>
          z.boolean({
            description:
              'Whether the release fits (always true when the step succeeds)',
          }),
        warnings: z =>
          z.array(z.string(), {
            description: 'Things worth knowing that do not stop the release',
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const operation = input.operation ?? 'install';
      const given = (['values', 'valuesYaml', 'manifests'] as const).filter(
        key => input[key] !== undefined,
      );
      // A scale may leave the values out: the release's running workload is read live.
      if (given.length > 1 || (given.length === 0 && operation !== 'scale')) {
        throw new InputError(
          `give exactly one of values, valuesYaml, manifests${
            given.length ? ` (got ${given.join(', ')})` : ''
          }`,
        );
      }
      if (operation !== 'install' && !input.release) {
        throw new InputError(`release: is required for ${operation}`);
      }
      if (operation === 'scale' && input.replicas === undefined) {
        throw new InputError('replicas: is required for scale');
      }
      const body: OcdpPrecheckRequest = {
        tenant: input.tenant,
        cluster: input.cluster,
        operation,
        ...(input.release !== undefined && { release: input.release }),
        ...(input.profile !== undefined && { profile: input.profile }),
        ...(input.values !== undefined && {
          values: input.values as Record<string, unknown>,
        }),
        ...(input.valuesYaml !== undefined && { valuesYaml: input.valuesYaml }),
        ...(input.manifests !== undefined && { manifests: input.manifests }),
        ...(input.replicas !== undefined && { replicas: input.replicas }),
      };

      const response = await postToOcdp({
        auth,
        discovery,
        credentials: await ctx.getInitiatorCredentials(),
        path: '/precheck',
        body,
        signal: ctx.signal,
        what: 'the pre-flight check',
      });
      if (!response.ok) {
        throw await ocdpFailure(response);
      }
      // Parsed here rather than with response.json(): the report becomes template values, which
      // must be plain objects of this realm (the scaffolder's templating refuses anything else).
      const report = JSON.parse(await response.text()) as OcdpPrecheckReport;

      for (const warning of report.warnings ?? []) {
        ctx.logger.warn(warning);
      }
      ctx.output('report', report as unknown as JsonObject);
      ctx.output('ok', report.ok);
      ctx.output('warnings', report.warnings ?? []);
      if (!report.ok) {
        throw new ConflictError(
          report.reasons?.length
            ? report.reasons.join('; ')
            : `the pre-flight check refused ${operation} for tenant ${input.tenant} on ${input.cluster} without a reason`,
        );
      }
      ctx.logger.info(
        `${operation} fits tenant ${input.tenant} in namespace ${
          report.namespace
        } on ${input.cluster} (${report.checks?.length ?? 0} quota checks, ${
          report.capacity?.pods ?? 0
        } new pod(s) placed)`,
      );
    },
  });
}
