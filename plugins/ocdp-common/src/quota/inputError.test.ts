import { InputError, isError, serializeError } from '@backstage/errors';
import { OcdpInputError } from '../errors';

describe('OcdpInputError', () => {
  const error = new OcdpInputError(
    'quota.requests.cpu',
    '"12GB" is not a valid Kubernetes quantity',
  );

  it('is an InputError from @backstage/errors, named InputError', () => {
    expect(error).toBeInstanceOf(OcdpInputError);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InputError');
    expect(isError(error)).toBe(true);
  });

  it('keeps the field and the "<field>: <detail>" message', () => {
    expect(error.field).toBe('quota.requests.cpu');
    expect(error.message).toBe(
      'quota.requests.cpu: "12GB" is not a valid Kubernetes quantity',
    );
    expect(error.cause).toBeUndefined();
  });

  it('serializes as an InputError, which Backstage answers with 400', () => {
    expect(serializeError(error)).toMatchObject({
      name: 'InputError',
      message: 'quota.requests.cpu: "12GB" is not a valid Kubernetes quantity',
    });
  });
});
