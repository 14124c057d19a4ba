import type {
  StandardJSONSchemaV1,
  StandardSchemaV1,
} from '@standard-schema/spec';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  createPermissionResourceRef,
  createPermissionRule,
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import {
  IS_TENANT_MEMBER_RULE,
  OCDP_TENANT_RESOURCE_TYPE,
  OcdpTenant,
} from '@ocdp/plugin-ocdp-common';

/** What the tenant rules filter a tenant list by: owners whose tenants pass. */
export type TenantQuery = { ownerIn: string[] };

export const tenantResourceRef = createPermissionResourceRef<
  OcdpTenant,
  TenantQuery
>().with({ pluginId: 'ocdp', resourceType: OCDP_TENANT_RESOURCE_TYPE });

const CLAIMS_JSON_SCHEMA = {
  type: 'object',
  required: ['claims'],
  additionalProperties: false,
  properties: {
    claims: {
      type: 'array',
      items: { type: 'string' },
      description: 'Entity refs the user owns through: user and group refs',
    },
  },
};

/** `{ claims: string[] }` as a Standard Schema with its JSON Schema, as rule params need. */
const claimsParamsSchema: StandardSchemaV1<{ claims: string[] }> &
  StandardJSONSchemaV1<{ claims: string[] }> = {
  '~standard': {
    version: 1,
    vendor: 'ocdp',
    validate: value => {
      const claims = (value as { claims?: unknown })?.claims;
      return Array.isArray(claims) && claims.every(c => typeof c === 'string')
        ? { value: { claims } }
        : {
            issues: [
              {
                message: 'claims must be a list of entity refs',
                path: ['claims'],
              },
            ],
          };
    },
    jsonSchema: {
      input: () => CLAIMS_JSON_SCHEMA,
      output: () => CLAIMS_JSON_SCHEMA,
    },
  },
};

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** A tenant is the user's when its owner is among the user's ownership claims (user or group). */
export const isTenantMember = createPermissionRule({
  name: IS_TENANT_MEMBER_RULE,
  description:
    'Allow tenants owned by the user or by a group the user belongs to (its ownership claims)',
  resourceRef: tenantResourceRef,
  paramsSchema: claimsParamsSchema,
  apply: (tenant: OcdpTenant, { claims }) =>
    claims.map(lower).includes(lower(tenant.owner)),
  toQuery: ({ claims }) => ({ ownerIn: claims }),
});

/** The tenant rules by name, as `createConditionExports` and the permissions registry take them. */
export const tenantRules = { isTenantMember };

export const tenantPermissionRules = Object.values(tenantRules);

/**
 * The owners a conditional decision lets through, for filtering in the database; `undefined` when
 * the criteria cannot be expressed that way (a `not`), so the caller filters loaded tenants.
 */
export function ownersAllowedBy(
  criteria: PermissionCriteria<TenantQuery>,
): string[] | undefined {
  if (isNotCriteria(criteria)) return undefined;
  if (isOrCriteria(criteria)) {
    const parts = criteria.anyOf.map(ownersAllowedBy);
    if (parts.some(p => p === undefined)) return undefined;
    return [...new Set(parts.flatMap(p => p!.map(lower)))];
  }
  if (isAndCriteria(criteria)) {
    const parts = criteria.allOf.map(ownersAllowedBy);
    if (parts.some(p => p === undefined)) return undefined;
    return parts.reduce((acc, p) =>
      acc!.filter(o => p!.map(lower).includes(o)),
    )!;
  }
  return criteria.ownerIn.map(lower);
}
