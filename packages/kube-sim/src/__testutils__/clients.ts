/** Test helpers: real @kubernetes/client-node clients against a started kube-sim. */
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { KubeSim } from '../sim';

export function clientsFor(sim: KubeSim) {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeConfig());
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    objects: KubernetesObjectApi.makeApiClient(kc),
    watch: new Watch(kc),
  };
}

export const mergePatch = setHeaderOptions(
  'Content-Type',
  PatchStrategy.MergePatch,
);
export const jsonPatch = setHeaderOptions(
  'Content-Type',
  PatchStrategy.JsonPatch,
);
export const strategicPatch = setHeaderOptions(
  'Content-Type',
  PatchStrategy.StrategicMergePatch,
);

/** Runs `fn` expecting a client-node ApiException; returns { code, body (parsed Status) }. */
export async function expectApiError(
  fn: () => Promise<unknown>,
): Promise<{ code: number; status: any }> {
  try {
    await fn();
  } catch (e: any) {
    if (typeof e?.code !== 'number') throw e;
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    return { code: e.code, status: body };
  }
  throw new Error('expected the call to fail');
}

export function pod(
  name: string,
  resources: Record<string, any> = {},
  extra: Record<string, any> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name } },
    spec: {
      containers: [{ name: 'main', image: 'busybox:1.36', resources }],
      ...extra,
    },
  };
}

export function gpuNode(
  name: string,
  product: string,
  gpus: number,
  memoryMiB: number,
) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'nvidia.com/gpu.product': product,
        'nvidia.com/gpu.memory': String(memoryMiB),
        'nvidia.com/gpu.count': String(gpus),
      },
    },
    status: {
      capacity: {
        cpu: '32',
        memory: '128Gi',
        pods: '110',
        'nvidia.com/gpu': String(gpus),
      },
    },
  };
}

export function cpuNode(name: string, cpu = '8', memory = '32Gi') {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: { capacity: { cpu, memory, pods: '110' } },
  };
}
