import { Values } from '../values';
import { instanceLabels } from './naming';

/**
 * Where Flux finds a chart: a `HelmRepository` (the chart by name and version) or an
 * `OCIRepository` (the artifact is the chart).
 *
 * @public
 */
export interface ChartSource {
  kind: 'HelmRepository' | 'OCIRepository';
  name: string;
  namespace?: string;
}

/** What a HelmRelease of an instance is made of. @public */
export interface HelmReleaseInput {
  instanceId: string;
  name: string;
  namespace: string;
  tenant: string;
  chart: string;
  chartVersion?: string;
  source: ChartSource;
  values: Values;
}

/** A Flux `HelmRelease` (`helm.toolkit.fluxcd.io/v2`). @public */
export interface HelmReleaseManifest {
  apiVersion: 'helm.toolkit.fluxcd.io/v2';
  kind: 'HelmRelease';
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

/** @public */
export const HELM_RELEASE_API_VERSION = 'helm.toolkit.fluxcd.io/v2';

/**
 * The HelmRelease that runs an instance, for server-side apply or for a GitOps repository.
 * Install and upgrade failures are remediated (retried, then rolled back) as Flux does when asked.
 *
 * @public
 */
export function helmReleaseManifest(
  input: HelmReleaseInput,
): HelmReleaseManifest {
  const sourceRef = {
    kind: input.source.kind,
    name: input.source.name,
    ...(input.source.namespace ? { namespace: input.source.namespace } : {}),
  };
  const chart =
    input.source.kind === 'OCIRepository'
      ? { chartRef: sourceRef }
      : {
          chart: {
            spec: {
              chart: input.chart,
              ...(input.chartVersion ? { version: input.chartVersion } : {}),
              sourceRef,
            },
          },
        };
  return {
    apiVersion: HELM_RELEASE_API_VERSION,
    kind: 'HelmRelease',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: instanceLabels(input.instanceId, input.tenant),
    },
    spec: {
      interval: '10m',
      releaseName: input.name,
      ...chart,
      install: { remediation: { retries: 3 } },
      upgrade: { remediation: { retries: 3, remediateLastFailure: true } },
      values: input.values,
    },
  };
}
