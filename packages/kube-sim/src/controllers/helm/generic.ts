/**
 * `generic`: the `helm create` scaffold's shape — a Deployment of `replicaCount` pods with
 * `resources`, and a Service of `service.type` (unless `service.enabled: false`).
 */
import type { KObject } from '../../util';
import {
  RenderContext,
  SimulatedChart,
  fullname,
  pullSecrets,
  serviceType,
  standardLabels,
  stringMap,
} from './chart';

const CHART = 'generic';

function defaults() {
  return {
    replicaCount: 1,
    image: { repository: 'nginx', tag: '1.27', pullPolicy: 'IfNotPresent' },
    imagePullSecrets: [],
    resources: {},
    service: { enabled: true, type: 'ClusterIP', port: 80, targetPort: 80 },
    nodeSelector: {},
    tolerations: [],
    runtimeClassName: '',
    strategy: {},
    labels: {},
    podLabels: {},
    podAnnotations: {},
    podSecurityContext: {},
    securityContext: {},
  };
}

function render(ctx: RenderContext): KObject[] {
  const v = ctx.values;
  const name = fullname(ctx);
  const appName = String(v.nameOverride || ctx.chart);
  const labels = { ...standardLabels(ctx, appName), ...stringMap(v.labels) };
  const selector = {
    'app.kubernetes.io/name': appName,
    'app.kubernetes.io/instance': ctx.release,
  };
  const targetPort = Number(v.service?.targetPort ?? 80);
  const container: any = {
    name: appName,
    image: `${v.image?.repository}:${v.image?.tag}`,
    imagePullPolicy: v.image?.pullPolicy ?? 'IfNotPresent',
    ports: [{ name: 'http', containerPort: targetPort, protocol: 'TCP' }],
    resources: v.resources ?? {},
    ...(v.securityContext && Object.keys(v.securityContext).length
      ? { securityContext: v.securityContext }
      : {}),
  };
  const objects: KObject[] = [
    {
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
          spec: {
            ...(pullSecrets(v.imagePullSecrets).length
              ? { imagePullSecrets: pullSecrets(v.imagePullSecrets) }
              : {}),
            ...(v.podSecurityContext && Object.keys(v.podSecurityContext).length
              ? { securityContext: v.podSecurityContext }
              : {}),
            ...(v.runtimeClassName
              ? { runtimeClassName: String(v.runtimeClassName) }
              : {}),
            containers: [container],
            ...(Object.keys(stringMap(v.nodeSelector)).length
              ? { nodeSelector: stringMap(v.nodeSelector) }
              : {}),
            ...(Array.isArray(v.tolerations) && v.tolerations.length
              ? { tolerations: v.tolerations }
              : {}),
          },
        },
      },
    },
  ];
  if (v.service?.enabled !== false) {
    const type = serviceType(v.service?.type);
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: {
        type,
        ports: [
          {
            name: 'http',
            port: Number(v.service?.port ?? 80),
            targetPort: 'http',
            protocol: 'TCP',
            ...(type === 'NodePort' && v.service?.nodePort
              ? { nodePort: Number(v.service.nodePort) }
              : {}),
          },
        ],
        selector,
      },
    });
  }
  return objects;
}

export const genericChart: SimulatedChart = {
  name: CHART,
  defaultVersion: '0.1.0',
  appVersion: '1.16.0',
  defaults,
  render,
};
