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

export function instanceFacts(instance: OcdpInstanceDetails): InstanceFacts {
  const values = instance.values;
  const model = map(values.model);
  const gpu = map(values.gpu);
  const count = text(gpu.count);
  const resource = text(gpu.resource);
  const product = text(gpu.product);
  const gpuKind =
    resource && resource !== 'nvidia.com/gpu' ? resource : product ?? resource;
  let replicas: number | undefined;
  if (typeof values.replicaCount === 'number') {
    replicas = values.replicaCount;
  } else {
    replicas = instance.live.desiredReplicas;
  }
  return {
    model: text(model.id),
    servedName: text(model.servedName),
    gpu: count ? `${count} × ${gpuKind ?? 'GPU'}` : undefined,
    replicas,
  };
}
