/**
 * The project's own `model-server` chart (examples/charts/model-server), as the simulator
 * renders it: a Deployment running vLLM's OpenAI server, a Service of the exposure type (an
 * Ingress in front of a ClusterIP Service for `ingress`), and a PVC for the model cache when
 * `cache.size` is set. Defaults, names, labels, arguments and the values schema's closed
 * objects mirror the chart; keep them in step when the chart changes.
 */
import { isPlainObject } from '../../util';
import type { KObject } from '../../util';
import {
  ChartRenderError,
  RenderContext,
  SimulatedChart,
  fullname,
  quantityString,
  stringMap,
} from './chart';

const CHART = 'model-server';

function defaults() {
  return {
    replicaCount: 1,
    image: {
      registry: '',
      repository: 'vllm/vllm-openai',
      tag: 'v0.6.4',
      pullPolicy: 'IfNotPresent',
    },
    imagePullSecrets: [],
    model: {
      id: 'Qwen/Qwen2.5-1.5B-Instruct',
      servedName: '',
      dtype: 'auto',
      maxModelLen: 8192,
      gpuMemoryUtilization: 0.9,
      extraArgs: [],
    },
    huggingFace: { tokenSecret: { name: '', key: 'token' } },
    gpu: { resource: 'nvidia.com/gpu', count: 1, product: '', memoryMiB: 0 },
    resources: {
      requests: { cpu: '2', memory: '16Gi' },
      limits: { memory: '16Gi' },
    },
    exposure: {
      type: 'clusterip',
      nodePort: null,
      host: '',
      ingressClassName: '',
    },
    cache: { size: '50Gi', storageClass: '' },
    probes: { startupTimeoutSeconds: 1800 },
    nodeSelector: {},
    tolerations: [],
    runtimeClassName: '',
    strategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
    },
    labels: {},
    podLabels: {},
  };
}

/** The closed objects (`additionalProperties: false`) of the chart's values.schema.json. */
const SCHEMA_KEYS: Record<string, string[]> = {
  '': [
    'replicaCount',
    'image',
    'imagePullSecrets',
    'model',
    'huggingFace',
    'gpu',
    'resources',
    'exposure',
    'cache',
    'probes',
    'nodeSelector',
    'tolerations',
    'runtimeClassName',
    'strategy',
    'labels',
    'podLabels',
  ],
  image: ['registry', 'repository', 'tag', 'pullPolicy'],
  model: [
    'id',
    'servedName',
    'dtype',
    'maxModelLen',
    'gpuMemoryUtilization',
    'extraArgs',
  ],
  huggingFace: ['tokenSecret'],
  'huggingFace.tokenSecret': ['name', 'key'],
  gpu: ['resource', 'count', 'product', 'memoryMiB'],
  resources: ['requests', 'limits'],
  exposure: ['type', 'nodePort', 'host', 'ingressClassName'],
  cache: ['size', 'storageClass'],
  probes: ['startupTimeoutSeconds'],
  strategy: ['type', 'rollingUpdate'],
  'strategy.rollingUpdate': ['maxSurge', 'maxUnavailable'],
};

/** Helm refuses values its schema does not allow (here: unknown keys of closed objects). */
function validate(values: any): void {
  const errors: string[] = [];
  for (const [path, allowed] of Object.entries(SCHEMA_KEYS)) {
    let obj = values;
    for (const p of path ? path.split('.') : []) obj = obj?.[p];
    if (!isPlainObject(obj)) continue;
    for (const k of Object.keys(obj).sort()) {
      if (!allowed.includes(k)) {
        errors.push(
          `- ${path || '(root)'}: Additional property ${k} is not allowed`,
        );
      }
    }
  }
  if (!values?.model?.id)
    errors.push('- model.id: String length must be greater than or equal to 1');
  if (errors.length) {
    const err = new Error(
      `values don't meet the specifications of the schema(s) in the following chart(s):\n${CHART}:\n${errors.join(
        '\n',
      )}`,
    );
    throw err;
  }
}

/** `model-server.resources`: `resources` plus the GPU resource and HAMi memory, requested and limited alike. */
function containerResources(v: any): any {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  for (const [k, x] of Object.entries(v.resources?.requests ?? {}))
    requests[k] = quantityString(x);
  for (const [k, x] of Object.entries(v.resources?.limits ?? {}))
    limits[k] = quantityString(x);
  const count = Math.trunc(Number(v.gpu?.count ?? 0)) || 0;
  if (count > 0) {
    const resource = String(v.gpu?.resource || 'nvidia.com/gpu');
    requests[resource] = String(count);
    limits[resource] = String(count);
  }
  const mem = Math.trunc(Number(v.gpu?.memoryMiB ?? 0)) || 0;
  if (mem > 0) {
    requests['nvidia.com/gpumem'] = String(mem);
    limits['nvidia.com/gpumem'] = String(mem);
  }
  return {
    ...(Object.keys(requests).length ? { requests } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
  };
}

const SERVICE_TYPES: Record<string, string> = {
  clusterip: 'ClusterIP',
  nodeport: 'NodePort',
  loadbalancer: 'LoadBalancer',
  ingress: 'ClusterIP',
};

function render(ctx: RenderContext): KObject[] {
  const v = ctx.values;
  validate(v);
  const name = fullname(ctx);
  const selector = {
    'app.kubernetes.io/name': ctx.chart,
    'app.kubernetes.io/instance': ctx.release,
  };
  // `labels` go on every object and the pods; the chart's own labels win over them
  const userLabels = stringMap(v.labels);
  const labels = {
    ...userLabels,
    ...selector,
    'app.kubernetes.io/version': ctx.appVersion,
    'app.kubernetes.io/managed-by': 'Helm',
    'helm.sh/chart': `${ctx.chart}-${ctx.version}`,
  };
  const podLabels = { ...userLabels, ...stringMap(v.podLabels), ...selector };
  const exposure = String(v.exposure?.type ?? '');
  const serviceType = SERVICE_TYPES[exposure];
  if (!serviceType) {
    throw new ChartRenderError(
      `${CHART}/templates/service.yaml`,
      'exposure.type must be clusterip, nodeport, loadbalancer or ingress',
    );
  }
  const gpuCount = Math.trunc(Number(v.gpu?.count ?? 0)) || 0;
  const cacheSize = v.cache?.size ? String(v.cache.size) : '';
  const nodeSelector = {
    ...stringMap(v.nodeSelector),
    ...(v.gpu?.product
      ? { 'nvidia.com/gpu.product': String(v.gpu.product) }
      : {}),
  };
  const image = `${
    v.image?.registry ? `${String(v.image.registry).replace(/\/+$/, '')}/` : ''
  }${v.image?.repository}:${v.image?.tag}`;
  const model = v.model ?? {};
  const env: any[] = [{ name: 'HF_HOME', value: '/cache/huggingface' }];
  if (v.huggingFace?.tokenSecret?.name) {
    env.push({
      name: 'HF_TOKEN',
      valueFrom: {
        secretKeyRef: {
          name: String(v.huggingFace.tokenSecret.name),
          key: String(v.huggingFace.tokenSecret.key),
        },
      },
    });
  }
  const probe = (periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path: '/health', port: 'http' },
    periodSeconds,
    failureThreshold,
  });
  const container: any = {
    name: 'vllm',
    image,
    imagePullPolicy: v.image?.pullPolicy,
    args: [
      '--model',
      String(model.id),
      '--served-model-name',
      String(model.servedName || model.id),
      '--dtype',
      String(model.dtype),
      '--max-model-len',
      String(Math.trunc(Number(model.maxModelLen))),
      '--gpu-memory-utilization',
      String(model.gpuMemoryUtilization),
      '--tensor-parallel-size',
      String(Math.max(1, gpuCount)),
      '--host',
      '0.0.0.0',
      '--port',
      '8000',
      ...(model.extraArgs ?? []).map(String),
    ],
    env,
    ports: [{ name: 'http', containerPort: 8000, protocol: 'TCP' }],
    startupProbe: probe(
      10,
      Math.trunc(Number(v.probes?.startupTimeoutSeconds ?? 1800) / 10),
    ),
    livenessProbe: probe(10, 3),
    readinessProbe: probe(5, 3),
    volumeMounts: [
      { name: 'cache', mountPath: '/cache' },
      { name: 'shm', mountPath: '/dev/shm' },
    ],
  };
  const resources = containerResources(v);
  if (Object.keys(resources).length) container.resources = resources;
  const strategy = v.strategy;
  const strategyType = strategy?.type || 'RollingUpdate';
  const objects: KObject[] = [];
  if (cacheSize) {
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: `${name}-cache`, labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(v.cache?.storageClass
          ? { storageClassName: String(v.cache.storageClass) }
          : {}),
        resources: { requests: { storage: cacheSize } },
      },
    });
  }
  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels },
    spec: {
      type: serviceType,
      selector,
      ports: [
        {
          name: 'http',
          port: 8000,
          targetPort: 'http',
          protocol: 'TCP',
          ...((exposure === 'nodeport' || exposure === 'loadbalancer') &&
          v.exposure?.nodePort
            ? { nodePort: Number(v.exposure.nodePort) }
            : {}),
        },
      ],
    },
  });
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: Number(v.replicaCount ?? 1),
      ...(isPlainObject(strategy) && Object.keys(strategy).length
        ? {
            strategy: {
              type: strategyType,
              ...(strategyType !== 'Recreate' &&
              isPlainObject(strategy.rollingUpdate) &&
              Object.keys(strategy.rollingUpdate).length
                ? { rollingUpdate: strategy.rollingUpdate }
                : {}),
            },
          }
        : {}),
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: podLabels },
        spec: {
          automountServiceAccountToken: false,
          ...(Array.isArray(v.imagePullSecrets) && v.imagePullSecrets.length
            ? { imagePullSecrets: v.imagePullSecrets }
            : {}),
          ...(v.runtimeClassName
            ? { runtimeClassName: String(v.runtimeClassName) }
            : {}),
          ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
          ...(Array.isArray(v.tolerations) && v.tolerations.length
            ? { tolerations: v.tolerations }
            : {}),
          containers: [container],
          volumes: [
            cacheSize
              ? {
                  name: 'cache',
                  persistentVolumeClaim: { claimName: `${name}-cache` },
                }
              : { name: 'cache', emptyDir: {} },
            { name: 'shm', emptyDir: { medium: 'Memory' } },
          ],
        },
      },
    },
  });
  if (exposure === 'ingress') {
    if (!v.exposure?.host) {
      throw new ChartRenderError(
        `${CHART}/templates/ingress.yaml`,
        'exposure.host is required when exposure.type is ingress',
      );
    }
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, labels },
      spec: {
        ...(v.exposure?.ingressClassName
          ? { ingressClassName: String(v.exposure.ingressClassName) }
          : {}),
        rules: [
          {
            host: String(v.exposure.host),
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name, port: { name: 'http' } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
  return objects;
}

export const modelServerChart: SimulatedChart = {
  name: CHART,
  defaultVersion: '0.1.0',
  appVersion: 'v0.6.4',
  defaults,
  render,
};
