/**
 * authentication.k8s.io / authorization.k8s.io endpoints of the SIMULATED API server:
 * TokenRequest (`serviceaccounts/{name}/token`), TokenReview, SelfSubjectReview,
 * SelfSubjectAccessReview, SelfSubjectRulesReview, SubjectAccessReview and
 * LocalSubjectAccessReview.
 */
import crypto from 'crypto';
import { KubeStatusError, badRequest, notFound } from '../errors';
import type { ResourceRegistry } from '../resources';
import type { Store } from '../store';
import { nowTimestamp } from '../util';
import { Attributes, Authenticator, RbacAuthorizer, UserInfo } from './rbac';
import { EscalationCheck } from './escalation';
import { TOKEN_ISSUER } from './tokens';

/** Registers the review kinds for discovery (they are create-only and never stored). */
export function registerAuthTypes(registry: ResourceRegistry): void {
  const add = (
    group: string,
    plural: string,
    kind: string,
    namespaced = false,
  ) =>
    registry.add({
      group,
      version: 'v1',
      plural,
      singular: plural.replace(/s$/, ''),
      kind,
      namespaced,
    });
  add('authentication.k8s.io', 'tokenreviews', 'TokenReview');
  add('authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview');
  add(
    'authorization.k8s.io',
    'localsubjectaccessreviews',
    'LocalSubjectAccessReview',
    true,
  );
  add(
    'authorization.k8s.io',
    'selfsubjectaccessreviews',
    'SelfSubjectAccessReview',
  );
  add(
    'authorization.k8s.io',
    'selfsubjectrulesreviews',
    'SelfSubjectRulesReview',
  );
  add('authorization.k8s.io', 'subjectaccessreviews', 'SubjectAccessReview');
}

export const AUTH_REVIEW_RESOURCES = new Set([
  'tokenreviews',
  'selfsubjectreviews',
  'localsubjectaccessreviews',
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
  'subjectaccessreviews',
]);

function userInfoJson(u: UserInfo) {
  return {
    username: u.name,
    ...(u.uid ? { uid: u.uid } : {}),
    groups: u.groups,
    ...(u.extra ? { extra: u.extra } : {}),
  };
}

function attributesFromSpec(
  user: UserInfo,
  spec: any,
  namespace?: string,
): Attributes {
  const r = spec?.resourceAttributes;
  const n = spec?.nonResourceAttributes;
  if (r) {
    return {
      user,
      verb: r.verb ?? '',
      resourceRequest: true,
      path: '',
      apiGroup: r.group ?? '',
      apiVersion: r.version ?? '',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      namespace: namespace ?? r.namespace ?? '',
      name: r.name ?? '',
    };
  }
  if (n) {
    return {
      user,
      verb: n.verb ?? '',
      resourceRequest: false,
      path: n.path ?? '',
      apiGroup: '',
      apiVersion: '',
      resource: '',
      subresource: '',
      namespace: '',
      name: '',
    };
  }
  throw new KubeStatusError(
    422,
    'Invalid',
    `${
      spec?.kind ?? 'SelfSubjectAccessReview'
    }.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`,
  );
}

export interface AuthApiContext {
  store: Store;
  authenticator: Authenticator;
  authorizer: RbacAuthorizer;
  /** RBAC privilege-escalation prevention for Role/Binding writes. */
  escalation?: EscalationCheck;
}

/** POST /apis/authentication.k8s.io/v1/... and /apis/authorization.k8s.io/v1/...: the response body. */
export function handleReview(
  ctx: AuthApiContext,
  user: UserInfo,
  group: string,
  resource: string,
  namespace: string | undefined,
  body: any,
): any {
  const apiVersion = `${group}/v1`;
  const base = (kind: string) => ({
    kind,
    apiVersion,
    metadata: { creationTimestamp: null },
  });
  switch (resource) {
    case 'selfsubjectreviews':
      return {
        ...base('SelfSubjectReview'),
        status: { userInfo: userInfoJson(user) },
      };
    case 'tokenreviews': {
      const token = body?.spec?.token ?? '';
      const wanted: string[] = body?.spec?.audiences?.length
        ? body.spec.audiences
        : [TOKEN_ISSUER];
      const u = ctx.authenticator.tokenUser(token, wanted);
      const ok = !('error' in u) && token;
      return {
        ...base('TokenReview'),
        spec: body?.spec ?? {},
        status: ok
          ? {
              authenticated: true,
              user: userInfoJson(u as UserInfo),
              audiences: wanted,
            }
          : { user: {}, error: ('error' in u && u.error) || 'token is empty' },
      };
    }
    case 'selfsubjectaccessreviews':
    case 'subjectaccessreviews':
    case 'localsubjectaccessreviews': {
      const subject: UserInfo =
        resource === 'selfsubjectaccessreviews'
          ? user
          : {
              name: body?.spec?.user ?? '',
              uid: body?.spec?.uid,
              groups: body?.spec?.groups ?? [],
            };
      if (resource === 'localsubjectaccessreviews') {
        const rns = body?.spec?.resourceAttributes?.namespace;
        if (rns && rns !== namespace)
          throw badRequest(
            `spec.resourceAttributes.namespace must match namespace: ${namespace}`,
          );
      }
      const a = attributesFromSpec(
        subject,
        body?.spec,
        resource === 'localsubjectaccessreviews' ? namespace : undefined,
      );
      const d = ctx.authorizer.authorize(a);
      const kinds: Record<string, string> = {
        selfsubjectaccessreviews: 'SelfSubjectAccessReview',
        subjectaccessreviews: 'SubjectAccessReview',
        localsubjectaccessreviews: 'LocalSubjectAccessReview',
      };
      const kind = kinds[resource];
      return {
        ...base(kind),
        ...(namespace
          ? { metadata: { namespace, creationTimestamp: null } }
          : {}),
        spec: body?.spec ?? {},
        status: {
          allowed: d.allowed,
          ...(d.reason ? { reason: d.reason } : {}),
        },
      };
    }
    case 'selfsubjectrulesreviews': {
      const ns = body?.spec?.namespace ?? '';
      return {
        ...base('SelfSubjectRulesReview'),
        spec: body?.spec ?? {},
        status: user.groups.includes('system:masters')
          ? {
              resourceRules: [
                { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
                ...ctx.authorizer
                  .rulesFor(user, ns)
                  .resourceRules.filter(
                    r => !(r.verbs.includes('*') && r.resources.includes('*')),
                  ),
              ],
              nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
              incomplete: false,
            }
          : ctx.authorizer.rulesFor(user, ns),
      };
    }
    default:
      throw notFound({ plural: resource, group, kind: resource }, '');
  }
}

/** POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token */
export function createToken(
  ctx: AuthApiContext,
  namespace: string,
  name: string,
  body: any,
  nowMs = Date.now(),
): any {
  const saType = ctx.store.typeOf('serviceaccounts');
  const sa = ctx.store.getObject(saType, namespace, name);
  if (!sa) throw notFound(saType, name);
  if (body?.kind && body.kind !== 'TokenRequest')
    throw badRequest(`expected TokenRequest, got ${body.kind}`);
  const spec = body?.spec ?? {};
  const expirationSeconds = spec.expirationSeconds ?? 3600;
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < 600) {
    throw new KubeStatusError(
      422,
      'Invalid',
      `TokenRequest.authentication.k8s.io "${name}" is invalid: spec.expirationSeconds: Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`,
      { name, group: 'authentication.k8s.io', kind: 'TokenRequest' },
    );
  }
  if (expirationSeconds > 2 ** 32) {
    throw new KubeStatusError(
      422,
      'Invalid',
      `TokenRequest.authentication.k8s.io "${name}" is invalid: spec.expirationSeconds: Invalid value: ${expirationSeconds}: may not specify a duration larger than 2^32 seconds`,
      { name, group: 'authentication.k8s.io', kind: 'TokenRequest' },
    );
  }
  const audiences: string[] = spec.audiences?.length
    ? spec.audiences
    : [TOKEN_ISSUER];
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + expirationSeconds;
  let pod: { name: string; uid: string } | undefined;
  const ref = spec.boundObjectRef;
  if (ref?.kind === 'Pod') {
    const p = ctx.store.getObject(
      ctx.store.typeOf('pods'),
      namespace,
      ref.name,
    );
    if (!p || (ref.uid && ref.uid !== p.metadata?.uid))
      throw notFound(ctx.store.typeOf('pods'), ref.name);
    pod = { name: ref.name, uid: p.metadata!.uid! };
  }
  const token = ctx.authenticator.issuer.sign({
    aud: audiences,
    exp,
    iat,
    iss: TOKEN_ISSUER,
    jti: crypto.randomUUID(),
    nbf: iat,
    sub: `system:serviceaccount:${namespace}:${name}`,
    'kubernetes.io': {
      namespace,
      serviceaccount: { name, uid: sa.metadata!.uid! },
      ...(pod ? { pod } : {}),
    },
  });
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: {
      name,
      namespace,
      creationTimestamp: nowTimestamp(nowMs),
    },
    spec: {
      audiences,
      expirationSeconds,
      boundObjectRef: ref ?? null,
    },
    status: {
      token,
      expirationTimestamp: nowTimestamp(exp * 1000),
    },
  };
}
