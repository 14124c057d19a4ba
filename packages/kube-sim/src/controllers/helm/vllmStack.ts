/**
 * vLLM production-stack (`vllm-stack`), as the simulator renders it: per enabled
 * `servingEngineSpec.modelSpec[]` entry a Deployment `<release>-<name>-deployment-vllm`,
 * a Service `<release>-<name>-engine-service` and (with `pvcStorage`) a PVC
 * `<release>-<name>-storage-claim`; plus the router Deployment
 * `<release>-deployment-router`, its Service `<release>-router-service` and ServiceAccount.
 * Names, labels (the chart's own: `app.kubernetes.io/managed-by: helm`, `model`,
 * `helm-release-name`, ...), resources (`chart.resources`) and the engine's default
 * strategy (maxSurge 100 %, maxUnavailable 0) follow the upstream templates.
 */
import type { KObject } from '../../util';
import {
  ChartRenderError,
  RenderContext,
  SimulatedChart,
  pullSecrets,
  quantityString,
  stringMap,
} from './chart';

const CHART = 'vllm-stack';

function defaults() {
  return {
    servingEngineSpec: {
      enableEngine: true,
      labels: { environment: 'test', release: 'test' },
      modelSpec: [],
      containerPort: 8000,
      servicePort: 80,
      strategy: {},
      tolerations: [],
      runtimeClassName: 'nvidia',
      securityContext: {},
      containerSecurityContext: {},
    },
    routerSpec: {
      enableRouter: true,
      repository: 'lmcache/lmstack-router',
      tag: 'latest',
      imagePullPolicy: 'Always',
      replicaCount: 1,
      containerPort: 8000,
      serviceType: 'ClusterIP',
      servicePort: 80,
      resources: {
        requests: { cpu: '400m', memory: '1000Mi' },
        limits: { memory: '1000Mi' },
      },
      labels: { environment: 'router', release: 'router' },
      strategy: {},
      serviceAccountName: '',
      imagePullSecrets: [],
    },
  };
}

const TEMPLATE = `${CHART}/templates/deployment-vllm-multi.yaml`;

function required(v: unknown, message: string): any {
  if (v === undefined || v === null || v === '') {
    throw new ChartRenderError(TEMPLATE, message);
  }
  return v;
}

/** `chart.resources` of the upstream helpers. */
function engineResources(m: any): any {
  const requests: Record<string, string> = {
    memory: quantityString(
      required(
        m.requestMemory,
        "Value 'modelSpec.requestMemory' must be defined !",
      ),
    ),
    cpu: quantityString(
      required(m.requestCPU, "Value 'modelSpec.requestCPU' must be defined !"),
    ),
  };
  const gpuType = String(m.requestGPUType || 'nvidia.com/gpu');
  const gpus = Math.trunc(Number(m.requestGPU ?? 0)) || 0;
  if (gpus > 0) requests[gpuType] = String(m.requestGPU);
  if (m.requestGPUMem !== undefined)
    requests['nvidia.com/gpumem'] = String(m.requestGPUMem);
  if (m.requestGPUMemPercentage !== undefined)
    requests['nvidia.com/gpumem-percentage'] = String(
      m.requestGPUMemPercentage,
    );
  if (m.requestGPUCores !== undefined)
    requests['nvidia.com/gpucores'] = String(m.requestGPUCores);
  const limits: Record<string, string> = {};
  if (m.limitMemory !== undefined)
    limits.memory = quantityString(m.limitMemory);
  if (m.limitCPU !== undefined) limits.cpu = quantityString(m.limitCPU);
  if (gpus > 0) limits[gpuType] = String(m.requestGPU);
  if (m.limitGPUMem !== undefined)
    limits['nvidia.com/gpumem'] = String(m.limitGPUMem);
  if (m.limitGPUMemPercentage !== undefined)
    limits['nvidia.com/gpumem-percentage'] = String(m.limitGPUMemPercentage);
  if (m.limitGPUCores !== undefined)
    limits['nvidia.com/gpucores'] = String(m.limitGPUCores);
  return { requests, ...(Object.keys(limits).length ? { limits } : {}) };
}

function render(ctx: RenderContext): KObject[] {
  const v = ctx.values;
  const engine = v.servingEngineSpec ?? {};
  const router = v.routerSpec ?? {};
  const objects: KObject[] = [];
  const containerPort = Number(engine.containerPort || 8000);
  const servicePort = Number(engine.servicePort || containerPort);
  const engineLabels = stringMap(engine.labels);
  const models: any[] =
    engine.enableEngine === false ? [] : engine.modelSpec ?? [];
  for (const m of models) {
    if (m?.enabled === false || m?.raySpec?.enabled) continue;
    const model = String(
      required(m?.name, "Value 'modelSpec.name' must be defined !"),
    );
    const std = {
      'app.kubernetes.io/name': model,
      'app.kubernetes.io/instance': ctx.release,
      'app.kubernetes.io/component': 'serving-engine',
      'app.kubernetes.io/part-of': ctx.chart,
      'app.kubernetes.io/managed-by': 'helm',
    };
    const selector = {
      model,
      'helm-release-name': ctx.release,
      ...std,
      ...engineLabels,
    };
    const pvc = typeof m.pvcStorage === 'string' && m.pvcStorage !== '';
    if (pvc && !m.pvcExistingClaimName) {
      objects.push({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name: `${ctx.release}-${model}-storage-claim`,
          ...(m.pvcLabels ? { labels: stringMap(m.pvcLabels) } : {}),
        },
        spec: {
          accessModes: m.pvcAccessMode ?? ['ReadWriteOnce'],
          resources: { requests: { storage: m.pvcStorage } },
          ...(m.storageClass !== undefined
            ? { storageClassName: String(m.storageClass) }
            : {}),
        },
      });
    }
    const tolerations = [
      ...(m.tolerationsPolicy === 'override' && m.tolerations?.length
        ? []
        : engine.tolerations ?? []),
      ...(m.tolerations ?? []),
    ];
    const runtimeClassName =
      'runtimeClassName' in m ? m.runtimeClassName : engine.runtimeClassName;
    const repository = required(
      m.repository,
      "Required value 'modelSpec.repository' must be defined !",
    );
    const tag = required(
      m.tag,
      "Required value 'modelSpec.tag' must be defined !",
    );
    const container: any = {
      name: 'vllm',
      image: `${repository}:${tag}`,
      command: ['vllm', 'serve', String(m.modelURL ?? model)],
      args: ['--host', '0.0.0.0', '--port', String(containerPort)],
      ports: [
        { name: 'container-port', containerPort },
        { name: 'zmq-port', containerPort: 55555 },
        { name: 'ucx-port', containerPort: 9999 },
      ],
      resources: m.resources ?? engineResources(m),
      ...(pvc || m.pvcStorage?.emptyDir
        ? {
            volumeMounts: [
              { name: `${ctx.release}-storage`, mountPath: '/data' },
            ],
          }
        : {}),
      ...(engine.containerSecurityContext &&
      Object.keys(engine.containerSecurityContext).length
        ? { securityContext: engine.containerSecurityContext }
        : {}),
    };
    let affinity: any;
    if (m.affinity && Object.keys(m.affinity).length) affinity = m.affinity;
    else if (m.nodeSelectorTerms && !m.nodeName) {
      affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: m.nodeSelectorTerms,
          },
        },
      };
    }
    let volumes: any[] | undefined;
    if (pvc) {
      volumes = [
        {
          name: `${ctx.release}-storage`,
          persistentVolumeClaim: {
            claimName:
              m.pvcExistingClaimName || `${ctx.release}-${model}-storage-claim`,
          },
        },
      ];
    } else if (m.pvcStorage?.emptyDir) {
      volumes = [
        { name: `${ctx.release}-storage`, emptyDir: m.pvcStorage.emptyDir },
      ];
    }
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: `${ctx.release}-${model}-deployment-vllm`,
        ...(m.annotations ? { annotations: stringMap(m.annotations) } : {}),
        labels: {
          model,
          'helm-release-name': ctx.release,
          ...std,
          ...engineLabels,
          ...stringMap(m.labels),
        },
      },
      spec: {
        replicas: Number(m.replicaCount ?? 1),
        strategy:
          engine.strategy && Object.keys(engine.strategy).length
            ? engine.strategy
            : { rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } },
        selector: { matchLabels: selector },
        progressDeadlineSeconds: 1200,
        template: {
          metadata: {
            ...(m.podAnnotations
              ? { annotations: stringMap(m.podAnnotations) }
              : {}),
            labels: { ...selector, ...stringMap(m.podLabels) },
          },
          spec: {
            ...(m.priorityClassName
              ? { priorityClassName: String(m.priorityClassName) }
              : {}),
            ...(engine.securityContext &&
            Object.keys(engine.securityContext).length
              ? { securityContext: engine.securityContext }
              : {}),
            hostname: `${ctx.release}-${model}-${ctx.chart}`,
            subdomain: `${ctx.release}-${model}-engine-service`,
            containers: [container],
            ...(m.imagePullSecret
              ? { imagePullSecrets: [{ name: String(m.imagePullSecret) }] }
              : {}),
            ...(volumes ? { volumes } : {}),
            ...(tolerations.length ? { tolerations } : {}),
            ...(runtimeClassName
              ? { runtimeClassName: String(runtimeClassName) }
              : {}),
            ...(m.nodeName ? { nodeName: String(m.nodeName) } : {}),
            ...(m.nodeSelector
              ? { nodeSelector: stringMap(m.nodeSelector) }
              : {}),
            ...(affinity ? { affinity } : {}),
          },
        },
      },
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: `${ctx.release}-${model}-engine-service`,
        labels: { ...std, ...engineLabels },
      },
      spec: {
        type: 'ClusterIP',
        ports: [
          {
            name: 'service-port',
            port: servicePort,
            targetPort: 'container-port',
            protocol: 'TCP',
          },
          {
            name: 'zmq-port',
            port: 55555,
            targetPort: 'zmq-port',
            protocol: 'TCP',
          },
          {
            name: 'ucx-port',
            port: 9999,
            targetPort: 'ucx-port',
            protocol: 'TCP',
          },
        ],
        selector,
      },
    });
  }
  if (router.enableRouter !== false) {
    const std = {
      'app.kubernetes.io/name': 'router',
      'app.kubernetes.io/instance': ctx.release,
      'app.kubernetes.io/component': 'router',
      'app.kubernetes.io/part-of': ctx.chart,
      'app.kubernetes.io/managed-by': 'helm',
    };
    const labels = { ...std, ...stringMap(router.labels) };
    const sa =
      router.serviceAccountName || `${ctx.release}-router-service-account`;
    if (!router.serviceAccountName) {
      objects.push({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: sa },
      });
    }
    const routerPort = Number(router.containerPort || 8000);
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${ctx.release}-deployment-router`, labels },
      spec: {
        replicas: Number(router.replicaCount ?? 1),
        strategy:
          router.strategy && Object.keys(router.strategy).length
            ? router.strategy
            : { rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: sa,
            ...(pullSecrets(router.imagePullSecrets).length
              ? { imagePullSecrets: pullSecrets(router.imagePullSecrets) }
              : {}),
            containers: [
              {
                name: 'router-container',
                image: `${router.repository}:${router.tag}`,
                imagePullPolicy: router.imagePullPolicy ?? 'Always',
                args: [
                  '--host',
                  '0.0.0.0',
                  '--port',
                  String(routerPort),
                  '--service-discovery',
                  'k8s',
                  '--k8s-namespace',
                  ctx.namespace,
                  '--k8s-label-selector',
                  Object.entries(engineLabels)
                    .map(([k, x]) => `${k}=${x}`)
                    .join(','),
                ],
                ...(router.resources ? { resources: router.resources } : {}),
                ports: [
                  { name: 'router-port', containerPort: routerPort },
                  { name: 'lmcache-port', containerPort: 9000 },
                ],
              },
            ],
            ...(router.nodeSelector
              ? { nodeSelector: stringMap(router.nodeSelector) }
              : {}),
            ...(router.tolerations?.length
              ? { tolerations: router.tolerations }
              : {}),
          },
        },
      },
    });
    const type = String(router.serviceType || 'ClusterIP');
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `${ctx.release}-router-service`, labels },
      spec: {
        type,
        ports: [
          {
            name: 'router-sport',
            port: Number(router.servicePort || 80),
            targetPort: routerPort,
            protocol: 'TCP',
            ...(type === 'NodePort' && router.nodePort
              ? { nodePort: Number(router.nodePort) }
              : {}),
          },
          {
            name: 'lmcache-port',
            port: 9000,
            targetPort: 'lmcache-port',
            protocol: 'TCP',
          },
        ],
        selector: labels,
      },
    });
  }
  return objects;
}

export const vllmStackChart: SimulatedChart = {
  name: CHART,
  aliases: ['vllm-production-stack', 'production-stack'],
  defaultVersion: '0.1.12',
  appVersion: 'latest',
  defaults,
  render,
};
