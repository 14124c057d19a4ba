/**
 * The bootstrap RBAC policy the real API server creates at start (a subset): the user-facing
 * `cluster-admin`, `admin`, `edit`, `view` ClusterRoles (the last three aggregated from
 * `system:aggregate-to-*`, like upstream), `system:basic-user`, `system:discovery`,
 * `system:public-info-viewer` and their bindings; plus Flux's aggregated roles, since the
 * simulator serves Flux kinds as if Flux were installed.
 */
import type { KubeApi } from '../api';
import type { Store } from '../store';
import type { KObject } from '../util';

const RO = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const ALL_VERBS = [
  ...WRITE.slice(0, 3),
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const BOOT = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTO = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

const rule = (apiGroups: string[], resources: string[], verbs: string[]) => ({
  apiGroups,
  resources,
  verbs,
});

const VIEW_RULES = [
  rule(
    [''],
    [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
    ],
    RO,
  ),
  rule(
    [''],
    [
      'bindings',
      'events',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
    ],
    RO,
  ),
  rule([''], ['namespaces'], RO),
  rule(['discovery.k8s.io'], ['endpointslices'], RO),
  rule(
    ['apps'],
    [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ],
    RO,
  ),
  rule(
    ['autoscaling'],
    ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'],
    RO,
  ),
  rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], RO),
  rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], RO),
  rule(
    ['networking.k8s.io'],
    ['ingresses', 'ingresses/status', 'networkpolicies'],
    RO,
  ),
  rule(['metrics.k8s.io'], ['pods', 'nodes'], RO),
];

const EDIT_RULES = [
  rule(
    [''],
    [
      'pods/attach',
      'pods/exec',
      'pods/portforward',
      'pods/proxy',
      'secrets',
      'services/proxy',
    ],
    RO,
  ),
  rule([''], ['serviceaccounts'], ['impersonate']),
  rule(
    [''],
    ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'],
    WRITE,
  ),
  rule([''], ['pods/eviction'], ['create']),
  rule(
    [''],
    [
      'configmaps',
      'events',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'secrets',
      'serviceaccounts',
      'services',
      'services/proxy',
    ],
    WRITE,
  ),
  rule([''], ['serviceaccounts/token'], ['create']),
  rule(
    ['apps'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
    WRITE,
  ),
  rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  rule(['batch'], ['cronjobs', 'jobs'], WRITE),
  rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
  rule(['policy'], ['poddisruptionbudgets'], WRITE),
];

const ADMIN_RULES = [
  rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
  rule(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], ALL_VERBS),
];

const FLUX_GROUPS = ['helm.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io'];
const FLUX_VIEW = [rule(FLUX_GROUPS, ['*'], RO)];
const FLUX_EDIT = [rule(FLUX_GROUPS, ['*'], ['*'])];

const agg = (...names: string[]) =>
  Object.fromEntries(
    names.map(n => [`rbac.authorization.k8s.io/aggregate-to-${n}`, 'true']),
  );

function clusterRole(
  name: string,
  rules: any[],
  labels: Record<string, string> = {},
  aggregateFrom?: string,
): KObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: { ...BOOT, ...labels },
      annotations: AUTO,
    },
    ...(aggregateFrom
      ? {
          aggregationRule: {
            clusterRoleSelectors: [
              {
                matchLabels: {
                  [`rbac.authorization.k8s.io/aggregate-to-${aggregateFrom}`]:
                    'true',
                },
              },
            ],
          },
        }
      : {}),
    rules,
  };
}

function clusterRoleBinding(name: string, role: string, groups: string[]) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: BOOT, annotations: AUTO },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role,
    },
    subjects: groups.map(g => ({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Group',
      name: g,
    })),
  };
}

export function defaultRbacObjects(): KObject[] {
  const view = [...VIEW_RULES, ...FLUX_VIEW];
  const edit = [...EDIT_RULES, ...FLUX_EDIT, ...view];
  const admin = [...ADMIN_RULES, ...edit];
  return [
    clusterRole('cluster-admin', [
      rule(['*'], ['*'], ['*']),
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    clusterRole('admin', admin, {}, 'admin'),
    clusterRole('edit', edit, agg('admin'), 'edit'),
    clusterRole('view', view, agg('admin', 'edit'), 'view'),
    clusterRole('system:aggregate-to-admin', ADMIN_RULES, agg('admin')),
    clusterRole('system:aggregate-to-edit', EDIT_RULES, agg('admin', 'edit')),
    clusterRole(
      'system:aggregate-to-view',
      VIEW_RULES,
      agg('admin', 'edit', 'view'),
    ),
    clusterRole('flux-edit', FLUX_EDIT, agg('admin', 'edit')),
    clusterRole('flux-view', FLUX_VIEW, agg('admin', 'edit', 'view')),
    clusterRole('system:basic-user', [
      rule(
        ['authorization.k8s.io'],
        ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        ['create'],
      ),
      rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
    ]),
    clusterRole('system:discovery', [
      {
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
        verbs: ['get'],
      },
    ]),
    clusterRole('system:public-info-viewer', [
      {
        nonResourceURLs: [
          '/healthz',
          '/livez',
          '/readyz',
          '/version',
          '/version/',
        ],
        verbs: ['get'],
      },
    ]),
    clusterRoleBinding('cluster-admin', 'cluster-admin', ['system:masters']),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [
      'system:authenticated',
    ]),
    clusterRoleBinding('system:discovery', 'system:discovery', [
      'system:authenticated',
    ]),
    clusterRoleBinding(
      'system:public-info-viewer',
      'system:public-info-viewer',
      ['system:authenticated', 'system:unauthenticated'],
    ),
  ];
}

/** Creates the default roles and bindings that are not there yet. */
export function installDefaultRbac(api: KubeApi, store: Store): void {
  for (const obj of defaultRbacObjects()) {
    const type = store.registry.forObject(obj, false)!;
    if (store.get(type, undefined, obj.metadata!.name!)) continue;
    api.create(type, undefined, obj, { internal: true });
  }
}
