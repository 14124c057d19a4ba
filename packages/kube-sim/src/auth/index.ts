/** Authentication, ServiceAccount tokens and RBAC for the SIMULATED API server. */
import type { KubeApi } from '../api';
import type { Store } from '../store';
import { installDefaultRbac } from './defaults';
import { AuthApiContext, registerAuthTypes } from './endpoints';
import { EscalationCheck } from './escalation';
import { AuthOptions, Authenticator, RbacAuthorizer } from './rbac';
import { TokenIssuer } from './tokens';

export type { AuthOptions, StaticTokenUser, UserInfo } from './rbac';
export { ADMIN_TOKEN } from './rbac';

/** Registers the review kinds, creates the bootstrap RBAC policy and returns the router's auth. */
export function createAuth(
  store: Store,
  api: KubeApi,
  options: AuthOptions,
): AuthApiContext {
  registerAuthTypes(store.registry);
  installDefaultRbac(api, store);
  const issuer = new TokenIssuer();
  const authorizer = new RbacAuthorizer(store);
  return {
    store,
    authenticator: new Authenticator(store, issuer, {
      strictAuth: options.strictAuth,
      tokens: options.tokens,
    }),
    authorizer,
    escalation: new EscalationCheck(store, authorizer),
  };
}
