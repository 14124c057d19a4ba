/**
 * The project's own `model-server` chart, as the simulator renders it (values layout shared
 * with the templates and pickers): a Deployment running vLLM's OpenAI server, a Service of
 * the exposure type (an Ingress in front of a ClusterIP Service for `ingress`), and a PVC
 * for the model cache when `cache.size` is set.
 */
import type { KObject } from '../../util';
import {
  ChartRenderError,
  RenderContext,
  SimulatedChart,
  fullname,
  pullSecrets,
  quantityString,
  serviceType,
  standardLabels,
  stringMap,
} from './chart';

const CHART = 'model-server';

function defaults() {
  return {
    replicaCount: 1,
    image: {
      repository: 'vllm/vllm-openai',
      tag: 'v0.6.3',
      pullPolicy: 'IfNotPresent',
    },
    imagePullSecrets: [],
    model: { id: '', servedName: '', dtype: 'auto', maxModelLen: null },
    gpu: {
      resource: 'nvidia.com/gpu',
      count: 1,
      product: '',
      memoryMiB: null,
    },
    resources: {},
    exposure: { type: 'clusterip', nodePort: null, host: '', className: '' },
    service: { port: 8000 },
    cache: {
      size: '',
      storageClass: '',
      mountPath: '/root/.cache/huggingface',
    },
    nodeSelector: {},
    tolerations: [],
    runtimeClassName: '',
    priorityClassName: '',
    strategy: {},
    labels: {},
    podLabels: {},
    podAnnotations: {},
    podSecurityContext: {},
    securityContext: {},
    extraArgs: [],
    env: [],
  };
}

function containerResources(values: any): any {
  const res = values.resources ?? {};
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.requests ?? {}))
    requests[k] = quantityString(v);
  for (const [k, v] of Object.entries(res.limits ?? {}))
    limits[k] = quantityString(v);
  const gpu = values.gpu ?? {};
  const count = Number(gpu.count ?? 0);
  if (!Number.isInteger(count) || count < 0) {
    throw new ChartRenderError(
      `${CHART}/templates/deployment.yaml`,
      `gpu.count must be a non-negative integer, got ${JSON.stringify(
        gpu.count,
      )}`,
    );
  }
  if (count > 0) {
    const resource = String(gpu.resource || 'nvidia.com/gpu');
    // extended resources: requests must equal limits
    limits[resource] = String(count);
    requests[resource] = String(count);
  }
  if (
    gpu.memoryMiB !== null &&
    gpu.memoryMiB !== undefined &&
    gpu.memoryMiB !== ''
  ) {
    limits['nvidia.com/gpumem'] = String(gpu.memoryMiB);
    requests['nvidia.com/gpumem'] = String(gpu.memoryMiB);
  }
  return {
    ...(Object.keys(limits).length ? { limits } : {}),
    ...(Object.keys(requests).length ? { requests } : {}),
  };
}

function args(values: any): string[] {
  const m = values.model ?? {};
  if (!m.id) {
    throw new ChartRenderError(
      `${CHART}/templates/deployment.yaml`,
      'model.id is required',
    );
  }
  const out = ['--model', String(m.id)];
  if (m.servedName) out.push('--served-model-name', String(m.servedName));
  if (m.dtype) out.push('--dtype', String(m.dtype));
  if (m.maxModelLen) out.push('--max-model-len', String(m.maxModelLen));
  out.push('--port', '8000');
  return [...out, ...(values.extraArgs ?? []).map(String)];
}

function render(ctx: RenderContext): KObject[] {
  const v = ctx.values;
  const name = fullname(ctx);
  const appName = String(v.nameOverride || CHART);
  const userLabels = stringMap(v.labels);
  const labels = { ...standardLabels(ctx, appName), ...userLabels };
  const selector = {
    'app.kubernetes.io/name': appName,
    'app.kubernetes.io/instance': ctx.release,
  };
  const exposure = String(v.exposure?.type ?? 'clusterip').toLowerCase();
  if (
    !['clusterip', 'nodeport', 'loadbalancer', 'ingress'].includes(exposure)
  ) {
    throw new ChartRenderError(
      `${CHART}/templates/service.yaml`,
      `exposure.type must be one of clusterip, nodeport, loadbalancer, ingress, got "${exposure}"`,
    );
  }
  const port = Number(v.service?.port ?? 8000);
  const cacheSize = v.cache?.size ? String(v.cache.size) : '';
  const nodeSelector = {
    ...stringMap(v.nodeSelector),
    ...(v.gpu?.product
      ? { 'nvidia.com/gpu.product': String(v.gpu.product) }
      : {}),
  };
  const objects: KObject[] = [];
  if (cacheSize) {
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: `${name}-cache`, labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: cacheSize } },
        ...(v.cache?.storageClass
          ? { storageClassName: String(v.cache.storageClass) }
          : {}),
      },
    });
  }
  const container: any = {
    name: 'vllm',
    image: `${v.image?.repository}:${v.image?.tag}`,
    imagePullPolicy: v.image?.pullPolicy ?? 'IfNotPresent',
    args: args(v),
    ports: [{ name: 'http', containerPort: 8000, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/health', port: 'http' } },
    resources: containerResources(v),
  };
  if (Array.isArray(v.env) && v.env.length) container.env = v.env;
  if (v.securityContext && Object.keys(v.securityContext).length)
    container.securityContext = v.securityContext;
  if (cacheSize) {
    container.volumeMounts = [
      {
        name: 'cache',
        mountPath: String(v.cache?.mountPath || '/root/.cache/huggingface'),
      },
    ];
  }
  const podSpec: any = {
    ...(pullSecrets(v.imagePullSecrets).length
      ? { imagePullSecrets: pullSecrets(v.imagePullSecrets) }
      : {}),
    ...(v.podSecurityContext && Object.keys(v.podSecurityContext).length
      ? { securityContext: v.podSecurityContext }
      : {}),
    ...(v.runtimeClassName
      ? { runtimeClassName: String(v.runtimeClassName) }
      : {}),
    ...(v.priorityClassName
      ? { priorityClassName: String(v.priorityClassName) }
      : {}),
    containers: [container],
    ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
    ...(Array.isArray(v.tolerations) && v.tolerations.length
      ? { tolerations: v.tolerations }
      : {}),
    ...(cacheSize
      ? {
          volumes: [
            {
              name: 'cache',
              persistentVolumeClaim: { claimName: `${name}-cache` },
            },
          ],
        }
      : {}),
  };
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: Number(v.replicaCount ?? 1),
      ...(v.strategy && Object.keys(v.strategy).length
        ? { strategy: v.strategy }
        : {}),
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: { ...labels, ...stringMap(v.podLabels) },
          ...(v.podAnnotations && Object.keys(v.podAnnotations).length
            ? { annotations: stringMap(v.podAnnotations) }
            : {}),
        },
        spec: podSpec,
      },
    },
  });
  const type = exposure === 'ingress' ? 'ClusterIP' : serviceType(exposure);
  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels },
    spec: {
      type,
      ports: [
        {
          name: 'http',
          port,
          targetPort: 'http',
          protocol: 'TCP',
          ...(type === 'NodePort' && v.exposure?.nodePort
            ? { nodePort: Number(v.exposure.nodePort) }
            : {}),
        },
      ],
      selector,
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
        ...(v.exposure?.className
          ? { ingressClassName: String(v.exposure.className) }
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
  appVersion: 'v0.6.3',
  defaults,
  render,
};
