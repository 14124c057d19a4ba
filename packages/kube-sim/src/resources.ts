/** The registry of resource types served by the SIMULATED API server, plus discovery documents. */

export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Subresources served: 'status', 'scale'. */
  subresources?: string[];
  categories?: string[];
}

/** Stable id of a resource type: "pods", "deployments.apps". */
export function resourceId(t: { plural: string; group: string }): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

const ALL = ['all'];

const BUILTIN: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status', 'finalize'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'nodes',
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    subresources: ['status', 'binding', 'eviction'],
    categories: ALL,
  },
  {
    group: '',
    version: 'v1',
    plural: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    subresources: ['status'],
    categories: ALL,
  },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    shortNames: ['pvc'],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumes',
    singular: 'persistentvolume',
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'resourcequotas',
    singular: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    shortNames: ['quota'],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'limitranges',
    singular: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    shortNames: ['limits'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'serviceaccounts',
    singular: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    plural: 'endpoints',
    singular: 'endpoints',
    kind: 'Endpoints',
    namespaced: true,
    shortNames: ['ep'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    subresources: ['status', 'scale'],
    categories: ALL,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    subresources: ['status', 'scale'],
    categories: ALL,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    subresources: ['status', 'scale'],
    categories: ALL,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    subresources: ['status'],
    categories: ALL,
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    subresources: ['status'],
    categories: ALL,
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'cronjobs',
    singular: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
    subresources: ['status'],
    categories: ALL,
  },
  // autoscaling/v2 is the only served HPA version (the Backstage Kubernetes plugin lists v2;
  // v1 would need conversion between the two shapes, which the simulator does not do)
  {
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    subresources: ['status'],
    categories: ALL,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingresses',
    singular: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
    subresources: ['status'],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingressclasses',
    singular: 'ingressclass',
    kind: 'IngressClass',
    namespaced: false,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'networkpolicies',
    singular: 'networkpolicy',
    kind: 'NetworkPolicy',
    namespaced: true,
    shortNames: ['netpol'],
  },
  {
    group: 'policy',
    version: 'v1',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'roles',
    singular: 'role',
    kind: 'Role',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'rolebindings',
    singular: 'rolebinding',
    kind: 'RoleBinding',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'clusterroles',
    singular: 'clusterrole',
    kind: 'ClusterRole',
    namespaced: false,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  },
  {
    group: 'storage.k8s.io',
    version: 'v1',
    plural: 'storageclasses',
    singular: 'storageclass',
    kind: 'StorageClass',
    namespaced: false,
    shortNames: ['sc'],
  },
  {
    group: 'scheduling.k8s.io',
    version: 'v1',
    plural: 'priorityclasses',
    singular: 'priorityclass',
    kind: 'PriorityClass',
    namespaced: false,
    shortNames: ['pc'],
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    subresources: ['status'],
  },
  // Flux custom resources OCDP deploys model instances with (served as if their CRDs were installed).
  {
    group: 'helm.toolkit.fluxcd.io',
    version: 'v2',
    plural: 'helmreleases',
    singular: 'helmrelease',
    kind: 'HelmRelease',
    namespaced: true,
    shortNames: ['hr'],
    subresources: ['status'],
  },
  {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'helmrepositories',
    singular: 'helmrepository',
    kind: 'HelmRepository',
    namespaced: true,
    shortNames: ['helmrepo'],
    subresources: ['status'],
  },
  {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'gitrepositories',
    singular: 'gitrepository',
    kind: 'GitRepository',
    namespaced: true,
    shortNames: ['gitrepo'],
    subresources: ['status'],
  },
];

/** Guesses a plural from a kind the way Kubernetes' RESTMapper does (lower-case, +s/es/ies). */
export function guessPlural(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(k)) {
    return `${k}es`;
  }
  if (/[^aeiou]y$/.test(k)) {
    return `${k.slice(0, -1)}ies`;
  }
  return `${k}s`;
}

/** Mutable registry: built-ins plus custom resources (from CRDs or first use). */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();
  private readonly list: ResourceType[] = [];

  constructor() {
    for (const t of BUILTIN) {
      this.add(t);
    }
  }

  add(t: ResourceType): ResourceType {
    const pathKey = `${t.group}/${t.version}/${t.plural}`;
    const existing = this.byPath.get(pathKey);
    if (existing) {
      return existing;
    }
    // one storage per group+plural: other versions of it share the table id
    this.byPath.set(pathKey, t);
    this.byKind.set(`${apiVersionOf(t)}/${t.kind}`, t);
    this.list.push(t);
    return t;
  }

  /** Registers the served versions of a CustomResourceDefinition. */
  addFromCrd(crd: any): void {
    const spec = crd?.spec;
    if (!spec?.group || !spec?.names?.plural || !spec?.names?.kind) {
      return;
    }
    for (const v of spec.versions ?? [{ name: spec.version }]) {
      if (!v?.name || v.served === false) {
        continue;
      }
      this.add({
        group: spec.group,
        version: v.name,
        plural: spec.names.plural,
        singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
        kind: spec.names.kind,
        namespaced: spec.scope !== 'Cluster',
        shortNames: spec.names.shortNames,
        subresources: v.subresources?.status ? ['status'] : [],
        categories: spec.names.categories,
      });
    }
  }

  byPlural(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  byApiVersionKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** Finds or, for custom groups, registers the type of an object by apiVersion/kind. */
  forObject(
    obj: { apiVersion?: string; kind?: string },
    namespaced = true,
  ): ResourceType | undefined {
    if (!obj.apiVersion || !obj.kind) {
      return undefined;
    }
    const found = this.byApiVersionKind(obj.apiVersion, obj.kind);
    if (found) {
      return found;
    }
    const [group, version] = obj.apiVersion.includes('/')
      ? obj.apiVersion.split('/')
      : ['', obj.apiVersion];
    if (!group || !version) {
      return undefined;
    }
    return this.add({
      group,
      version,
      plural: guessPlural(obj.kind),
      singular: obj.kind.toLowerCase(),
      kind: obj.kind,
      namespaced,
      subresources: ['status'],
    });
  }

  all(): ResourceType[] {
    return [...this.list];
  }

  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const t of this.list) {
      const versions = out.get(t.group) ?? [];
      if (!versions.includes(t.version)) {
        versions.push(t.version);
      }
      out.set(t.group, versions);
    }
    return out;
  }
}

const VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** /api/v1 or /apis/<group>/<version> APIResourceList. */
export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
) {
  const resources: any[] = [];
  for (const t of registry.all()) {
    if (t.group !== group || t.version !== version) {
      continue;
    }
    resources.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: VERBS,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
    });
    for (const sub of t.subresources ?? []) {
      if (sub === 'status') {
        resources.push({
          name: `${t.plural}/status`,
          singularName: '',
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: ['get', 'patch', 'update'],
        });
      } else if (sub === 'scale') {
        resources.push({
          name: `${t.plural}/scale`,
          singularName: '',
          namespaced: t.namespaced,
          group: 'autoscaling',
          version: 'v1',
          kind: 'Scale',
          verbs: ['get', 'patch', 'update'],
        });
      } else if (sub === 'binding' || sub === 'eviction') {
        resources.push({
          name: `${t.plural}/${sub}`,
          singularName: '',
          namespaced: true,
          kind: sub === 'binding' ? 'Binding' : 'Eviction',
          verbs: ['create'],
        });
      }
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

function apiGroup(name: string, versions: string[]) {
  const vs = versions.map(v => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(registry: ResourceRegistry) {
  const groups = [...registry.groups().entries()]
    .filter(([g]) => g !== '')
    .map(([g, vs]) => apiGroup(g, vs));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroupDoc(registry: ResourceRegistry, group: string) {
  const versions = registry.groups().get(group);
  return versions
    ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) }
    : undefined;
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export const SIM_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0-kube-sim',
  gitCommit: 'simulated',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'simulated',
  compiler: 'kube-sim',
  platform: 'linux/amd64',
};
