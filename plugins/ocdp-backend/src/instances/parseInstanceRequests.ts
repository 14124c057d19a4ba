import {
  OcdpInputError,
  OcdpInstanceListQuery,
  OcdpInstanceStatus,
  Values,
  validateTenantName,
} from '@ocdp/plugin-ocdp-common';
import {
  parseReleaseName,
  parseValuesYaml,
} from '../precheck/parsePrecheckRequest';

/** `POST /instances`, checked. */
export interface CreateInstanceInput {
  tenant: string;
  cluster: string;
  name: string;
  /** A configured chart (`ocdp.charts`). */
  chart: string;
  /** The user's values; chart defaults and the cluster overlay come under them. */
  values: Values;
}

/** `PATCH /instances/:id`, checked: a new replica count, or values merged onto the current ones. */
export type InstanceChange =
  | { kind: 'scale'; replicas: number }
  | { kind: 'values'; values: Values };

const STATUSES: OcdpInstanceStatus[] = [
  'pending',
  'deploying',
  'ready',
  'failed',
  'missing',
];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function body(input: unknown, fields: string[]): Record<string, unknown> {
  if (!isRecord(input)) {
    throw new OcdpInputError('body', 'must be a JSON object');
  }
  for (const key of Object.keys(input)) {
    if (!fields.includes(key)) {
      throw new OcdpInputError(
        key,
        `unknown field; expected one of ${fields.join(', ')}`,
      );
    }
  }
  return input;
}

/** `values` or `valuesYaml`, exactly one of them when `required`. */
function valuesOf(
  input: Record<string, unknown>,
  required: boolean,
): Values | undefined {
  const given = ['values', 'valuesYaml'].filter(
    k => input[k] !== undefined && input[k] !== null,
  );
  if (given.length > 1) {
    throw new OcdpInputError(
      'values, valuesYaml',
      'give values or valuesYaml, not both',
    );
  }
  if (given.length === 0) {
    if (required) {
      throw new OcdpInputError('values', 'give values or valuesYaml');
    }
    return undefined;
  }
  if (input.values !== undefined && input.values !== null) {
    if (!isRecord(input.values)) {
      throw new OcdpInputError('values', 'must be a map of Helm values');
    }
    return input.values;
  }
  if (typeof input.valuesYaml !== 'string') {
    throw new OcdpInputError('valuesYaml', 'must be YAML text');
  }
  return parseValuesYaml(input.valuesYaml);
}

/** `POST /instances` body → input, or a 400 naming the field. */
export function parseCreateInstanceRequest(
  input: unknown,
  ctx: { clusterNames: string[]; chartNames: string[] },
): CreateInstanceInput {
  const b = body(input, [
    'tenant',
    'cluster',
    'name',
    'chart',
    'values',
    'valuesYaml',
  ]);
  const tenant = validateTenantName(b.tenant, 'tenant');
  if (typeof b.cluster !== 'string' || !ctx.clusterNames.includes(b.cluster)) {
    throw new OcdpInputError(
      'cluster',
      `unknown cluster ${JSON.stringify(
        b.cluster,
      )}; configured: ${ctx.clusterNames.join(', ')}`,
    );
  }
  const name = parseReleaseName(b.name, 'name');
  if (!name) throw new OcdpInputError('name', 'is required');
  const chart = b.chart ?? ctx.chartNames[0];
  if (typeof chart !== 'string' || !ctx.chartNames.includes(chart)) {
    throw new OcdpInputError(
      'chart',
      `unknown chart ${JSON.stringify(chart)}; configured: ${
        ctx.chartNames.join(', ') || 'none'
      }`,
    );
  }
  return {
    tenant,
    cluster: b.cluster,
    name,
    chart,
    values: valuesOf(b, false) ?? {},
  };
}

/** `PATCH /instances/:id` body → a change, or a 400 naming the field. */
export function parseInstanceChange(input: unknown): InstanceChange {
  const b = body(input, ['replicas', 'values', 'valuesYaml']);
  const values = valuesOf(b, false);
  if (b.replicas !== undefined) {
    if (values) {
      throw new OcdpInputError(
        'replicas',
        'change replicas or values, not both at once',
      );
    }
    if (
      typeof b.replicas !== 'number' ||
      !Number.isSafeInteger(b.replicas) ||
      b.replicas < 0
    ) {
      throw new OcdpInputError('replicas', 'must be a whole number, 0 or more');
    }
    return { kind: 'scale', replicas: b.replicas };
  }
  if (!values) {
    throw new OcdpInputError('body', 'give replicas, values or valuesYaml');
  }
  return { kind: 'values', values };
}

/** `GET /instances` query, or a 400 naming the parameter. */
export function parseInstanceListQuery(
  query: Record<string, unknown>,
): OcdpInstanceListQuery {
  const out: OcdpInstanceListQuery = {};
  for (const key of ['tenant', 'cluster', 'status'] as const) {
    const value = query[key];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') {
      throw new OcdpInputError(key, 'must be given once');
    }
    if (key === 'status' && !STATUSES.includes(value as OcdpInstanceStatus)) {
      throw new OcdpInputError(key, `must be one of ${STATUSES.join(', ')}`);
    }
    (out as Record<string, string>)[key] = value;
  }
  return out;
}
