import { createConditionExports } from '@backstage/plugin-permission-node';
import { tenantResourceRef, tenantRules } from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: tenantResourceRef,
  rules: tenantRules,
});

/**
 * Conditions on OCDP tenants for permission policies, e.g.
 * `ocdpTenantConditions.isTenantMember({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const ocdpTenantConditions = conditions;

/**
 * Builds a conditional decision on `ocdp.tenant.read` from tenant conditions.
 *
 * @public
 */
export const createOcdpTenantConditionalDecision = createConditionalDecision;
