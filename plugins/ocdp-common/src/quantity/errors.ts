/**
 * Thrown when a value is not a valid Kubernetes quantity.
 *
 * Its `name` is `InputError`, so Backstage's error handling middleware answers it with
 * HTTP 400, exactly like `InputError` from `@backstage/errors`.
 *
 * @public
 */
export class QuantityError extends Error {
  /** The rejected value, as given. */
  readonly input: unknown;
  /** The field the caller was parsing, if it named one. */
  readonly field?: string;

  constructor(input: unknown, field?: string, detail?: string) {
    const prefix = field ? `${field}: ` : '';
    const suffix = detail ? ` (${detail})` : '';
    super(
      `${prefix}${describeInput(
        input,
      )} is not a valid Kubernetes quantity${suffix}`,
    );
    this.name = 'InputError';
    this.input = input;
    this.field = field;
  }
}

function describeInput(input: unknown): string {
  if (typeof input === 'string') {
    return JSON.stringify(input);
  }
  if (typeof input === 'bigint') {
    return `${input}n`;
  }
  if (input === undefined || input === null || typeof input !== 'object') {
    return String(input);
  }
  try {
    return JSON.stringify(input) ?? String(input);
  } catch {
    return String(input);
  }
}
