import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  mergeQuotaDefaults,
  normalizeQuotaSpec,
  OcdpInputError,
  QuotaSpec,
  validateNamespaceName,
  validateTenantName,
} from '@ocdp/plugin-ocdp-common';
import { OcdpBackendConfig } from '../config/readOcdpBackendConfig';
import { assertNamespaceNotProtected } from './protectedNamespaces';

/** At most this many clusters in one create request. */
const MAX_BINDINGS = 100;

/** At most this many tenants in one page of `GET /tenants`. */
export const MAX_PAGE_SIZE = 500;

export interface CreateTenantInput {
  name: string;
  owner: string;
  bindings: Array<{ cluster: string; namespace: string; quota: QuotaSpec }>;
}

export interface SetQuotaInput {
  /** The quota as given, for a binding that exists. */
  quota: QuotaSpec;
  /** The quota with `ocdp.quota.defaults` under it, for a binding this request adds. */
  quotaForNewBinding: QuotaSpec;
  namespace?: string;
}

export interface TenantListQuery {
  limit?: number;
  cursor?: string;
  q?: string;
  owner?: string;
  cluster?: string;
}

export interface RequestContext {
  config: OcdpBackendConfig;
  clusterNames: string[];
}

function asObject(value: unknown, field: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new OcdpInputError(field, 'must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function rejectUnknownFields(
  body: Record<string, unknown>,
  allowed: string[],
  prefix: string,
) {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      throw new OcdpInputError(
        prefix ? `${prefix}.${key}` : key,
        `unknown field; expected one of ${allowed.join(', ')}`,
      );
    }
  }
}

/** `user:default/ben`, `group:team-vision` → full, lowercase-kind entity refs; others are 400. */
export function parseOwnerRef(value: unknown, field = 'owner'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new OcdpInputError(
      field,
      'must be a user or group entity ref like "group:default/team-vision"',
    );
  }
  let ref;
  try {
    ref = parseEntityRef(value.trim(), { defaultNamespace: 'default' });
  } catch (error) {
    throw new OcdpInputError(field, (error as Error).message);
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  if (kind !== 'user' && kind !== 'group') {
    throw new OcdpInputError(
      field,
      `must refer to a user or a group, not a ${ref.kind}`,
    );
  }
  return stringifyEntityRef({ ...ref, kind });
}

function quotaOptions(config: OcdpBackendConfig) {
  return {
    gpuResourceKeys: config.gpuResourceKeys,
    externallyEnforcedKeys: config.externallyEnforcedKeys,
  };
}

/** The quota of a new binding: `ocdp.quota.defaults` under the given keys, then the semantics. */
export function newBindingQuota(
  quota: unknown,
  field: string,
  config: OcdpBackendConfig,
): QuotaSpec {
  const given = quota === undefined || quota === null ? {} : quota;
  const options = quotaOptions(config);
  return normalizeQuotaSpec(
    mergeQuotaDefaults(
      config.quotaDefaults,
      given as Record<string, unknown>,
      options,
    ),
    { ...options, field },
  );
}

function parseCluster(value: unknown, field: string, ctx: RequestContext) {
  if (typeof value !== 'string' || !ctx.clusterNames.includes(value)) {
    throw new OcdpInputError(
      field,
      `unknown cluster ${JSON.stringify(
        value,
      )}; configured: ${ctx.clusterNames.join(', ')}`,
    );
  }
  return value;
}

function parseOptionalNamespace(
  value: unknown,
  field: string,
  config: OcdpBackendConfig,
): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const namespace = validateNamespaceName(value, field);
  assertNamespaceNotProtected(namespace, config.protectedNamespaces);
  return namespace;
}

/** `POST /tenants`: 400 naming the field for malformed input, 403 for protected namespaces. */
export function parseCreateTenantRequest(
  input: unknown,
  ctx: RequestContext,
): CreateTenantInput {
  const body = asObject(input, 'body');
  rejectUnknownFields(body, ['name', 'owner', 'bindings'], '');
  const name = validateTenantName(body.name, 'name');
  const owner = parseOwnerRef(body.owner);
  if (!Array.isArray(body.bindings) || body.bindings.length === 0) {
    throw new OcdpInputError(
      'bindings',
      'must be a non-empty list of { cluster, namespace?, quota }',
    );
  }
  if (body.bindings.length > MAX_BINDINGS) {
    throw new OcdpInputError('bindings', `at most ${MAX_BINDINGS} clusters`);
  }
  const seen = new Set<string>();
  const bindings = body.bindings.map((raw, i) => {
    const field = `bindings[${i}]`;
    const binding = asObject(raw, field);
    rejectUnknownFields(binding, ['cluster', 'namespace', 'quota'], field);
    const cluster = parseCluster(binding.cluster, `${field}.cluster`, ctx);
    if (seen.has(cluster)) {
      throw new OcdpInputError(
        `${field}.cluster`,
        `"${cluster}" is listed twice`,
      );
    }
    seen.add(cluster);
    const namespace =
      parseOptionalNamespace(
        binding.namespace,
        `${field}.namespace`,
        ctx.config,
      ) ?? name;
    assertNamespaceNotProtected(namespace, ctx.config.protectedNamespaces);
    return {
      cluster,
      namespace,
      quota: newBindingQuota(binding.quota, `${field}.quota`, ctx.config),
    };
  });
  return { name, owner, bindings };
}

/** `PUT /tenants/:tenant/bindings/:cluster` body. */
export function parseUpdateQuotaRequest(
  input: unknown,
  config: OcdpBackendConfig,
): SetQuotaInput {
  const body = asObject(input, 'body');
  rejectUnknownFields(body, ['quota', 'namespace'], '');
  if (body.quota === undefined) {
    throw new OcdpInputError('quota', 'is required');
  }
  const quota = asObject(body.quota, 'quota');
  return {
    quota: normalizeQuotaSpec(quota, {
      ...quotaOptions(config),
      field: 'quota',
    }),
    quotaForNewBinding: newBindingQuota(quota, 'quota', config),
    namespace: parseOptionalNamespace(body.namespace, 'namespace', config),
  };
}

function optionalQueryString(value: unknown, field: string) {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 253) {
    throw new OcdpInputError(
      field,
      'must be one text of at most 253 characters',
    );
  }
  return value;
}

/** `GET /tenants?limit=&cursor=&q=&owner=&cluster=`. */
export function parseTenantListQuery(
  query: Record<string, unknown>,
): TenantListQuery {
  const known = ['limit', 'cursor', 'q', 'owner', 'cluster'];
  rejectUnknownFields(query, known, '');
  const parsed: TenantListQuery = {};
  const limit = optionalQueryString(query.limit, 'limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1 || n > MAX_PAGE_SIZE) {
      throw new OcdpInputError(
        'limit',
        `must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
      );
    }
    parsed.limit = n;
  }
  const cursor = optionalQueryString(query.cursor, 'cursor');
  if (cursor !== undefined) {
    if (parsed.limit === undefined) {
      throw new OcdpInputError('cursor', 'needs limit');
    }
    parsed.cursor = cursor;
  }
  const q = optionalQueryString(query.q, 'q');
  if (q !== undefined) parsed.q = q;
  const owner = optionalQueryString(query.owner, 'owner');
  if (owner !== undefined) parsed.owner = parseOwnerRef(owner);
  const cluster = optionalQueryString(query.cluster, 'cluster');
  if (cluster !== undefined) parsed.cluster = cluster;
  return parsed;
}

/** `If-Match: 3`, `"3"` or `W/"3"` → 3; absent → undefined; anything else is a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw new OcdpInputError(
      'If-Match',
      `must be the binding version (a number), got ${JSON.stringify(header)}`,
    );
  }
  return Number(match[1]);
}
