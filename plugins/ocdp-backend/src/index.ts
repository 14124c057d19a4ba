/**
 * The OCDP backend plugin.
 *
 * @packageDocumentation
 */

export { ocdpPlugin as default } from './plugin';
export {
  ocdpTenantConditions,
  createOcdpTenantConditionalDecision,
} from './permissions';
