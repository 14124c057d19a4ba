import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  AuthService,
  DiscoveryService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import {
  ChartProfile,
  KUBERNETES_ID_LABEL,
  OcdpInstance,
  Values,
  findChartProfile,
  helmReleaseManifest,
  instanceEntityName,
  withWorkloadLabels,
} from '@ocdp/plugin-ocdp-common';
import yaml from 'js-yaml';
import { createInstance, DeployRefusedError } from './deployApi';
import { DeployChart } from './deployCharts';

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MODES = ['apply', 'manifest'] as const;

const isMap = (v: unknown): v is Values =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const EXAMPLE_APPLY = `steps:
  - id: values
    name: Render values
    action: ocdp:model:render-values
    input:
      cluster: \${{ parameters.cluster }}
      parameters:
        model:
          id: Qwen/Qwen2.5-7B-Instruct
        gpu:
          count: 1
  - id: deploy
    name: Deploy the model server
    action: ocdp:model:deploy
    input:
      tenant: \${{ parameters.tenant }}
      cluster: \${{ parameters.cluster }}
      name: qwen-chat
      chart: model-server
      values: \${{ steps.values.output.values }}
`;

const EXAMPLE_MANIFEST = `steps:
  - id: manifest
    name: Make the HelmRelease for GitOps
    action: ocdp:model:deploy
    input:
      mode: manifest
      tenant: team-a
      cluster: demo
      namespace: ocdp-team-a
      name: qwen-chat
      chart: model-server
      values: \${{ steps.values.output.values }}
      manifestPath: clusters/demo/ocdp-team-a/qwen-chat.yaml
  - id: publish
    name: Open a pull request
    action: publish:github:pull-request
    input:
      repoUrl: github.com?owner=acme&repo=fleet
      branchName: deploy-qwen-chat
      title: Deploy qwen-chat for team-a
      description: HelmRelease made by OCDP
`;

export interface DeployModelActionOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  /** `ocdp.charts`, for manifest mode. */
  charts: Readonly<Record<string, DeployChart>>;
  /** `ocdp.chartProfiles`. */
  chartProfiles: Readonly<Record<string, ChartProfile>>;
}

/**
 * Creates the `ocdp:model:deploy` action. In `apply` mode it asks the OCDP backend, as the user
 * running the template, to deploy the instance (`POST /api/ocdp/instances`: pre-flight again, record,
 * server-side apply of a Flux HelmRelease); a refusal fails the step with the reasons. In
 * `manifest` mode it calls nothing and writes the HelmRelease into the workspace for a
 * `publish:*` action.
 *
 * @public
 */
export function createDeployModelAction(options: DeployModelActionOptions) {
  const { auth, discovery, charts, chartProfiles } = options;
  return createTemplateAction({
    id: 'ocdp:model:deploy',
    description:
      "Deploys a model server for a tenant: asks the OCDP backend, as the user, to re-run the pre-flight check and apply a Flux HelmRelease (mode apply), or writes that HelmRelease into the workspace for a publish:* action (mode manifest, GitOps). A refusal fails the step with the pre-flight's reasons",
    examples: [
      {
        description: 'Deploy the rendered values through the OCDP backend',
        example: EXAMPLE_APPLY,
      },
      {
        description:
          'GitOps: write the HelmRelease and publish it as a pull request',
        example: EXAMPLE_MANIFEST,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        mode: z =>
          z
            .enum(MODES, {
              description:
                'apply (default): deploy through the OCDP backend; manifest: only write the HelmRelease (GitOps)',
            })
            .optional(),
        tenant: z =>
          z.string({ description: 'Tenant the instance belongs to' }),
        cluster: z => z.string({ description: 'Cluster it runs on' }),
        name: z =>
          z
            .string({
              description:
                'Helm release name, also the HelmRelease name (lowercase letters, digits and "-", at most 53 characters)',
            })
            .max(53)
            .regex(RELEASE_NAME),
        chart: z =>
          z
            .string({
              description:
                'A chart configured under ocdp.charts (default: the first one)',
            })
            .optional(),
        profile: z =>
          z
            .string({
              description:
                "manifest mode: chart profile the values are read with (default: the chart's)",
            })
            .optional(),
        values: z =>
          z
            .record(z.unknown(), {
              description:
                'The rendered values (give values or valuesYaml), such as the output of ocdp:model:render-values',
            })
            .optional(),
        valuesYaml: z =>
          z.string({ description: 'The rendered values as YAML' }).optional(),
        namespace: z =>
          z
            .string({
              description:
                "The tenant's namespace on the cluster: required in manifest mode (the pre-flight report's namespace); in apply mode the backend decides and this only fills a dry run's outputs",
            })
            .optional(),
        manifestPath: z =>
          z
            .string({
              description:
                'manifest mode: where to write the HelmRelease, inside the workspace (default helmrelease.yaml)',
            })
            .optional(),
      },
      output: {
        instanceId: z =>
          z
            .string({
              description:
                'apply mode: id of the instance in OCDP ("dry-run" in a dry run)',
            })
            .optional(),
        entityRef: z =>
          z
            .string({
              description:
                'apply mode: the catalog entity that publishes the instance',
            })
            .optional(),
        status: z =>
          z
            .string({
              description: 'apply mode: the instance status after the deploy',
            })
            .optional(),
        namespace: z =>
          z.string({ description: 'Namespace the release goes to' }),
        releaseName: z => z.string({ description: 'Helm release name' }),
        kubernetesId: z =>
          z.string({
            description:
              'backstage.io/kubernetes-id of its workloads (also the entity name)',
          }),
        manifest: z =>
          z
            .record(z.unknown(), {
              description: 'manifest mode: the Flux HelmRelease',
            })
            .optional(),
        manifestYaml: z =>
          z
            .string({ description: 'manifest mode: the HelmRelease as YAML' })
            .optional(),
        manifestPath: z =>
          z
            .string({
              description:
                'manifest mode: where it was written, relative to the workspace',
            })
            .optional(),
        report: z =>
          z
            .record(z.unknown(), {
              description:
                'apply mode: the pre-flight report, when the deploy was refused',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const mode = input.mode ?? 'apply';
      if (input.values !== undefined && input.valuesYaml !== undefined) {
        throw new InputError('values, valuesYaml: give one of them, not both');
      }
      const kubernetesId = instanceEntityName(
        input.name,
        input.tenant,
        input.cluster,
      );
      ctx.output('releaseName', input.name);
      ctx.output('kubernetesId', kubernetesId);

      if (mode === 'manifest') {
        await writeManifest();
        return;
      }

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would deploy ${input.name} for tenant ${input.tenant} on ${input.cluster}; nothing was sent`,
        );
        ctx.output('instanceId', 'dry-run');
        ctx.output('entityRef', `component:default/${kubernetesId}`);
        ctx.output('status', 'dry-run');
        ctx.output('namespace', input.namespace ?? '');
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      const instance = await ctx.checkpoint({
        key: `ocdp.instance.${input.tenant}.${input.cluster}.${input.name}`,
        fn: async () => {
          try {
            const created = await createInstance({
              auth,
              discovery,
              credentials,
              signal: ctx.signal,
              body: {
                tenant: input.tenant,
                cluster: input.cluster,
                name: input.name,
                ...(input.chart !== undefined && { chart: input.chart }),
                ...(input.values !== undefined && {
                  values: input.values as Record<string, unknown>,
                }),
                ...(input.valuesYaml !== undefined && {
                  valuesYaml: input.valuesYaml,
                }),
              },
            });
            return created as unknown as JsonObject;
          } catch (error) {
            if (error instanceof DeployRefusedError) {
              ctx.output('report', error.report as unknown as JsonObject);
            }
            throw error;
          }
        },
      });
      const created = instance as unknown as OcdpInstance;
      ctx.logger.info(
        `Deployed ${created.name} for tenant ${created.tenant} in namespace ${created.namespace} on ${created.cluster} (instance ${created.id}, ${created.status})`,
      );
      ctx.output('instanceId', created.id);
      ctx.output('entityRef', created.entityRef);
      ctx.output('status', created.status);
      ctx.output('namespace', created.namespace);
      ctx.output('kubernetesId', created.kubernetesId);

      /** GitOps: the HelmRelease into the workspace, nothing sent anywhere. */
      async function writeManifest() {
        const chartName = input.chart ?? Object.keys(charts)[0];
        const chart =
          chartName !== undefined && Object.hasOwn(charts, chartName)
            ? charts[chartName]
            : undefined;
        if (!chart) {
          throw new InputError(
            `chart: ${JSON.stringify(
              chartName,
            )} is not configured; ocdp.charts has ${
              Object.keys(charts).join(', ') || 'none'
            }`,
          );
        }
        const profileName = input.profile ?? chart.profile;
        const profile = findChartProfile(profileName, chartProfiles);
        if (!profile) {
          throw new InputError(
            `profile: "${profileName}" is not a chart profile`,
          );
        }
        if (!input.namespace) {
          throw new InputError('namespace: is required in manifest mode');
        }
        const values = readValues();
        const manifest = helmReleaseManifest({
          // No OCDP record exists for a GitOps release: its kubernetes-id names it.
          instanceId: kubernetesId,
          name: input.name,
          namespace: input.namespace,
          tenant: input.tenant,
          chart: chart.chart,
          chartVersion: chart.version,
          source: chart.source,
          values: withWorkloadLabels(values, profile, {
            [KUBERNETES_ID_LABEL]: kubernetesId,
          }),
        });
        const text = yaml.dump(manifest, { lineWidth: -1, noRefs: true });
        const relative = input.manifestPath ?? 'helmrelease.yaml';
        let target: string;
        try {
          target = resolveSafeChildPath(ctx.workspacePath, relative);
        } catch (error) {
          throw new NotAllowedError(
            `manifestPath: "${relative}" is outside the task workspace`,
            error,
          );
        }
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, text, 'utf8');
        const written = path.relative(ctx.workspacePath, target);
        ctx.logger.info(
          `Wrote the HelmRelease ${input.name} for ${input.namespace} to ${written}; nothing was deployed`,
        );
        ctx.output('namespace', input.namespace);
        ctx.output('manifest', JSON.parse(JSON.stringify(manifest)));
        ctx.output('manifestYaml', text);
        ctx.output('manifestPath', written);
      }

      function readValues(): Values {
        if (input.values !== undefined) return input.values as Values;
        if (input.valuesYaml === undefined) return {};
        let parsed: unknown;
        try {
          parsed = yaml.load(input.valuesYaml, { schema: yaml.CORE_SCHEMA });
        } catch (error) {
          throw new InputError(
            `valuesYaml: not valid YAML: ${(error as Error).message}`,
          );
        }
        if (parsed === undefined || parsed === null) return {};
        if (!isMap(parsed)) {
          throw new InputError('valuesYaml: must be a map of Helm values');
        }
        return parsed;
      }
    },
  });
}
