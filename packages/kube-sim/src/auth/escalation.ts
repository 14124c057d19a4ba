/**
 * RBAC privilege-escalation prevention, after upstream's pkg/registry/rbac (policybased storage and
 * validation.ConfirmNoEscalation / Covers): a user may only create or update a Role/ClusterRole
 * whose rules they already hold (or with the `escalate` verb on it), and only bind a role whose
 * rules they hold (or with the `bind` verb on it). `system:masters` may do anything.
 */
import { KubeStatusError } from '../errors';
import type { Store } from '../store';
import type { KObject } from '../util';
import { RbacAuthorizer, Rule, UserInfo } from './rbac';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function has(list: string[] | undefined, v: string): boolean {
  return !!list && (list.includes('*') || list.includes(v));
}

/** One verb, one group, one resource, one name (or one URL): upstream's BreakdownRule. */
function breakdown(rule: Rule): Rule[] {
  const out: Rule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if (rule.resourceNames?.length) {
          for (const name of rule.resourceNames)
            out.push({
              apiGroups: [group],
              resources: [resource],
              resourceNames: [name],
              verbs: [verb],
            });
        } else {
          out.push({
            apiGroups: [group],
            resources: [resource],
            verbs: [verb],
          });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs ?? [])
      out.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return out;
}

function resourceCovers(
  owner: string[] | undefined,
  resource: string,
): boolean {
  if (has(owner, resource)) return true;
  if (!resource.includes('/')) return false;
  return !!owner?.includes(`*/${resource.split('/').slice(1).join('/')}`);
}

function urlCovers(owner: string[] | undefined, url: string): boolean {
  for (const u of owner ?? []) {
    if (u === '*' || u === url) return true;
    if (u.endsWith('*') && url.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

/** upstream's ruleCovers, for a broken-down (single) rule. */
function covers(owner: Rule, piece: Rule): boolean {
  if (!has(owner.verbs, piece.verbs![0])) return false;
  if (piece.nonResourceURLs?.length)
    return urlCovers(owner.nonResourceURLs, piece.nonResourceURLs[0]);
  if (!has(owner.apiGroups, piece.apiGroups![0])) return false;
  if (!resourceCovers(owner.resources, piece.resources![0])) return false;
  if (!owner.resourceNames?.length) return true;
  return (
    !!piece.resourceNames?.length &&
    owner.resourceNames.includes(piece.resourceNames[0])
  );
}

/** upstream's CompactRules: single group/resource rules without names merged by verb. */
function compact(rules: Rule[]): Rule[] {
  const out: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple =
      r.apiGroups?.length === 1 &&
      r.resources?.length === 1 &&
      !r.resourceNames?.length &&
      !r.nonResourceURLs?.length;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = `${r.apiGroups![0]}\u0000${r.resources![0]}`;
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs ?? [])
        if (!existing.verbs!.includes(v)) existing.verbs!.push(v);
    } else {
      const copy = { ...r, verbs: [...(r.verbs ?? [])] };
      simple.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}

const goQuote = (list: string[]) =>
  `[${list.map(s => JSON.stringify(s)).join(' ')}]`;

/** rbacv1helpers.CompactString */
function compactString(r: Rule): string {
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${goQuote(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${goQuote(r.resources)}`);
  if (r.nonResourceURLs?.length)
    parts.push(`NonResourceURLs:${goQuote(r.nonResourceURLs)}`);
  if (r.resourceNames?.length)
    parts.push(`ResourceNames:${goQuote(r.resourceNames)}`);
  if (r.verbs?.length) parts.push(`Verbs:${goQuote(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

function forbidden(plural: string, name: string, message: string) {
  return new KubeStatusError(
    403,
    'Forbidden',
    `${plural}.${RBAC_GROUP} "${name}" is forbidden: ${message}`,
    { name, group: RBAC_GROUP, kind: plural },
  );
}

export class EscalationCheck {
  constructor(
    private readonly store: Store,
    private readonly authorizer: RbacAuthorizer,
  ) {}

  private ownerRules(user: UserInfo, namespace: string): Rule[] {
    const rules: Rule[] = [];
    for (const { rules: r } of this.authorizer.applicable(user, namespace))
      rules.push(...r);
    return rules;
  }

  private allowedVerb(
    user: UserInfo,
    verb: string,
    resource: string,
    name: string,
    namespace: string,
  ): boolean {
    return this.authorizer.authorize({
      user,
      verb,
      resourceRequest: true,
      path: '',
      apiGroup: RBAC_GROUP,
      apiVersion: 'v1',
      resource,
      subresource: '',
      namespace,
      name,
    }).allowed;
  }

  private confirmNoEscalation(
    user: UserInfo,
    namespace: string,
    rules: Rule[],
  ): string | undefined {
    const owner = this.ownerRules(user, namespace);
    const missing: Rule[] = [];
    for (const r of rules)
      for (const piece of breakdown(r))
        if (!owner.some(o => covers(o, piece))) missing.push(piece);
    if (!missing.length) return undefined;
    const lines = [...new Set(compact(missing).map(compactString))].sort();
    return `user "${user.name}" (groups=${goQuote(
      user.groups,
    )}) is attempting to grant RBAC permissions not currently held:\n${lines.join(
      '\n',
    )}`;
  }

  /**
   * Throws the real 403 when `user` may not write this Role/ClusterRole/(Cluster)RoleBinding.
   * `plural` is the RBAC resource, `obj` the object as it would be stored.
   */
  check(
    user: UserInfo,
    plural: string,
    namespace: string | undefined,
    obj: KObject,
  ): void {
    if (user.groups.includes('system:masters')) return;
    const ns = namespace ?? '';
    const name = obj?.metadata?.name ?? '';
    if (plural === 'roles' || plural === 'clusterroles') {
      if (this.allowedVerb(user, 'escalate', plural, name, ns)) return;
      const why = this.confirmNoEscalation(user, ns, obj?.rules ?? []);
      if (why) throw forbidden(plural, name, why);
      return;
    }
    if (plural === 'rolebindings' || plural === 'clusterrolebindings') {
      const ref = obj?.roleRef ?? {};
      const refPlural = ref.kind === 'Role' ? 'roles' : 'clusterroles';
      if (this.allowedVerb(user, 'bind', refPlural, ref.name ?? '', ns)) return;
      const role =
        ref.kind === 'Role'
          ? this.store.getObject(
              this.store.typeOf('roles', RBAC_GROUP),
              ns,
              ref.name,
            )
          : this.store.getObject(
              this.store.typeOf('clusterroles', RBAC_GROUP),
              undefined,
              ref.name,
            );
      if (!role) {
        throw forbidden(
          plural,
          name,
          `${ref.kind === 'Role' ? 'role' : 'clusterrole'}.${RBAC_GROUP} "${
            ref.name
          }" not found`,
        );
      }
      const rules =
        ref.kind === 'Role'
          ? role.rules ?? []
          : this.authorizer.roleRules(ns, ref) ?? [];
      const why = this.confirmNoEscalation(user, ns, rules);
      if (why) throw forbidden(plural, name, why);
    }
  }
}
