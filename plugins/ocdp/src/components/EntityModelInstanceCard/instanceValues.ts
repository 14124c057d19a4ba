import { OcdpInstanceDetails, Values } from '@ocdp/plugin-ocdp-common';

function map(value: unknown): Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Values)
    : {};
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') {
    return value;
  }
  return typeof value === 'number' ? String(value) : undefined;
}

/** What the card shows of an instance, read from the model-server chart's values layout. */
export interface InstanceFacts {
  model?: string;
  servedName?: string;
  /** `1 × NVIDIA-A100`, `2 × nvidia.com/mig-1g.10gb`. */
  gpu?: string;
  /** The replica count the values ask for; `undefined` when the chart keeps none. */
  replicas?: number;
}

/**
 * GPUs per replica for people, from the chart's `gpu` values: `1 × NVIDIA-A100`,
 * `2 × nvidia.com/mig-1g.10gb`, `1 GPU (any model)`; `undefined` without a count.
 */
export function describeGpu(values: Values): string | undefined {
  const gpu = map(values.gpu);
  const count = text(gpu.count);
  if (!count) {
    return undefined;
  }
  const resource = text(gpu.resource);
  const product = text(gpu.product);
  if (resource && resource !== 'nvidia.com/gpu') {
    return `${count} × ${resource}`;
  }
  if (product) {
    return `${count} × ${product}`;
  }
  return `${count} GPU${count === '1' ? '' : 's'} (any model)`;
}

export function instanceFacts(instance: OcdpInstanceDetails): InstanceFacts {
  const values = instance.values;
  const model = map(values.model);
  return {
    model: text(model.id),
    servedName: text(model.servedName),
    gpu: describeGpu(values),
    replicas:
      typeof values.replicaCount === 'number'
        ? values.replicaCount
        : instance.live.desiredReplicas,
  };
}
