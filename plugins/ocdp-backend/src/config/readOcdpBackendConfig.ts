import { Config } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import {
  DEFAULT_PERSONAL_NAMESPACE_PREFIX,
  DEFAULT_GPU_RESOURCE_KEYS,
  ChartProfile,
  DEFAULT_PERSONAL_TENANT_PREFIX,
  normalizeQuotaSpec,
  OcdpInputError,
  parseChartProfiles,
  POD_SECURITY_LEVELS,
  PodSecurityLevel,
  PodSecurityModes,
  QuotaSpec,
} from '@ocdp/plugin-ocdp-common';

export interface OcdpBackendConfig {
  gpuResourceKeys: string[];
  /**
   * Quota keys Kubernetes itself does not enforce but a scheduler on the clusters does (HAMi
   * enforces `limits.nvidia.com/gpumem`), so they are accepted.
   */
  externallyEnforcedKeys: string[];
  /** Quota given to new bindings for keys the request leaves out. */
  quotaDefaults: QuotaSpec;
  /** Namespaces never touched, besides the built-in `default` and `kube-*`. */
  protectedNamespaces: string[];
  personalNamespacePrefix: string;
  personalTenantPrefix: string;
  /** Whether a user's personal tenant is created the first time they list their tenants. */
  personalTenantsEnabled: boolean;
  /** Clusters a new personal tenant gets a binding on; all configured clusters by default. */
  personalTenantClusters?: string[];
  /** ClusterRole bound to the tenant's members in its namespace. */
  memberClusterRole: string;
  /** Default container requests of the tenant LimitRange, set whenever CPU/memory quota is. */
  limitRangeDefaultRequest: { cpu: string; memory: string };
  /**
   * Tenants created at startup when missing (`POST /tenants` bodies): a bootstrap for demos
   * and for platforms that keep their team list in config.
   */
  initialTenants: unknown[];
  /** Chart profiles from `ocdp.chartProfiles`, besides the built-in ones. */
  chartProfiles: Record<string, ChartProfile>;
  /** How long a pre-flight waits for a cluster's state to load. */
  precheckCacheWaitMs: number;
  reconcileFrequency: HumanDuration;
  /** How long one cluster call may take before the binding is left pending. */
  clusterTimeoutMs: number;
  /** Pod Security Admission levels of tenant namespaces (`ocdp.tenants.podSecurity`). */
  podSecurity: PodSecurityModes;
  /** Lifetime of the token in a downloaded tenant kubeconfig (TokenRequest; at least 600). */
  kubeconfigTtlSeconds: number;
}

/** Tenant namespaces enforce `baseline` and warn at `restricted` unless configured otherwise. */
function readPodSecurity(config: Config | undefined): PodSecurityModes {
  const modes: PodSecurityModes = {};
  const defaults: PodSecurityModes = {
    enforce: 'baseline',
    warn: 'restricted',
  };
  for (const mode of ['enforce', 'warn', 'audit'] as const) {
    const level = config?.getOptionalString(mode) ?? defaults[mode];
    if (level === undefined) continue;
    if (!POD_SECURITY_LEVELS.includes(level as PodSecurityLevel)) {
      throw new OcdpInputError(
        `ocdp.tenants.podSecurity.${mode}`,
        `must be one of ${POD_SECURITY_LEVELS.join(', ')}`,
      );
    }
    modes[mode] = level as PodSecurityLevel;
  }
  return modes;
}

export function readOcdpBackendConfig(config: Config): OcdpBackendConfig {
  const quota = config.getOptionalConfig('ocdp.quota');
  const gpuResourceKeys = quota?.getOptionalStringArray('gpuResourceKeys') ?? [
    ...DEFAULT_GPU_RESOURCE_KEYS,
  ];
  const externallyEnforcedKeys =
    quota?.getOptionalStringArray('externallyEnforcedKeys') ?? [];
  // Read raw: ResourceQuota keys contain dots, which config paths would split on.
  const defaults = quota?.getOptional<Record<string, unknown>>('defaults');
  const quotaDefaults = defaults
    ? normalizeQuotaSpec(defaults, {
        gpuResourceKeys,
        externallyEnforcedKeys,
        ordinaryTenant: false,
        field: 'ocdp.quota.defaults',
      })
    : {};
  const tenants = config.getOptionalConfig('ocdp.tenants');
  const limitRange = tenants?.getOptionalConfig('limitRangeDefaultRequest');
  return {
    gpuResourceKeys,
    externallyEnforcedKeys,
    quotaDefaults,
    protectedNamespaces:
      config.getOptionalStringArray('ocdp.protectedNamespaces') ?? [],
    personalNamespacePrefix:
      tenants?.getOptionalString('personalNamespacePrefix') ??
      DEFAULT_PERSONAL_NAMESPACE_PREFIX,
    personalTenantPrefix:
      tenants?.getOptionalString('personalTenantPrefix') ??
      DEFAULT_PERSONAL_TENANT_PREFIX,
    personalTenantsEnabled:
      tenants?.getOptionalBoolean('personalTenants') ?? true,
    personalTenantClusters: tenants?.getOptionalStringArray(
      'personalTenantClusters',
    ),
    memberClusterRole:
      tenants?.getOptionalString('memberClusterRole') ?? 'edit',
    limitRangeDefaultRequest: {
      cpu: limitRange?.getOptionalString('cpu') ?? '100m',
      memory: limitRange?.getOptionalString('memory') ?? '256Mi',
    },
    chartProfiles: parseChartProfiles(
      config.getOptional<Record<string, unknown>>('ocdp.chartProfiles') ?? {},
    ),
    precheckCacheWaitMs:
      config.getOptionalNumber('ocdp.precheck.cacheWaitMs') ?? 5000,
    initialTenants: (tenants?.getOptionalConfigArray('initial') ?? []).map(c =>
      c.get(),
    ),
    reconcileFrequency: {
      seconds: tenants?.getOptionalNumber('reconcileIntervalSeconds') ?? 30,
    },
    clusterTimeoutMs: tenants?.getOptionalNumber('clusterTimeoutMs') ?? 5000,
    podSecurity: readPodSecurity(tenants?.getOptionalConfig('podSecurity')),
    kubeconfigTtlSeconds: Math.max(
      600,
      tenants?.getOptionalNumber('kubeconfigTtlSeconds') ?? 3600,
    ),
  };
}
