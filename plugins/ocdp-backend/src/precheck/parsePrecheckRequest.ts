import {
  ChartProfile,
  findChartProfile,
  OcdpInputError,
  OcdpPrecheckOperation,
  validateTenantName,
} from '@ocdp/plugin-ocdp-common';
import yaml from 'js-yaml';

const OPERATIONS: OcdpPrecheckOperation[] = ['install', 'upgrade', 'scale'];
const FIELDS = [
  'tenant',
  'cluster',
  'operation',
  'release',
  'profile',
  'values',
  'valuesYaml',
  'manifests',
  'replicas',
];

/** A pre-flight request, checked. */
export interface PrecheckInput {
  tenant: string;
  cluster: string;
  operation: OcdpPrecheckOperation;
  release?: string;
  profileName: string;
  profile: ChartProfile;
  /** Values to estimate from, or rendered manifests; a scale may leave them out. */
  source?:
    | { kind: 'values'; values: Record<string, unknown> }
    | { kind: 'manifests'; manifests: string };
  replicas?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Helm release name, or undefined when none is given; a bad one is a 400 naming `field`. */
export function parseReleaseName(
  value: unknown,
  field = 'release',
): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (
    typeof value !== 'string' ||
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) ||
    value.length > 53
  ) {
    throw new OcdpInputError(
      field,
      'must be a Helm release name: lowercase letters, digits and "-", at most 53 characters',
    );
  }
  return value;
}

/** Helm values given as YAML text (parsed safely: no custom types), or a 400 naming `field`. */
export function parseValuesYaml(
  text: string,
  field = 'valuesYaml',
): Record<string, unknown> {
  let values: unknown;
  try {
    values = yaml.load(text) ?? {};
  } catch (error) {
    throw new OcdpInputError(
      field,
      `is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!isRecord(values)) {
    throw new OcdpInputError(field, 'must be a map of Helm values');
  }
  return values;
}

function valuesSource(
  body: Record<string, unknown>,
  operation: OcdpPrecheckOperation,
): PrecheckInput['source'] {
  const given = ['values', 'valuesYaml', 'manifests'].filter(
    k => body[k] !== undefined && body[k] !== null,
  );
  if (given.length === 0 && operation === 'scale') return undefined;
  if (given.length !== 1) {
    throw new OcdpInputError(
      given.length ? given.join(', ') : 'values',
      'give exactly one of values, valuesYaml or manifests',
    );
  }
  if (body.values !== undefined) {
    if (!isRecord(body.values)) {
      throw new OcdpInputError('values', 'must be a map of Helm values');
    }
    return { kind: 'values', values: body.values };
  }
  if (body.valuesYaml !== undefined) {
    if (typeof body.valuesYaml !== 'string') {
      throw new OcdpInputError('valuesYaml', 'must be YAML text');
    }
    const values = parseValuesYaml(body.valuesYaml);
    return { kind: 'values', values };
  }
  if (typeof body.manifests !== 'string' || body.manifests.trim() === '') {
    throw new OcdpInputError('manifests', 'must be rendered YAML manifests');
  }
  return { kind: 'manifests', manifests: body.manifests };
}

/** `POST /precheck` body → a checked input, or a 400 naming the field. */
export function parsePrecheckRequest(
  input: unknown,
  ctx: {
    clusterNames: string[];
    chartProfiles: Record<string, ChartProfile>;
  },
): PrecheckInput {
  if (!isRecord(input)) {
    throw new OcdpInputError('body', 'must be a JSON object');
  }
  for (const key of Object.keys(input)) {
    if (!FIELDS.includes(key)) {
      throw new OcdpInputError(
        key,
        `unknown field; expected one of ${FIELDS.join(', ')}`,
      );
    }
  }
  const tenant = validateTenantName(input.tenant, 'tenant');
  if (
    typeof input.cluster !== 'string' ||
    !ctx.clusterNames.includes(input.cluster)
  ) {
    throw new OcdpInputError(
      'cluster',
      `unknown cluster ${JSON.stringify(
        input.cluster,
      )}; configured: ${ctx.clusterNames.join(', ')}`,
    );
  }
  const operation = (input.operation ?? 'install') as OcdpPrecheckOperation;
  if (!OPERATIONS.includes(operation)) {
    throw new OcdpInputError(
      'operation',
      `must be one of ${OPERATIONS.join(', ')}`,
    );
  }
  const release = parseReleaseName(input.release);
  if (!release && operation !== 'install') {
    throw new OcdpInputError('release', `is required for ${operation}`);
  }
  const profileName =
    input.profile === undefined ? 'model-server' : String(input.profile);
  const profile = findChartProfile(profileName, ctx.chartProfiles);
  if (!profile) {
    throw new OcdpInputError(
      'profile',
      `unknown chart profile "${profileName}"; known: ${[
        ...new Set([
          'model-server',
          'vllm-production-stack',
          'generic',
          ...Object.keys(ctx.chartProfiles),
        ]),
      ].join(', ')}`,
    );
  }
  let replicas: number | undefined;
  if (input.replicas !== undefined) {
    if (
      typeof input.replicas !== 'number' ||
      !Number.isSafeInteger(input.replicas) ||
      input.replicas < 0
    ) {
      throw new OcdpInputError('replicas', 'must be a whole number, 0 or more');
    }
    replicas = input.replicas;
  }
  if (operation === 'scale' && replicas === undefined) {
    throw new OcdpInputError('replicas', 'is required for scale');
  }
  const source = valuesSource(input, operation);
  return {
    tenant,
    cluster: input.cluster,
    operation,
    ...(release ? { release } : {}),
    profileName,
    profile,
    ...(source ? { source } : {}),
    ...(replicas !== undefined ? { replicas } : {}),
  };
}
