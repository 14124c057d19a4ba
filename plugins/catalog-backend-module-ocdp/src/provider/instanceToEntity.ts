import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ComponentEntity,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  ChartProfile,
  INSTANCE_ID_ANNOTATION,
  KUBERNETES_ID_LABEL,
  OcdpInstance,
  findChartProfile,
} from '@ocdp/plugin-ocdp-common';
import { instanceFacts } from './instanceFacts';

/** `spec.type` of a model instance Component. @public */
export const MODEL_INSTANCE_TYPE = 'model-instance';
/** Annotation naming the instance's namespace, read by the Kubernetes plugin. */
const KUBERNETES_NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

/** A catalog tag from any text: lower-case letters, digits and single `-`. */
function tag(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

export interface InstanceEntityOptions {
  /** Base URL of the OCDP backend (`…/api/ocdp`), for the entity's location. */
  baseUrl: string;
  /** `spec.system` when set. */
  system?: string;
  chartProfiles?: Readonly<Record<string, ChartProfile>>;
}

/**
 * The `Component` that publishes an instance: named by its `backstage.io/kubernetes-id`, owned by
 * whoever deployed it, annotated so the Kubernetes tab finds its workloads and the OCDP card finds
 * the instance.
 *
 * @public
 */
export function instanceToEntity(
  instance: OcdpInstance,
  options: InstanceEntityOptions,
): ComponentEntity {
  const ref = parseEntityRef(instance.entityRef, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  const { modelId, endpoint } = instanceFacts(
    instance.values,
    findChartProfile(instance.profile, options.chartProfiles),
  );
  const location = `url:${options.baseUrl}/instances/${encodeURIComponent(
    instance.id,
  )}`;
  const tags = [
    ...new Set(
      ['ocdp', MODEL_INSTANCE_TYPE, instance.chart, instance.tenant]
        .map(tag)
        .filter(Boolean),
    ),
  ];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: instance.kubernetesId,
      namespace: ref.namespace,
      title: `${instance.name} (${instance.tenant} on ${instance.cluster})`,
      description: modelId
        ? `Model server of ${modelId}, release ${instance.name} in namespace ${instance.namespace} on cluster ${instance.cluster}`
        : `Model server release ${instance.name} in namespace ${instance.namespace} on cluster ${instance.cluster}`,
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [KUBERNETES_ID_LABEL]: instance.kubernetesId,
        [KUBERNETES_NAMESPACE_ANNOTATION]: instance.namespace,
        [INSTANCE_ID_ANNOTATION]: instance.id,
        'ocdp.io/cluster': instance.cluster,
        'ocdp.io/tenant': instance.tenant,
      },
      // a tenant name is a DNS label, so always a valid label value
      labels: { 'ocdp.io/tenant': instance.tenant },
      tags,
      ...(endpoint
        ? { links: [{ url: endpoint, title: 'Endpoint', icon: 'web' }] }
        : {}),
    },
    spec: {
      type: MODEL_INSTANCE_TYPE,
      lifecycle: 'production',
      owner: instance.owner,
      ...(options.system ? { system: options.system } : {}),
    },
  };
}
