import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';

/**
 * Creates the `ocdp:cluster:check` action: fails early, before anything is rendered or deployed,
 * when the target cluster is not configured or its API server does not answer.
 *
 * @public
 */
export function createClusterCheckAction(options: {
  clusters: OcdpClustersService;
}) {
  const { clusters } = options;
  return createTemplateAction({
    id: 'ocdp:cluster:check',
    description:
      'Checks that an OCDP cluster is configured and its API server is reachable',
    examples: [
      {
        description:
          'Fail early when the chosen cluster is not configured or down',
        example: `steps:
  - id: check
    name: Check the cluster
    action: ocdp:cluster:check
    input:
      cluster: \${{ parameters.cluster }}
`,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          z.string({ description: 'Cluster name from the kubernetes config' }),
      },
      output: {
        cluster: z => z.string({ description: 'The cluster name' }),
        title: z => z.string({ description: "The cluster's display title" }),
        reachable: z =>
          z.boolean({ description: 'Always true when the step succeeds' }),
      },
    },
    async handler(ctx) {
      const known = clusters.list().map(c => c.name);
      if (!known.includes(ctx.input.cluster)) {
        throw new InputError(
          `cluster: "${ctx.input.cluster}" is not configured; known clusters: ${
            known.join(', ') || 'none'
          }`,
        );
      }
      const cluster = clusters.get(ctx.input.cluster);
      const probe = await clusters.probe(cluster.name);
      if (!probe.reachable) {
        throw new Error(
          `cluster "${cluster.name}" is not reachable: ${probe.error}`,
        );
      }
      ctx.logger.info(
        `cluster ${cluster.name} (${cluster.title}) is reachable`,
      );
      ctx.output('cluster', cluster.name);
      ctx.output('title', cluster.title);
      ctx.output('reachable', true);
    },
  });
}
