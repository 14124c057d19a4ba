import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import {
  EXPOSURES,
  Exposure,
  ExposureChoice,
  Values,
  findChartProfile,
  footprint,
  footprintToJson,
  renderValues,
} from '@ocdp/plugin-ocdp-common';
import yaml from 'js-yaml';
import { OcdpValuesConfig } from '../config';

const DEFAULT_PROFILE = 'model-server';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The real path of a file, or of its closest existing parent when it does not exist yet. */
async function realPathOfClosest(file: string): Promise<string> {
  try {
    return await fs.realpath(file);
  } catch (error) {
    const parent = path.dirname(file);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && parent !== file) {
      return realPathOfClosest(parent);
    }
    throw error;
  }
}

/**
 * A path inside the task workspace. One that leads out of it, by `..`, an absolute path or a
 * symbolic link, is refused, naming the input.
 */
async function inWorkspace(
  workspacePath: string,
  relative: string,
  field: string,
): Promise<string> {
  const refuse = (cause?: unknown) =>
    new NotAllowedError(
      `${field}: "${relative}" is outside the task workspace`,
      cause,
    );
  let target: string;
  try {
    target = resolveSafeChildPath(workspacePath, relative);
  } catch (error) {
    throw refuse(error);
  }
  const root = await realPathOfClosest(workspacePath);
  if (!isChildPath(root, await realPathOfClosest(target))) {
    throw refuse();
  }
  return target;
}

/** A YAML or JSON file of the task workspace, read as a map. */
async function readWorkspaceMap(
  workspacePath: string,
  relative: string,
  field: string,
): Promise<Record<string, unknown>> {
  const file = await inWorkspace(workspacePath, relative, field);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `${field}: cannot read ${relative} in the workspace (${
        (error as NodeJS.ErrnoException).code ?? String(error)
      })`,
    );
  }
  let parsed: unknown;
  try {
    parsed = yaml.load(text);
  } catch (error) {
    throw new InputError(
      `${field}: ${relative} is not valid YAML or JSON: ${
        (error as Error).message
      }`,
    );
  }
  if (parsed === undefined || parsed === null) {
    return {};
  }
  if (!isRecord(parsed)) {
    throw new InputError(`${field}: ${relative} must hold a map`);
  }
  return parsed;
}

/** One of an inline object and a workspace file, never both. */
async function inlineOrFile(
  workspacePath: string,
  inline: Record<string, unknown> | undefined,
  file: string | undefined,
  names: [string, string],
): Promise<Record<string, unknown> | undefined> {
  if (inline !== undefined && file !== undefined) {
    throw new InputError(
      `${names[0]}: give ${names[0]} or ${names[1]}, not both`,
    );
  }
  if (file !== undefined) {
    return readWorkspaceMap(workspacePath, file, names[1]);
  }
  return inline;
}

const EXAMPLE = `steps:
  - id: values
    name: Render values
    action: ocdp:model:render-values
    input:
      cluster: demo
      profile: model-server
      chartDefaults:
        replicaCount: 1
        image: { repository: vllm/vllm-openai, tag: v0.6.4 }
        model: { id: Qwen/Qwen2.5-1.5B-Instruct, maxModelLen: 8192 }
        gpu: { resource: nvidia.com/gpu, count: 1 }
        exposure: { type: clusterip }
      parameters:
        model:
          id: Qwen/Qwen2.5-7B-Instruct
        gpu:
          count: 2
        replicaCount: 1
      exposure:
        type: nodeport
        nodePort: 30080
`;

const EXAMPLE_FROM_FILES = `steps:
  - id: fetch
    name: Fetch the chart
    action: fetch:plain
    input:
      url: ./chart
      targetPath: chart
  - id: values
    name: Render values
    action: ocdp:model:render-values
    input:
      cluster: \${{ parameters.cluster }}
      chartDefaultsPath: chart/values.yaml
      valuesSchemaPath: chart/values.schema.json
      parameters:
        model:
          id: \${{ parameters.model }}
      outputPath: deploy/values.yaml
`;

/**
 * Creates the `ocdp:model:render-values` action: chart defaults ← the cluster's environment
 * overlay (`ocdp.environments.<cluster>`) ← the user's parameters ← the exposure choice, checked
 * against the chart's values schema, written as `values.yaml` into the workspace, with the
 * footprint the values ask of the cluster.
 *
 * @public
 */
export function createRenderValuesAction(options: OcdpValuesConfig) {
  const { environments, chartProfiles } = options;
  return createTemplateAction({
    id: 'ocdp:model:render-values',
    description:
      "Renders a model server's Helm values (chart defaults, the cluster's environment overlay, the user's parameters and exposure), validates them against the chart's values schema, writes them into the workspace and outputs their resource footprint",
    examples: [
      {
        description:
          'Render the values of the model-server chart, exposed on a node port',
        example: EXAMPLE,
      },
      {
        description:
          "Render values from a fetched chart's values.yaml and values.schema.json",
        example: EXAMPLE_FROM_FILES,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          z.string({
            description:
              'Cluster the release goes to; its environment overlay (ocdp.environments.<cluster>) is merged over the chart defaults',
          }),
        profile: z =>
          z
            .string({
              description: `Chart profile: where the chart keeps replicas, resources, GPUs, storage, exposure (built in: model-server, vllm-production-stack, generic; more in ocdp.chartProfiles). Default ${DEFAULT_PROFILE}`,
            })
            .optional(),
        release: z =>
          z
            .string({
              description:
                'Helm release name, to name the objects of the footprint (default "release")',
            })
            .optional(),
        chartDefaults: z =>
          z
            .record(z.unknown(), {
              description:
                "The chart's values.yaml as an object (or use chartDefaultsPath)",
            })
            .optional(),
        chartDefaultsPath: z =>
          z
            .string({
              description:
                "The chart's values.yaml, a path inside the task workspace (or use chartDefaults)",
            })
            .optional(),
        parameters: z =>
          z
            .record(z.unknown(), {
              description:
                "The user's values, merged last (before the exposure choice)",
            })
            .optional(),
        exposure: z =>
          z
            .object(
              {
                type: z.enum(EXPOSURES as [Exposure, ...Exposure[]], {
                  description: 'How the model server is reached',
                }),
                nodePort: z
                  .number({
                    description:
                      'Node port (30000-32767) for nodeport and loadbalancer; Kubernetes picks one when absent',
                  })
                  .int()
                  .optional(),
                host: z
                  .string({ description: 'Ingress host, for ingress' })
                  .optional(),
              },
              { description: 'How the model server is exposed' },
            )
            .optional(),
        valuesSchema: z =>
          z
            .record(z.unknown(), {
              description:
                "The chart's values.schema.json as an object (or use valuesSchemaPath); the merged values are validated against it",
            })
            .optional(),
        valuesSchemaPath: z =>
          z
            .string({
              description:
                "The chart's values.schema.json, a path inside the task workspace (or use valuesSchema)",
            })
            .optional(),
        outputPath: z =>
          z
            .string({
              description:
                'Where to write the values, inside the task workspace (default values.yaml)',
            })
            .optional(),
      },
      output: {
        values: z =>
          z.record(z.unknown(), { description: 'The rendered values' }),
        valuesYaml: z =>
          z.string({ description: 'The rendered values as YAML' }),
        valuesPath: z =>
          z.string({
            description:
              'Where the values were written, relative to the workspace',
          }),
        footprint: z =>
          z.record(z.unknown(), {
            description:
              'What the values ask of the cluster: pods, requests and limits per pod, volume claims, Services, object counts',
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const profileName = input.profile ?? DEFAULT_PROFILE;
      const profile = findChartProfile(profileName, chartProfiles);
      if (!profile) {
        const known = [
          ...new Set([
            ...Object.keys(chartProfiles),
            'model-server',
            'vllm-production-stack',
            'generic',
          ]),
        ];
        throw new InputError(
          `profile: "${profileName}" is not a chart profile; known profiles: ${known.join(
            ', ',
          )}`,
        );
      }

      const chartDefaults = await inlineOrFile(
        ctx.workspacePath,
        input.chartDefaults,
        input.chartDefaultsPath,
        ['chartDefaults', 'chartDefaultsPath'],
      );
      const schema = await inlineOrFile(
        ctx.workspacePath,
        input.valuesSchema,
        input.valuesSchemaPath,
        ['valuesSchema', 'valuesSchemaPath'],
      );
      if (!chartDefaults) {
        ctx.logger.warn(
          'No chart defaults given: the values hold only the overlay and the parameters',
        );
      }
      const outputPath = input.outputPath ?? 'values.yaml';
      const target = await inWorkspace(
        ctx.workspacePath,
        outputPath,
        'outputPath',
      );

      const overlay = Object.prototype.hasOwnProperty.call(
        environments,
        input.cluster,
      )
        ? environments[input.cluster]
        : undefined;
      if (!overlay) {
        ctx.logger.info(
          `No environment overlay for cluster ${input.cluster} (ocdp.environments.${input.cluster})`,
        );
      }

      const rendered = renderValues({
        profile,
        chartDefaults: chartDefaults as Values | undefined,
        overlay,
        userParams: input.parameters as Values | undefined,
        exposure: input.exposure as ExposureChoice | undefined,
        schema,
      });
      if (rendered.errors.length > 0) {
        throw new InputError(rendered.errors.join('; '));
      }
      if (rendered.unmapped.length > 0) {
        ctx.logger.warn(
          `Chart profile ${
            profile.name
          } has no place for these environment fields, so they are not applied: ${rendered.unmapped.join(
            ', ',
          )}`,
        );
      }
      const needs = footprintToJson(
        footprint(rendered.values, profile, { releaseName: input.release }),
      );

      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, rendered.yaml, 'utf8');
      const written = path.relative(ctx.workspacePath, target);
      ctx.logger.info(
        `Wrote ${written}: ${
          needs.objects.pods ?? 0
        } pod(s) with chart profile ${profile.name}`,
      );

      ctx.output('values', rendered.values as JsonObject);
      ctx.output('valuesYaml', rendered.yaml);
      ctx.output('valuesPath', written);
      ctx.output('footprint', needs as unknown as JsonObject);
    },
  });
}
