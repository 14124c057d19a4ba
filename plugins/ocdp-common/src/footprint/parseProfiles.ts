import { OcdpInputError } from '../errors';
import { isUnsafeObjectKey } from '../quota';
import { isValidPath } from './paths';
import { BUILT_IN_CHART_PROFILES, ChartProfile, EXPOSURES } from './profiles';

type Check = (value: unknown, field: string) => unknown;
type Spec = Readonly<Record<string, Check>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text: Check = (value, field) => {
  if (typeof value !== 'string') {
    throw new OcdpInputError(field, 'must be a string');
  }
  return value;
};

function onePath(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new OcdpInputError(field, 'must be a string');
  }
  if (!isValidPath(value)) {
    throw new OcdpInputError(
      field,
      'must be a dotted path without empty parts, __proto__, constructor or prototype',
    );
  }
  return value;
}

const path: Check = (value, field) =>
  Array.isArray(value)
    ? value.map((item, i) => onePath(item, `${field}[${i}]`))
    : onePath(value, field);

const flag: Check = (value, field) => {
  if (typeof value !== 'boolean') {
    throw new OcdpInputError(field, 'must be true or false');
  }
  return value;
};

const count: Check = (value, field) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new OcdpInputError(field, 'must be a non-negative integer');
  }
  return value;
};

const oneOf =
  (allowed: readonly string[]): Check =>
  (value, field) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new OcdpInputError(field, `must be one of ${allowed.join(', ')}`);
    }
    return value;
  };

const mapOf =
  (item: Check, keys?: readonly string[]): Check =>
  (value, field) => {
    if (!isRecord(value)) {
      throw new OcdpInputError(field, 'must be a map');
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (isUnsafeObjectKey(key) || (keys && !keys.includes(key))) {
        throw new OcdpInputError(
          `${field}.${key}`,
          keys ? `must be one of ${keys.join(', ')}` : 'is not allowed',
        );
      }
      out[key] = item(v, `${field}.${key}`);
    }
    return out;
  };

const anything: Check = (value, field) => mapOf(v => v)(value, field);

function object(spec: Spec, required: readonly string[] = []): Check {
  return (value, field) => {
    if (!isRecord(value)) {
      throw new OcdpInputError(field, 'must be a map');
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const check = Object.prototype.hasOwnProperty.call(spec, key)
        ? spec[key]
        : undefined;
      if (!check) {
        throw new OcdpInputError(
          `${field}.${key}`,
          'is not a chart profile field',
        );
      }
      if (v !== undefined && v !== null) {
        out[key] = check(v, `${field}.${key}`);
      }
    }
    for (const key of required) {
      if (out[key] === undefined) {
        throw new OcdpInputError(`${field}.${key}`, 'is required');
      }
    }
    return out;
  };
}

const listOf =
  (item: Check): Check =>
  (value, field) => {
    if (!Array.isArray(value)) {
      throw new OcdpInputError(field, 'must be a list');
    }
    return value.map((v, i) => item(v, `${field}[${i}]`));
  };

const checkService = object(
  {
    name: text,
    typePath: path,
    defaultType: text,
    exposureValues: mapOf(text, EXPOSURES),
    ports: count,
    nodePortPath: path,
    ingress: object(
      { name: text, enabledPath: path, hostPath: path, classNamePath: path },
      ['name'],
    ),
  },
  ['name'],
);

const WORKLOAD_FIELDS: Spec = {
  listPath: (value, field) => onePath(value, field),
  workloadNamePath: path,
  workloadName: text,
  objectName: text,
  kind: oneOf(['Deployment', 'StatefulSet']),
  enabledPath: path,
  enabledByDefault: flag,
  replicasPath: path,
  defaultReplicas: count,
  resourcesPath: path,
  requests: mapOf(path),
  limits: mapOf(path),
  gpu: object({
    resourcePath: path,
    defaultResource: text,
    countPath: path,
    memoryMiBPath: path,
    productPath: path,
  }),
  strategyPath: path,
  defaultStrategy: anything,
  nodeSelectorPath: path,
  nodeSelectorTermsPath: path,
  affinityPath: path,
  tolerationsPath: path,
  runtimeClassNamePath: path,
  storage: object(
    { name: text, sizePath: path, storageClassPath: path, enabledPath: path },
    ['name', 'sizePath'],
  ),
  services: listOf(checkService),
};

function withObjectName(check: Check): Check {
  return (value, field) => ({
    objectName: '{release}',
    ...(check(value, field) as object),
  });
}

const checkProfile = withObjectName(
  object({
    ...WORKLOAD_FIELDS,
    name: text,
    description: text,
    extraWorkloads: listOf(withObjectName(object(WORKLOAD_FIELDS))),
    imageRegistryPath: path,
    imagePullSecretsPath: path,
    labelsPath: path,
    model: object({
      idPath: path,
      servedNamePath: path,
      dtypePath: path,
      maxModelLenPath: path,
    }),
  }),
);

/**
 * Reads chart profiles from config (`ocdp.chartProfiles`: name → profile). Each profile is checked
 * field by field; objects are named `{release}` unless `objectName` says otherwise, and the
 * profile's name is its key.
 *
 * @throws OcdpInputError naming the bad field (`ocdp.chartProfiles.mychart.replicasPath: must be a string`).
 * @public
 */
export function parseChartProfiles(
  config: unknown,
  field = 'ocdp.chartProfiles',
): Record<string, ChartProfile> {
  if (config === undefined || config === null) {
    return {};
  }
  if (!isRecord(config)) {
    throw new OcdpInputError(field, 'must be a map of chart profiles');
  }
  const profiles: Record<string, ChartProfile> = {};
  for (const [name, value] of Object.entries(config)) {
    if (
      isUnsafeObjectKey(name) ||
      !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)
    ) {
      throw new OcdpInputError(
        `${field}.${name}`,
        'a profile name must be lower-case letters, digits, "-" and "."',
      );
    }
    profiles[name] = {
      ...(checkProfile(value, `${field}.${name}`) as ChartProfile),
      name,
    };
  }
  return profiles;
}

/**
 * A chart profile by name: a configured one, or a built-in one (`model-server`,
 * `vllm-production-stack`, `generic`). Configured profiles take precedence.
 *
 * @public
 */
export function findChartProfile(
  name: string,
  configured: Readonly<Record<string, ChartProfile>> = {},
): ChartProfile | undefined {
  const own = (map: Readonly<Record<string, ChartProfile>>) =>
    Object.prototype.hasOwnProperty.call(map, name) ? map[name] : undefined;
  return own(configured) ?? own(BUILT_IN_CHART_PROFILES);
}
