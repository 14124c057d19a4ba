import { OcdpInputError } from '../errors';
import {
  InitContainerResources,
  effectivePodResources,
  parseResourceList,
  readContainerResources,
} from './resources';
import { NodeSelectorTerm, PodFootprint, Toleration } from './types';

/** The GPU Feature Discovery label naming a node's GPU model. */
export const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new OcdpInputError(field, 'must be a list');
  }
  return value;
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) {
    return {};
  }
  if (!isRecord(value)) {
    throw new OcdpInputError(field, 'must be a map of strings');
  }
  const out: Record<string, string> = {};
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v === null || v === undefined) {
      continue;
    }
    if (
      typeof v !== 'string' &&
      typeof v !== 'number' &&
      typeof v !== 'boolean'
    ) {
      throw new OcdpInputError(`${field}.${key}`, 'must be a string');
    }
    out[key] = String(v);
  }
  return out;
}

function requiredTerms(affinity: unknown, field: string): NodeSelectorTerm[] {
  if (!isRecord(affinity) || !isRecord(affinity.nodeAffinity)) {
    return [];
  }
  const required =
    affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (!isRecord(required)) {
    return [];
  }
  return list(
    required.nodeSelectorTerms,
    `${field}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`,
  ) as NodeSelectorTerm[];
}

/** The GPU model a pod is pinned to: its node selector, or one `In` value in its only term. */
function gpuProductOf(
  nodeSelector: Record<string, string>,
  terms: readonly NodeSelectorTerm[],
): string | undefined {
  if (nodeSelector[GPU_PRODUCT_LABEL]) {
    return nodeSelector[GPU_PRODUCT_LABEL];
  }
  if (terms.length !== 1) {
    return undefined;
  }
  const match = (terms[0].matchExpressions ?? []).find(
    e =>
      e.key === GPU_PRODUCT_LABEL &&
      e.operator === 'In' &&
      e.values?.length === 1,
  );
  return match?.values?.[0];
}

function containerName(containers: unknown, i: number): string {
  const c = Array.isArray(containers) ? containers[i] : undefined;
  return isRecord(c) && typeof c.name === 'string' ? c.name : `#${i}`;
}

/**
 * What one pod of a pod spec asks for: effective requests and limits (init containers, sidecars,
 * overhead), node selector, required node affinity, tolerations, runtime class, GPU model.
 *
 * @throws OcdpInputError naming the field (`field.containers[0].resources.limits.cpu`).
 * @public
 */
export function readPodSpec(spec: unknown, field: string): PodFootprint {
  if (!isRecord(spec)) {
    throw new OcdpInputError(field, 'must be a pod spec');
  }
  const containers = list(spec.containers, `${field}.containers`).map((c, i) =>
    readContainerResources(
      isRecord(c) ? c.resources : undefined,
      `${field}.containers[${i}].resources`,
    ),
  );
  const inits = list(spec.initContainers, `${field}.initContainers`).map(
    (c, i) => ({
      resources: readContainerResources(
        isRecord(c) ? c.resources : undefined,
        `${field}.initContainers[${i}].resources`,
      ),
      sidecar: isRecord(c) && c.restartPolicy === 'Always',
    }),
  );
  const overhead = parseResourceList(spec.overhead, `${field}.overhead`);
  const initsOf = (pick: 'requests' | 'limits'): InitContainerResources[] =>
    inits.map(i => ({ list: i.resources[pick], sidecar: i.sidecar }));
  const nodeSelector = stringMap(spec.nodeSelector, `${field}.nodeSelector`);
  const nodeAffinity = requiredTerms(spec.affinity, `${field}.affinity`);
  const pod: PodFootprint = {
    requests: effectivePodResources(
      containers.map(c => c.requests),
      initsOf('requests'),
      overhead,
    ),
    limits: effectivePodResources(
      containers.map(c => c.limits),
      initsOf('limits'),
      overhead,
      true,
    ),
    nodeSelector,
    nodeAffinity,
    tolerations: list(spec.tolerations, `${field}.tolerations`) as Toleration[],
  };
  const runtimeClassName = spec.runtimeClassName;
  if (typeof runtimeClassName === 'string' && runtimeClassName) {
    pod.runtimeClassName = runtimeClassName;
  }
  const gpuProduct = gpuProductOf(nodeSelector, nodeAffinity);
  if (gpuProduct) {
    pod.gpuProduct = gpuProduct;
  }
  if (typeof spec.priorityClassName === 'string' && spec.priorityClassName) {
    pod.priorityClassName = spec.priorityClassName;
  }
  if (
    typeof spec.activeDeadlineSeconds === 'number' &&
    spec.activeDeadlineSeconds >= 0
  ) {
    pod.activeDeadlineSeconds = spec.activeDeadlineSeconds;
  }
  Object.defineProperty(pod, 'containers', {
    value: [
      ...containers.map((c, i) => ({
        name: containerName(spec.containers, i),
        ...c,
      })),
      ...inits.map((c, i) => ({
        name: containerName(spec.initContainers, i),
        ...c.resources,
        init: c.sidecar ? ('sidecar' as const) : ('once' as const),
      })),
    ],
    enumerable: false,
  });
  return pod;
}
