import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { KUBERNETES_ID_LABEL } from './ClusterGpuAggregates';

/** The annotations the Backstage Kubernetes plugin finds an entity's objects by. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/** Which pods belong to an entity. */
export interface PodSelector {
  /** As written, e.g. `backstage.io/kubernetes-id=llama`. */
  text: string;
  /** Set when the selector is the kubernetes-id label, so an index answers it. */
  kubernetesId?: string;
  matches(namespace: string, labels: Record<string, string>): boolean;
}

type Requirement = (labels: Record<string, string>) => boolean;

/** Equality-based label selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`), as in the annotation. */
function parseEqualitySelector(text: string): Requirement[] {
  return text
    .split(',')
    .map(part => part.trim())
    .filter(Boolean)
    .map(part => {
      let m = /^([\w./-]+)\s*!=\s*([\w./-]*)$/.exec(part);
      if (m) {
        const [, key, value] = m;
        return labels => labels[key] !== value;
      }
      m = /^([\w./-]+)\s*==?\s*([\w./-]*)$/.exec(part);
      if (m) {
        const [, key, value] = m;
        return labels => labels[key] === value;
      }
      m = /^!([\w./-]+)$/.exec(part);
      if (m) {
        const key = m[1];
        return labels => !(key in labels);
      }
      m = /^([\w./-]+)$/.exec(part);
      if (m) {
        const key = m[1];
        return labels => key in labels;
      }
      throw new InputError(
        `${KUBERNETES_LABEL_SELECTOR_ANNOTATION}: "${part}" is not an equality-based label selector`,
      );
    });
}

/** The entity's pod selector, as the Kubernetes plugin builds it; undefined when it has none. */
export function podSelectorOf(entity: Entity): PodSelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  const inNamespace = (ns: string) => !namespace || ns === namespace;
  const labelSelector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  if (labelSelector) {
    const requirements = parseEqualitySelector(labelSelector);
    return {
      text: labelSelector,
      matches: (ns, labels) =>
        inNamespace(ns) && requirements.every(r => r(labels)),
    };
  }
  const id = annotations[KUBERNETES_ID_ANNOTATION];
  if (!id) return undefined;
  return {
    text: `${KUBERNETES_ID_LABEL}=${id}`,
    kubernetesId: id,
    matches: (ns, labels) =>
      inNamespace(ns) && labels[KUBERNETES_ID_LABEL] === id,
  };
}
