import { KubernetesObject } from '@kubernetes/client-node';
import {
  isCpuQuotaKey,
  isMemoryQuotaKey,
  PodSecurityModes,
  podSecurityLabels,
  QuotaSpec,
} from '@ocdp/plugin-ocdp-common';

export const FIELD_MANAGER = 'ocdp';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const TENANT_LABEL = 'ocdp.io/tenant';
export const QUOTA_NAME = 'ocdp-quota';
export const LIMIT_RANGE_NAME = 'ocdp-defaults';
export const SERVICE_ACCOUNT_NAME = 'ocdp-tenant';
export const ROLE_BINDING_NAME = 'ocdp-tenant-members';

export interface TenantObjectsInput {
  tenant: string;
  /** Owner entity ref: `user:default/ben` or `group:default/team-vision`. */
  owner: string;
  namespace: string;
  quota: QuotaSpec;
  /** User entity refs of the tenant's members (the owner user, or the owner group's members). */
  members: string[];
  memberClusterRole: string;
  limitRangeDefaultRequest: { cpu: string; memory: string };
  /** Pod Security Admission levels of the namespace. */
  podSecurity: PodSecurityModes;
}

export function tenantLabels(tenant: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: 'ocdp', [TENANT_LABEL]: tenant };
}

export interface RbacSubject {
  kind: string;
  name: string;
  apiGroup?: string;
  namespace?: string;
}

/** The RBAC subject of a user or group entity ref: a User or Group named like the entity. */
export function entitySubject(ref: string): RbacSubject {
  const match = /^(user|group):(?:[^/]+\/)?(.+)$/i.exec(ref);
  const kind = match?.[1].toLowerCase() === 'group' ? 'Group' : 'User';
  return {
    kind,
    name: match?.[2] ?? ref,
    apiGroup: 'rbac.authorization.k8s.io',
  };
}

/**
 * Who the tenant RoleBinding binds: the owner (User or Group), each member user, and the
 * tenant's ServiceAccount — without repeats, in a stable order.
 */
export function roleBindingSubjects(
  owner: string,
  members: string[],
  namespace: string,
): RbacSubject[] {
  const users = [...new Set(members.map(m => m.toLocaleLowerCase('en-US')))]
    .filter(m => m !== owner.toLocaleLowerCase('en-US'))
    .sort()
    .map(entitySubject);
  return [
    entitySubject(owner),
    ...users,
    { kind: 'ServiceAccount', name: SERVICE_ACCOUNT_NAME, namespace },
  ];
}

/** A comparable key of a subject list. */
export function subjectsKey(subjects: RbacSubject[]): string {
  return subjects
    .map(s => `${s.kind}/${s.namespace ?? ''}/${s.name}`)
    .sort()
    .join(',');
}

const LIMIT_KEYS = ['limits.cpu', 'limits.memory'];

/** Whether the quota limits CPU or memory, so pods without requests need LimitRange defaults. */
export function needsLimitRange(quota: QuotaSpec): boolean {
  return Object.keys(quota).some(k => isCpuQuotaKey(k) || isMemoryQuotaKey(k));
}

/**
 * The objects OCDP applies for one binding, in apply order. The LimitRange is included only
 * when `needsLimitRange`; otherwise the caller removes any it applied before.
 */
export function tenantObjects(input: TenantObjectsInput): KubernetesObject[] {
  const labels = tenantLabels(input.tenant);
  const meta = (name: string) => ({
    name,
    namespace: input.namespace,
    labels,
  });
  const objects: KubernetesObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: input.namespace,
        labels: { ...labels, ...podSecurityLabels(input.podSecurity) },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(SERVICE_ACCOUNT_NAME),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(ROLE_BINDING_NAME),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: input.memberClusterRole,
      },
      subjects: roleBindingSubjects(
        input.owner,
        input.members,
        input.namespace,
      ),
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta(QUOTA_NAME),
      spec: { hard: { ...input.quota } },
    } as KubernetesObject,
  ];
  if (needsLimitRange(input.quota)) {
    const limitsToo = LIMIT_KEYS.some(k => k in input.quota);
    objects.push({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta(LIMIT_RANGE_NAME),
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { ...input.limitRangeDefaultRequest },
            // client-node's model name for `default` (default limits)
            ...(limitsToo
              ? { _default: { ...input.limitRangeDefaultRequest } }
              : {}),
          },
        ],
      },
    } as KubernetesObject);
  }
  return objects;
}
