import { OcdpInputError } from '../errors';
import { validateNamespaceName, validateTenantName } from './validate';

const RULE =
  'must be a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)';

function caught(fn: () => unknown): OcdpInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OcdpInputError);
    return error as OcdpInputError;
  }
  throw new Error('expected an error');
}

describe('validateTenantName', () => {
  it('returns a valid name', () => {
    expect(validateTenantName('team-a')).toBe('team-a');
    expect(validateTenantName('a'.repeat(63))).toBe('a'.repeat(63));
  });

  it('rejects an invalid name with a 400-style error naming the field', () => {
    const error = caught(() => validateTenantName('Foo_1'));
    expect(error.name).toBe('InputError');
    expect(error.field).toBe('name');
    expect(error.message).toBe(`name: "Foo_1" ${RULE}`);
  });

  it.each(['', '-a', 'a-', 'a.b', 'UPPER', 'a'.repeat(64)])(
    'rejects %j',
    name => {
      expect(() => validateTenantName(name)).toThrow(
        `name: ${JSON.stringify(name)} ${RULE}`,
      );
    },
  );

  it('uses the given field name', () => {
    expect(() => validateTenantName('x_y', 'spec.tenant')).toThrow(
      `spec.tenant: "x_y" ${RULE}`,
    );
  });

  it('rejects missing and non-string values', () => {
    expect(() => validateTenantName(undefined)).toThrow(
      `name: is required and ${RULE}`,
    );
    expect(() => validateTenantName(null)).toThrow(
      `name: is required and ${RULE}`,
    );
    expect(caught(() => validateTenantName(42)).message).toBe(`name: ${RULE}`);
  });
});

describe('validateNamespaceName', () => {
  it('returns a valid namespace', () => {
    expect(validateNamespaceName('ocdp-u-jane-doe')).toBe('ocdp-u-jane-doe');
  });

  it('names the namespace field', () => {
    const error = caught(() => validateNamespaceName('Foo_1'));
    expect(error.field).toBe('namespace');
    expect(error.message).toBe(`namespace: "Foo_1" ${RULE}`);
  });

  it('uses the given field name', () => {
    expect(() =>
      validateNamespaceName('a'.repeat(64), 'bindings[0].namespace'),
    ).toThrow(`bindings[0].namespace: "${'a'.repeat(64)}" ${RULE}`);
  });

  it('does not judge whether a namespace is protected', () => {
    expect(validateNamespaceName('kube-system')).toBe('kube-system');
  });
});
