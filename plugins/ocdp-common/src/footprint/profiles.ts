import { ValuesPath } from './paths';
import { ServiceType } from './types';

/**
 * How a user wants to reach a model server.
 *
 * @public
 */
export type Exposure = 'clusterip' | 'nodeport' | 'loadbalancer' | 'ingress';

/** @public */
export const EXPOSURES: readonly Exposure[] = Object.freeze([
  'clusterip',
  'nodeport',
  'loadbalancer',
  'ingress',
] as const);

/** The Service type behind each exposure (an Ingress fronts a ClusterIP Service). @public */
export const EXPOSURE_SERVICE_TYPES: Readonly<Record<Exposure, ServiceType>> =
  Object.freeze({
    clusterip: 'ClusterIP',
    nodeport: 'NodePort',
    loadbalancer: 'LoadBalancer',
    ingress: 'ClusterIP',
  });

/**
 * A Service a workload's chart creates, and where the chart keeps its type.
 *
 * @public
 */
export interface ServiceProfile {
  /** Object name; `{release}` and `{name}` (the workload name) are replaced. */
  name: string;
  typePath?: ValuesPath;
  /** The chart value when `typePath` is unset; `ClusterIP` by default. */
  defaultType?: string;
  /**
   * The chart value written for each exposure choice. Values that are Kubernetes Service types
   * (`NodePort`) need no entry to be read.
   */
  exposureValues?: Partial<Record<Exposure, string>>;
  /** Ports of the Service (each takes a node port when exposed by NodePort or LoadBalancer). */
  ports?: number;
  nodePortPath?: ValuesPath;
  /** The chart's Ingress, present when `enabledPath` is set and true, or when the type is `exposureValues.ingress`. */
  ingress?: {
    name: string;
    enabledPath?: ValuesPath;
    hostPath?: ValuesPath;
    classNamePath?: ValuesPath;
  };
}

/**
 * Where a chart keeps what one workload asks for.
 *
 * @public
 */
export interface WorkloadProfile {
  /** One workload per element of the list at this path (production-stack `servingEngineSpec.modelSpec`). */
  listPath?: string;
  /** The workload's name in a list element (`name`). */
  workloadNamePath?: ValuesPath;
  /** The workload's name otherwise (`router`); the profile name by default. */
  workloadName?: string;
  /** Object name of the workload; `{release}` and `{name}` are replaced. */
  objectName: string;
  kind?: 'Deployment' | 'StatefulSet';
  /** The workload exists when this value is true; when it is unset, `enabledByDefault` decides (default true). */
  enabledPath?: ValuesPath;
  enabledByDefault?: boolean;
  replicasPath?: ValuesPath;
  /** Replicas when `replicasPath` is unset (default 1). */
  defaultReplicas?: number;
  /** A Kubernetes `resources` map (`requests`, `limits`). */
  resourcesPath?: ValuesPath;
  /** Resources kept as single values: resource name → path (`cpu: requestCPU`). */
  requests?: Readonly<Record<string, ValuesPath>>;
  limits?: Readonly<Record<string, ValuesPath>>;
  gpu?: {
    /** The GPU resource name (`nvidia.com/gpu`, `nvidia.com/mig-1g.10gb`). */
    resourcePath?: ValuesPath;
    /** `nvidia.com/gpu` by default. */
    defaultResource?: string;
    /** GPUs per pod, requested and limited. */
    countPath?: ValuesPath;
    /** HAMi GPU memory per GPU in MiB, as `nvidia.com/gpumem`, requested and limited. */
    memoryMiBPath?: ValuesPath;
    /** GPU model, as node selector `nvidia.com/gpu.product`. */
    productPath?: ValuesPath;
  };
  /** A Deployment `strategy`; an empty map reads as unset. */
  strategyPath?: ValuesPath;
  /** The strategy the chart writes when the value is unset (Kubernetes' default otherwise). */
  defaultStrategy?: Readonly<Record<string, unknown>>;
  nodeSelectorPath?: ValuesPath;
  /** Required node affinity terms (`nodeSelectorTerms`). */
  nodeSelectorTermsPath?: ValuesPath;
  /** A whole Kubernetes `affinity`. */
  affinityPath?: ValuesPath;
  tolerationsPath?: ValuesPath;
  runtimeClassNamePath?: ValuesPath;
  /** The workload's PersistentVolumeClaim, created when the size is set (and `enabledPath`, if given, is true). */
  storage?: {
    name: string;
    sizePath: ValuesPath;
    storageClassPath?: ValuesPath;
    enabledPath?: ValuesPath;
  };
  services?: readonly ServiceProfile[];
}

/**
 * Where a chart keeps what OCDP needs: its workloads and, for rendering values, the image
 * registry, pull secrets, pod labels and model settings. Profiles are data, so admins add their
 * own under `ocdp.chartProfiles`.
 *
 * @public
 */
export interface ChartProfile extends WorkloadProfile {
  name: string;
  description?: string;
  /** Other workloads of the chart (the production-stack router). */
  extraWorkloads?: readonly WorkloadProfile[];
  imageRegistryPath?: ValuesPath;
  /** Pull secrets as a list of `{ name }`. */
  imagePullSecretsPath?: ValuesPath;
  /**
   * Labels added to the workloads and their pods. Overlay labels go to the first path; labels an
   * instance must carry (`backstage.io/kubernetes-id`) go to every path.
   */
  labelsPath?: ValuesPath;
  model?: {
    idPath?: ValuesPath;
    servedNamePath?: ValuesPath;
    dtypePath?: ValuesPath;
    maxModelLenPath?: ValuesPath;
  };
}

const KUBERNETES_SERVICE_TYPES: Partial<Record<Exposure, string>> = {
  clusterip: 'ClusterIP',
  nodeport: 'NodePort',
  loadbalancer: 'LoadBalancer',
  ingress: 'ClusterIP',
};

/** OCDP's own vLLM chart, `examples/charts/model-server`. @public */
export const MODEL_SERVER_PROFILE: ChartProfile = {
  name: 'model-server',
  description: "OCDP's vLLM OpenAI-compatible server chart",
  objectName: '{release}',
  kind: 'Deployment',
  replicasPath: 'replicaCount',
  resourcesPath: 'resources',
  gpu: {
    resourcePath: 'gpu.resource',
    defaultResource: 'nvidia.com/gpu',
    countPath: 'gpu.count',
    memoryMiBPath: 'gpu.memoryMiB',
    productPath: 'gpu.product',
  },
  strategyPath: 'strategy',
  nodeSelectorPath: 'nodeSelector',
  tolerationsPath: 'tolerations',
  runtimeClassNamePath: 'runtimeClassName',
  storage: {
    name: '{release}-cache',
    sizePath: 'cache.size',
    storageClassPath: 'cache.storageClass',
  },
  services: [
    {
      name: '{release}',
      typePath: 'exposure.type',
      defaultType: 'clusterip',
      exposureValues: {
        clusterip: 'clusterip',
        nodeport: 'nodeport',
        loadbalancer: 'loadbalancer',
        ingress: 'ingress',
      },
      ports: 1,
      nodePortPath: 'exposure.nodePort',
      ingress: {
        name: '{release}',
        hostPath: 'exposure.host',
        classNamePath: 'exposure.ingressClassName',
      },
    },
  ],
  imageRegistryPath: 'image.registry',
  imagePullSecretsPath: 'imagePullSecrets',
  labelsPath: ['labels', 'podLabels'],
  model: {
    idPath: 'model.id',
    servedNamePath: 'model.servedName',
    dtypePath: 'model.dtype',
    maxModelLenPath: 'model.maxModelLen',
  },
};

const PRODUCTION_STACK_STRATEGY = {
  rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 },
};

/** The vLLM production-stack chart: one engine Deployment per `servingEngineSpec.modelSpec[]`, plus the router. @public */
export const VLLM_PRODUCTION_STACK_PROFILE: ChartProfile = {
  name: 'vllm-production-stack',
  description: 'vLLM production-stack (serving engines and router)',
  listPath: 'servingEngineSpec.modelSpec',
  workloadNamePath: 'name',
  objectName: '{release}-{name}-deployment-vllm',
  kind: 'Deployment',
  enabledPath: '$.servingEngineSpec.enableEngine',
  replicasPath: 'replicaCount',
  requests: {
    cpu: 'requestCPU',
    memory: 'requestMemory',
    'nvidia.com/gpumem': 'requestGPUMem',
  },
  limits: {
    cpu: 'limitCPU',
    memory: 'limitMemory',
    'nvidia.com/gpumem': 'limitGPUMem',
  },
  gpu: {
    resourcePath: 'requestGPUType',
    defaultResource: 'nvidia.com/gpu',
    countPath: 'requestGPU',
  },
  strategyPath: '$.servingEngineSpec.strategy',
  defaultStrategy: PRODUCTION_STACK_STRATEGY,
  nodeSelectorTermsPath: 'nodeSelectorTerms',
  tolerationsPath: ['tolerations', '$.servingEngineSpec.tolerations'],
  runtimeClassNamePath: [
    'runtimeClassName',
    '$.servingEngineSpec.runtimeClassName',
  ],
  storage: {
    name: '{release}-{name}-storage-claim',
    sizePath: 'pvcStorage',
    storageClassPath: 'storageClass',
  },
  services: [{ name: '{release}-{name}-engine-service', ports: 8 }],
  extraWorkloads: [
    {
      workloadName: 'router',
      objectName: '{release}-deployment-router',
      kind: 'Deployment',
      enabledPath: 'routerSpec.enableRouter',
      replicasPath: 'routerSpec.replicaCount',
      resourcesPath: 'routerSpec.resources',
      strategyPath: 'routerSpec.strategy',
      defaultStrategy: PRODUCTION_STACK_STRATEGY,
      nodeSelectorTermsPath: 'routerSpec.nodeSelectorTerms',
      services: [
        {
          name: '{release}-router-service',
          typePath: 'routerSpec.serviceType',
          exposureValues: KUBERNETES_SERVICE_TYPES,
          ports: 2,
          nodePortPath: 'routerSpec.nodePorts.router',
          ingress: {
            name: '{release}-router-ingress',
            enabledPath: 'routerSpec.ingress.enabled',
            classNamePath: 'routerSpec.ingress.className',
          },
        },
      ],
    },
  ],
  labelsPath: '$.servingEngineSpec.labels',
  model: {
    idPath: 'modelURL',
    dtypePath: 'vllmConfig.dtype',
    maxModelLenPath: 'vllmConfig.maxModelLen',
  },
};

/** A chart laid out like `helm create`'s: `replicaCount`, `resources`, `service.type`. @public */
export const GENERIC_PROFILE: ChartProfile = {
  name: 'generic',
  description: 'A chart with replicaCount, resources and service.type',
  objectName: '{release}',
  kind: 'Deployment',
  replicasPath: 'replicaCount',
  resourcesPath: 'resources',
  strategyPath: 'strategy',
  nodeSelectorPath: 'nodeSelector',
  affinityPath: 'affinity',
  tolerationsPath: 'tolerations',
  runtimeClassNamePath: 'runtimeClassName',
  storage: {
    name: '{release}',
    sizePath: 'persistence.size',
    storageClassPath: 'persistence.storageClass',
    enabledPath: 'persistence.enabled',
  },
  services: [
    {
      name: '{release}',
      typePath: 'service.type',
      exposureValues: KUBERNETES_SERVICE_TYPES,
      ports: 1,
      nodePortPath: 'service.nodePort',
      ingress: {
        name: '{release}',
        enabledPath: 'ingress.enabled',
        classNamePath: 'ingress.className',
      },
    },
  ],
  imageRegistryPath: 'image.registry',
  imagePullSecretsPath: 'imagePullSecrets',
  labelsPath: 'podLabels',
};

/** The built-in profiles by name. @public */
export const BUILT_IN_CHART_PROFILES: Readonly<Record<string, ChartProfile>> =
  Object.freeze({
    [MODEL_SERVER_PROFILE.name]: MODEL_SERVER_PROFILE,
    [VLLM_PRODUCTION_STACK_PROFILE.name]: VLLM_PRODUCTION_STACK_PROFILE,
    [GENERIC_PROFILE.name]: GENERIC_PROFILE,
  });
