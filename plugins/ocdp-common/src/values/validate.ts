import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** `/tolerations/0/key` → `tolerations[0].key`. */
function dotted(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) {
      path += `[${segment}]`;
    } else {
      path = path ? `${path}.${segment}` : segment;
    }
  }
  return path;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(error: ErrorObject): string {
  const path = dotted(error.instancePath);
  const params = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${join(
        path,
        params.additionalProperty,
      )}: is not a value of this chart`;
    case 'required':
      return `${join(path, params.missingProperty)}: is required`;
    case 'enum':
      return `${path || 'values'}: must be one of ${params.allowedValues.join(
        ', ',
      )}`;
    default:
      return `${path || 'values'}: ${error.message}`;
  }
}

/** Drops the errors of each branch of a failed `oneOf`/`anyOf`, keeping the summary. */
function withoutBranchNoise(errors: ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter(
    e => e.keyword === 'oneOf' || e.keyword === 'anyOf',
  );
  return errors.filter(
    e =>
      !combinators.some(
        c =>
          c !== e &&
          e.schemaPath.startsWith(`${c.schemaPath}/`) &&
          e.instancePath.startsWith(c.instancePath),
      ),
  );
}

/** The values Helm validates: a key set to `null` is dropped, as Helm drops it when merging. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutNulls);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

/**
 * Checks values against a chart's `values.schema.json` (JSON Schema draft-07) as Helm does, after
 * dropping keys set to `null`. Each error names the path: `gpu.count: must be integer`,
 * `foo: is not a value of this chart`. No errors: valid.
 *
 * @public
 */
export function validateValues(values: unknown, schema: object): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(withoutNulls(values))) {
    return [];
  }
  return [...new Set(withoutBranchNoise(validate.errors ?? []).map(describe))];
}
