import { parseQuantity } from '../quantity';
import { footprint } from './fromValues';
import {
  GENERIC_PROFILE,
  MODEL_SERVER_PROFILE,
  VLLM_PRODUCTION_STACK_PROFILE,
} from './profiles';
import { strings } from './testUtils';

const H100 = {
  matchExpressions: [
    {
      key: 'nvidia.com/gpu.product',
      operator: 'In',
      values: ['NVIDIA-H100-80GB-HBM3'],
    },
  ],
};
const GPU_TAINT = {
  key: 'nvidia.com/gpu',
  operator: 'Exists',
  effect: 'NoSchedule',
};

const productionStack = {
  servingEngineSpec: {
    runtimeClassName: 'nvidia',
    tolerations: [GPU_TAINT],
    modelSpec: [
      {
        name: 'llama3',
        modelURL: 'meta-llama/Llama-3.1-8B-Instruct',
        replicaCount: 2,
        requestCPU: 10,
        requestMemory: '64Gi',
        requestGPU: 2,
        pvcStorage: '100Gi',
        storageClass: 'fast',
        nodeSelectorTerms: [H100],
      },
      {
        name: 'mistral',
        replicaCount: 1,
        requestCPU: 4,
        requestMemory: '16Gi',
        requestGPU: 1,
        requestGPUType: 'nvidia.com/mig-3g.40gb',
        limitMemory: '20Gi',
        tolerations: [],
      },
    ],
  },
  routerSpec: {
    enableRouter: true,
    replicaCount: 1,
    serviceType: 'NodePort',
    resources: {
      requests: { cpu: '400m', memory: '500Mi' },
      limits: { memory: '1Gi' },
    },
  },
};

describe('footprint with the vllm-production-stack profile', () => {
  const fp = footprint(productionStack, VLLM_PRODUCTION_STACK_PROFILE, {
    releaseName: 'rel',
  });

  it('gives one workload per modelSpec plus the router', () => {
    expect(fp.workloads.map(w => [w.name, w.replicas, w.surge])).toEqual([
      ['rel-deployment-router', 1, 1],
      ['rel-llama3-deployment-vllm', 2, 2],
      ['rel-mistral-deployment-vllm', 1, 1],
    ]);
  });

  it('reads the flat request fields, the GPU type and the shared settings', () => {
    const [router, llama, mistral] = fp.workloads;
    expect(strings(llama.pod.requests)).toEqual({
      cpu: '10',
      memory: '64Gi',
      'nvidia.com/gpu': '2',
    });
    expect(strings(llama.pod.limits)).toEqual({ 'nvidia.com/gpu': '2' });
    expect(llama.pod.gpuProduct).toBe('NVIDIA-H100-80GB-HBM3');
    expect(llama.pod.nodeAffinity).toEqual([H100]);
    expect(llama.pod.tolerations).toEqual([GPU_TAINT]);
    expect(llama.pod.runtimeClassName).toBe('nvidia');
    expect(llama.strategy).toEqual({
      type: 'RollingUpdate',
      maxSurge: '100%',
      maxUnavailable: 0,
    });
    expect(strings(mistral.pod.requests)).toEqual({
      cpu: '4',
      memory: '16Gi',
      'nvidia.com/mig-3g.40gb': '1',
    });
    expect(strings(mistral.pod.limits)).toEqual({
      memory: '20Gi',
      'nvidia.com/mig-3g.40gb': '1',
    });
    expect(mistral.pod.tolerations).toEqual([]);
    expect(strings(router.pod.requests)).toEqual({
      cpu: '400m',
      memory: '500Mi',
    });
  });

  it('gives the claims, services and object counts', () => {
    expect(fp.volumeClaims).toEqual([
      {
        name: 'rel-llama3-storage-claim',
        storage: parseQuantity('100Gi'),
        storageClassName: 'fast',
      },
    ]);
    expect(fp.services).toEqual([
      { name: 'rel-llama3-engine-service', type: 'ClusterIP', nodePorts: 0 },
      { name: 'rel-mistral-engine-service', type: 'ClusterIP', nodePorts: 0 },
      { name: 'rel-router-service', type: 'NodePort', nodePorts: 2 },
    ]);
    expect(fp.objects).toEqual({
      'count/deployments.apps': 3,
      'count/persistentvolumeclaims': 1,
      'count/pods': 4,
      'count/replicasets.apps': 3,
      'count/services': 3,
      persistentvolumeclaims: 1,
      pods: 4,
      services: 3,
      'services.nodeports': 2,
    });
  });

  it('leaves out disabled engines and router', () => {
    const off = footprint(
      {
        servingEngineSpec: {
          ...productionStack.servingEngineSpec,
          enableEngine: false,
        },
        routerSpec: { enableRouter: false },
      },
      VLLM_PRODUCTION_STACK_PROFILE,
    );
    expect(off.workloads).toEqual([]);
    expect(off.objects).toEqual({});
  });

  it('names the list element in errors', () => {
    const bad = structuredClone(productionStack);
    (bad.servingEngineSpec.modelSpec[1] as any).requestMemory = 'lots';
    expect(() => footprint(bad, VLLM_PRODUCTION_STACK_PROFILE)).toThrow(
      'servingEngineSpec.modelSpec[1].requestMemory: "lots" is not a valid Kubernetes quantity',
    );
  });
});

describe('footprint with the generic profile', () => {
  it('defaults requests to limits and the strategy to 25 % / 25 %', () => {
    const fp = footprint(
      {
        replicaCount: 3,
        resources: { limits: { cpu: '1', memory: '1Gi' } },
        service: { type: 'LoadBalancer' },
        ingress: { enabled: true },
        persistence: { enabled: false, size: '8Gi' },
      },
      GENERIC_PROFILE,
      { releaseName: 'app' },
    );
    const [w] = fp.workloads;
    expect(strings(w.pod.requests)).toEqual({ cpu: '1', memory: '1Gi' });
    // 25 % of 3: surge rounds up to 1, unavailable rounds down to 0.
    expect(w).toMatchObject({
      name: 'app',
      replicas: 3,
      surge: 1,
      maxUnavailable: 0,
    });
    expect(fp.volumeClaims).toEqual([]);
    expect(fp.services).toEqual([
      { name: 'app', type: 'LoadBalancer', nodePorts: 1 },
    ]);
    expect(fp.objects['count/ingresses.networking.k8s.io']).toBe(1);
    expect(fp.objects['services.loadbalancers']).toBe(1);
  });

  it('gives one ClusterIP Service and no pods for an empty chart', () => {
    const fp = footprint({ replicaCount: 0 }, GENERIC_PROFILE);
    expect(fp.workloads[0]).toMatchObject({
      replicas: 0,
      surge: 0,
      maxUnavailable: 1,
    });
    expect(fp.objects).toEqual({
      'count/deployments.apps': 1,
      'count/replicasets.apps': 1,
      'count/services': 1,
      services: 1,
    });
  });
});

describe('footprint with the model-server profile', () => {
  const values = {
    replicaCount: 1,
    gpu: { resource: 'nvidia.com/gpu', count: 2, product: 'NVIDIA-L40S' },
    exposure: { type: 'clusterip' },
  };

  it('puts the GPU product in the node selector', () => {
    const [w] = footprint(values, MODEL_SERVER_PROFILE).workloads;
    expect(w.pod.nodeSelector).toEqual({
      'nvidia.com/gpu.product': 'NVIDIA-L40S',
    });
    expect(w.pod.gpuProduct).toBe('NVIDIA-L40S');
  });

  it.each([
    [{ gpu: { count: 'two' } }, 'gpu.count: must be a non-negative integer'],
    [{ gpu: { count: 1.5 } }, 'gpu.count: must be a non-negative integer'],
    [{ replicaCount: -1 }, 'replicaCount: must be a non-negative integer'],
    [
      { exposure: { type: 'public' } },
      'exposure.type: must be one of clusterip, nodeport, loadbalancer, ingress, ClusterIP, NodePort, LoadBalancer, ExternalName',
    ],
    [
      { resources: { requests: { cpu: '2 cores' } } },
      'resources.requests.cpu: "2 cores" is not a valid Kubernetes quantity',
    ],
    [{ resources: [] }, 'resources: must be a map'],
    [
      { resources: { requests: '2 cpus' } },
      'resources.requests: must be a map of resource quantities',
    ],
    [{ tolerations: {} }, 'tolerations: must be a list'],
    [
      { strategy: { type: 'BlueGreen' } },
      'strategy.type: must be RollingUpdate or Recreate',
    ],
    [
      { strategy: { rollingUpdate: { maxSurge: '1' } } },
      'strategy.rollingUpdate.maxSurge: must be a non-negative integer or a percentage like "25%"',
    ],
  ])('refuses %j: %s', (bad, message) => {
    expect(() =>
      footprint({ ...values, ...bad }, MODEL_SERVER_PROFILE),
    ).toThrow(message);
  });

  it('refuses values that are not a map', () => {
    expect(() => footprint([], MODEL_SERVER_PROFILE)).toThrow(
      'values: must be a map',
    );
  });
});
