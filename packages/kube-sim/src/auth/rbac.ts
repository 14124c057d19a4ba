/**
 * Authentication and RBAC authorization of the SIMULATED API server, after upstream's
 * RequestInfoFactory, the RBAC authorizer (plugin/pkg/auth/authorizer/rbac) and the
 * apiserver's forbidden messages.
 */
import type { IncomingMessage } from 'http';
import { KubeStatusError } from '../errors';
import { labelSelectorFromObject, matchLabels } from '../selectors';
import type { Store } from '../store';
import type { KObject } from '../util';
import { TOKEN_ISSUER, TokenIssuer, looksLikeJwt } from './tokens';

/** The token the kubeconfig the simulator emits carries: full access. */
export const ADMIN_TOKEN = 'kube-sim-simulated-token';

export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const ADMIN_USER: UserInfo = {
  name: 'kube-sim-admin',
  groups: ['system:masters', 'system:authenticated'],
};

export const ANONYMOUS: UserInfo = {
  name: 'system:anonymous',
  groups: ['system:unauthenticated'],
};

/** Request attributes as upstream's authorizer.Attributes. */
export interface Attributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  path: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Upstream's RequestInfoFactory.NewRequestInfo, for /api and /apis paths. */
export function requestAttributes(
  user: UserInfo,
  method: string,
  pathname: string,
  query: URLSearchParams,
): Attributes {
  const verbFor: Record<string, string> = {
    POST: 'create',
    GET: 'get',
    HEAD: 'get',
    PUT: 'update',
    PATCH: 'patch',
    DELETE: 'delete',
  };
  const base: Attributes = {
    user,
    verb: (verbFor[method] ?? method).toLowerCase(),
    resourceRequest: false,
    path: pathname,
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
  };
  let parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'api' && parts[0] !== 'apis') return base;
  if (parts[0] === 'api') {
    if (parts.length < 3) return base;
    base.apiVersion = parts[1];
    parts = parts.slice(2);
  } else {
    if (parts.length < 4) return base;
    base.apiGroup = parts[1];
    base.apiVersion = parts[2];
    parts = parts.slice(3);
  }
  base.resourceRequest = true;
  let verb = verbFor[method] ?? method.toLowerCase();
  if (parts[0] === 'watch') {
    verb = 'watch';
    parts = parts.slice(1);
  }
  if (parts[0] === 'namespaces' && parts.length > 1) {
    base.namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]))
      parts = parts.slice(2);
  }
  base.resource = parts[0] ?? '';
  base.name = parts[1] ?? '';
  base.subresource = parts[2] ?? '';
  if (!base.name && verb === 'get') {
    verb =
      query.get('watch') === 'true' || query.get('watch') === '1'
        ? 'watch'
        : 'list';
  }
  if (!base.name && verb === 'delete') verb = 'deletecollection';
  if (
    verb === 'list' &&
    (query.get('watch') === 'true' || query.get('watch') === '1')
  )
    verb = 'watch';
  base.verb = verb;
  return base;
}

export interface Rule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

function has(list: string[] | undefined, v: string): boolean {
  return !!list && (list.includes('*') || list.includes(v));
}

function resourceMatches(rule: Rule, resource: string, sub: string): boolean {
  const combined = sub ? `${resource}/${sub}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (r.endsWith('/*') && combined.startsWith(r.slice(0, -1)) && sub)
      return true;
    if (r.startsWith('*/') && sub && combined.endsWith(r.slice(1))) return true;
  }
  return false;
}

function ruleAllows(rule: Rule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) {
    for (const u of rule.nonResourceURLs ?? []) {
      if (u === '*' || u === a.path) return true;
      if (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))) return true;
    }
    return false;
  }
  if (!has(rule.apiGroups, a.apiGroup)) return false;
  if (!resourceMatches(rule, a.resource, a.subresource)) return false;
  if (rule.resourceNames?.length) return rule.resourceNames.includes(a.name);
  return true;
}

export function subjectMatches(
  subject: any,
  user: UserInfo,
  bindingNamespace: string | undefined,
): boolean {
  switch (subject?.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace || '';
      return user.name === `system:serviceaccount:${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

function describeSubject(subject: any, bindingNs?: string): string {
  if (subject.kind === 'ServiceAccount')
    return `ServiceAccount "${subject.name}/${subject.namespace || bindingNs}"`;
  return `${subject.kind} "${subject.name}"`;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

/** Reads Roles/ClusterRoles/(Cluster)RoleBindings from the store on every decision. */
export class RbacAuthorizer {
  constructor(private readonly store: Store) {}

  private type(plural: string) {
    return this.store.typeOf(plural, 'rbac.authorization.k8s.io');
  }

  private clusterRoleRules(name: string): Rule[] | undefined {
    const cr = this.store.getObject(this.type('clusterroles'), undefined, name);
    if (!cr) return undefined;
    const rules: Rule[] = [...(cr.rules ?? [])];
    const selectors = cr.aggregationRule?.clusterRoleSelectors ?? [];
    if (selectors.length) {
      const parsed = selectors.map((s: any) => labelSelectorFromObject(s));
      for (const e of this.store
        .table(this.type('clusterroles'))
        .map.values()) {
        if (e.obj.metadata?.name === name) continue;
        const labels = e.obj.metadata?.labels ?? {};
        if (parsed.some((sel: any) => sel.length && matchLabels(sel, labels)))
          rules.push(...(e.obj.rules ?? []));
      }
    }
    return rules;
  }

  roleRules(ns: string, roleRef: any): Rule[] | undefined {
    if (roleRef?.kind === 'ClusterRole')
      return this.clusterRoleRules(roleRef.name);
    if (roleRef?.kind === 'Role')
      return (
        this.store.getObject(this.type('roles'), ns, roleRef.name)?.rules ??
        undefined
      );
    return undefined;
  }

  /** Every (binding, rules) pair that applies to the user in a namespace ('' = cluster scope only). */
  *applicable(
    user: UserInfo,
    namespace: string,
  ): Generator<{ binding: KObject; rules: Rule[]; subject: any }> {
    for (const e of this.store
      .table(this.type('clusterrolebindings'))
      .map.values()) {
      const b = e.obj;
      const subject = (b.subjects ?? []).find((s: any) =>
        subjectMatches(s, user, undefined),
      );
      if (!subject) continue;
      const rules =
        b.roleRef?.kind === 'ClusterRole'
          ? this.clusterRoleRules(b.roleRef.name)
          : undefined;
      if (rules) yield { binding: b, rules, subject };
    }
    if (!namespace) return;
    const rbType = this.type('rolebindings');
    for (const e of this.store.list(rbType, namespace).entries) {
      const b = e.obj;
      const subject = (b.subjects ?? []).find((s: any) =>
        subjectMatches(s, user, namespace),
      );
      if (!subject) continue;
      const rules = this.roleRules(namespace, b.roleRef);
      if (rules) yield { binding: b, rules, subject };
    }
  }

  authorize(a: Attributes): Decision {
    if (a.user.groups.includes('system:masters'))
      return { allowed: true, reason: '' };
    for (const { binding, rules, subject } of this.applicable(
      a.user,
      a.namespace,
    )) {
      if (rules.some(r => ruleAllows(r, a))) {
        const ns = binding.metadata?.namespace;
        const kind = ns ? 'RoleBinding' : 'ClusterRoleBinding';
        const bname = ns
          ? `${binding.metadata?.name}/${ns}`
          : binding.metadata?.name;
        return {
          allowed: true,
          reason: `RBAC: allowed by ${kind} "${bname}" of ${
            binding.roleRef.kind
          } "${binding.roleRef.name}" to ${describeSubject(subject, ns)}`,
        };
      }
    }
    return { allowed: false, reason: '' };
  }

  /** SelfSubjectRulesReview status for a namespace. */
  rulesFor(user: UserInfo, namespace: string) {
    const resourceRules: any[] = [];
    const nonResourceRules: any[] = [];
    const seen = new Set<string>();
    for (const { rules } of this.applicable(user, namespace)) {
      for (const r of rules) {
        const key = JSON.stringify(r);
        if (seen.has(key)) continue;
        seen.add(key);
        if (r.nonResourceURLs?.length) {
          nonResourceRules.push({
            verbs: r.verbs ?? [],
            nonResourceURLs: r.nonResourceURLs,
          });
        } else {
          resourceRules.push({
            verbs: r.verbs ?? [],
            apiGroups: r.apiGroups ?? [],
            resources: r.resources ?? [],
            ...(r.resourceNames?.length
              ? { resourceNames: r.resourceNames }
              : {}),
          });
        }
      }
    }
    return { resourceRules, nonResourceRules, incomplete: false };
  }
}

/** apiserver's forbidden message (endpoints/handlers/responsewriters.forbiddenMessage + NewForbidden). */
export function forbiddenError(a: Attributes, reason = ''): KubeStatusError {
  const who = `User "${a.user.name}"`;
  let msg: string;
  if (!a.resourceRequest) {
    msg = `${who} cannot ${a.verb} path "${a.path}"`;
  } else {
    const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    msg = a.namespace
      ? `${who} cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}" in the namespace "${a.namespace}"`
      : `${who} cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}" at the cluster scope`;
  }
  if (reason) msg = `${msg}: ${reason}`;
  const gr = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  let message: string;
  if (!a.resourceRequest || !gr) message = `forbidden: ${msg}`;
  else if (!a.name) message = `${gr} is forbidden: ${msg}`;
  else message = `${gr} "${a.name}" is forbidden: ${msg}`;
  return new KubeStatusError(403, 'Forbidden', message, {
    ...(a.name ? { name: a.name } : {}),
    ...(a.apiGroup ? { group: a.apiGroup } : {}),
    ...(a.resource ? { kind: a.resource } : {}),
  });
}

export function unauthorizedError(): KubeStatusError {
  return new KubeStatusError(401, 'Unauthorized', 'Unauthorized');
}

export interface StaticTokenUser {
  token: string;
  user: string;
  uid?: string;
  groups?: string[];
}

export interface AuthOptions {
  /** Refuse unknown tokens (401) and treat requests without a token as system:anonymous. */
  strictAuth?: boolean;
  /** Extra static tokens (like the API server's --token-auth-file). */
  tokens?: StaticTokenUser[];
}

/** Authenticates requests: admin token, static tokens, ServiceAccount JWTs; impersonation for admins. */
export class Authenticator {
  constructor(
    private readonly store: Store,
    readonly issuer: TokenIssuer,
    private readonly options: AuthOptions,
  ) {}

  /**
   * The user a token stands for. A ServiceAccount token must carry one of `audiences` (default:
   * the API server's own, the issuer), like the API server's --api-audiences check.
   */
  tokenUser(
    token: string,
    audiences: string[] = [TOKEN_ISSUER],
  ): UserInfo | { error: string } {
    if (token === ADMIN_TOKEN) return ADMIN_USER;
    const stat = this.options.tokens?.find(t => t.token === token);
    if (stat) {
      const groups = [...(stat.groups ?? [])];
      if (!groups.includes('system:authenticated'))
        groups.push('system:authenticated');
      return { name: stat.user, uid: stat.uid, groups };
    }
    if (looksLikeJwt(token)) {
      const v = this.issuer.verify(token);
      if ('error' in v) return v;
      if (!(v.claims.aud ?? []).some(a => audiences.includes(a)))
        return { error: 'token audiences do not match' };
      const k = v.claims['kubernetes.io'];
      const sa = this.store.getObject(
        this.store.typeOf('serviceaccounts'),
        k.namespace,
        k.serviceaccount.name,
      );
      if (!sa || sa.metadata?.uid !== k.serviceaccount.uid)
        return {
          error: `service account ${k.namespace}/${k.serviceaccount.name} has been deleted`,
        };
      if (k.pod) {
        const pod = this.store.getObject(
          this.store.typeOf('pods'),
          k.namespace,
          k.pod.name,
        );
        if (!pod || pod.metadata?.uid !== k.pod.uid)
          return {
            error: `pod ${k.namespace}/${k.pod.name} the token is bound to has been deleted`,
          };
      }
      return {
        name: v.claims.sub,
        uid: k.serviceaccount.uid,
        groups: [
          'system:serviceaccounts',
          `system:serviceaccounts:${k.namespace}`,
          'system:authenticated',
        ],
        extra: {
          'authentication.kubernetes.io/credential-id': [`JTI=${v.claims.jti}`],
          ...(k.pod
            ? {
                'authentication.kubernetes.io/pod-name': [k.pod.name],
                'authentication.kubernetes.io/pod-uid': [k.pod.uid],
              }
            : {}),
        },
      };
    }
    if (this.options.strictAuth) return { error: 'unknown token' };
    return ADMIN_USER; // like before RBAC existed: any token is accepted
  }

  /** The request's user; throws 401 for bad credentials. */
  authenticate(req: IncomingMessage): UserInfo {
    const header = req.headers.authorization;
    let user: UserInfo;
    if (!header) {
      user = this.options.strictAuth ? ANONYMOUS : ADMIN_USER;
    } else {
      const m = /^Bearer\s+(.+)$/i.exec(header);
      if (!m) {
        if (this.options.strictAuth) throw unauthorizedError();
        user = ADMIN_USER;
      } else {
        const u = this.tokenUser(m[1].trim());
        if ('error' in u) throw unauthorizedError();
        user = u;
      }
    }
    const asUser = req.headers['impersonate-user'];
    if (asUser) user = this.impersonate(user, req);
    return user;
  }

  private impersonate(user: UserInfo, req: IncomingMessage): UserInfo {
    const name = String(req.headers['impersonate-user']);
    const raw = req.headers['impersonate-group'];
    const groups =
      raw === undefined
        ? []
        : (Array.isArray(raw) ? raw : String(raw).split(',')).map(s =>
            s.trim(),
          );
    if (!user.groups.includes('system:masters')) {
      throw new KubeStatusError(
        403,
        'Forbidden',
        `users "${name}" is forbidden: User "${user.name}" cannot impersonate resource "users" in API group "" at the cluster scope`,
        {
          name,
          kind: 'users',
        },
      );
    }
    const sa = /^system:serviceaccount:([^:]+):(.+)$/.exec(name);
    const all = [...groups];
    if (sa)
      all.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
    if (name !== 'system:anonymous' && !all.includes('system:authenticated'))
      all.push('system:authenticated');
    return { name, groups: all };
  }
}
