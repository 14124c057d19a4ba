import {
  QuantityError,
  isValidQuantity,
  parseQuantity,
  quantityFromNanos,
} from './index';

const q = (nanos: bigint, format = 'DecimalSI') => ({ nanos, format });

describe('parseQuantity', () => {
  it.each([
    ['100m', q(100_000_000n)],
    ['1.5', q(1_500_000_000n)],
    ['2Gi', q(2n * 2n ** 30n * 10n ** 9n, 'BinarySI')],
    ['500M', q(500n * 10n ** 15n)],
    ['1e3', q(10n ** 12n, 'DecimalExponent')],
    ['1E3', q(10n ** 12n, 'DecimalExponent')],
    ['0.5Ki', q(512n * 10n ** 9n, 'BinarySI')],
    ['+1', q(10n ** 9n)],
    ['.5', q(500_000_000n)],
    ['5.', q(5n * 10n ** 9n)],
    ['1n', q(1n)],
    ['1u', q(1000n)],
    ['1k', q(10n ** 12n)],
    ['1e-3', q(1_000_000n, 'DecimalExponent')],
    ['1e+3', q(10n ** 12n, 'DecimalExponent')],
    ['1e03', q(10n ** 12n, 'DecimalExponent')],
    ['007', q(7n * 10n ** 9n)],
    ['-0', q(0n)],
    ['-1.5Gi', q(-1536n * 2n ** 20n * 10n ** 9n, 'BinarySI')],
    ['1E', q(10n ** 27n)],
  ])('parses %s', (input, expected) => {
    expect(parseQuantity(input)).toEqual(expected);
  });

  it.each([
    ['Ki', 10],
    ['Mi', 20],
    ['Gi', 30],
    ['Ti', 40],
    ['Pi', 50],
    ['Ei', 60],
  ])('reads 1%s as 2^%d', (suffix, power) => {
    expect(parseQuantity(`1${suffix}`)).toEqual(
      q(2n ** BigInt(power) * 10n ** 9n, 'BinarySI'),
    );
  });

  it.each([
    ['n', -9],
    ['u', -6],
    ['m', -3],
    ['', 0],
    ['k', 3],
    ['M', 6],
    ['G', 9],
    ['T', 12],
    ['P', 15],
    ['E', 18],
  ])('reads 1%s as 10^%d', (suffix, power) => {
    expect(parseQuantity(`1${suffix}`).nanos).toBe(10n ** BigInt(power + 9));
  });

  it('rounds sub-nano values up, away from zero', () => {
    expect(parseQuantity('0.1n').nanos).toBe(1n);
    expect(parseQuantity('-0.1n').nanos).toBe(-1n);
    expect(parseQuantity('1e-20').nanos).toBe(1n);
    expect(parseQuantity('1.0000000001').nanos).toBe(1_000_000_001n);
  });

  it('caps BinarySI values at 2^63-1 but not decimal ones', () => {
    expect(parseQuantity('16Ei').nanos).toBe(((1n << 63n) - 1n) * 10n ** 9n);
    expect(parseQuantity('-16Ei').nanos).toBe(-((1n << 63n) - 1n) * 10n ** 9n);
    expect(parseQuantity('16E').nanos).toBe(16n * 10n ** 27n);
  });

  it('accepts JavaScript numbers as their JSON text', () => {
    expect(parseQuantity(2)).toEqual(q(2n * 10n ** 9n));
    expect(parseQuantity(0.5)).toEqual(q(500_000_000n));
    expect(parseQuantity(0.1)).toEqual(q(100_000_000n));
    expect(parseQuantity(-3)).toEqual(q(-3n * 10n ** 9n));
    expect(parseQuantity(1e21)).toEqual(q(10n ** 30n, 'DecimalExponent'));
    expect(parseQuantity(1e-7)).toEqual(q(100n, 'DecimalExponent'));
    expect(parseQuantity(-0)).toEqual(q(0n));
  });

  it('accepts bigints', () => {
    expect(parseQuantity(12n)).toEqual(q(12n * 10n ** 9n));
  });

  it('returns frozen quantities', () => {
    expect(Object.isFrozen(parseQuantity('1'))).toBe(true);
    expect(Object.isFrozen(quantityFromNanos(1n))).toBe(true);
  });
});

describe('invalid quantities', () => {
  it.each([
    '',
    ' 1',
    '1 ',
    '1e',
    '1E+',
    '1e3.5',
    '1.1.M',
    '1+1.0M',
    '0.1mi',
    '0.1am',
    'aoeu',
    '.5i',
    '1i',
    '-3.01i',
    '-3.01e-',
    '12GB',
    '1Ki3',
    '1KI',
    '1ki',
    '1K',
    '1Mb',
    '--1',
    '+-1',
    '1_000',
    '0x10',
    '1,5',
    'Infinity',
    'NaN',
    '١',
    // Kubernetes' scanner reads these as 0; there is no number in them, so they are refused.
    '.',
    '+',
    '-',
    '-.',
    'Ki',
    'm',
    'e3',
  ])('rejects %p', input => {
    expect(isValidQuantity(input)).toBe(false);
    expect(() => parseQuantity(input)).toThrow(QuantityError);
  });

  it.each([NaN, Infinity, -Infinity])('rejects the number %p', input => {
    expect(isValidQuantity(input)).toBe(false);
    expect(() => parseQuantity(input)).toThrow(
      `${input} is not a valid Kubernetes quantity`,
    );
  });

  it.each([undefined, null, {}, [], true, Symbol('x')])(
    'rejects the non-quantity %p at runtime',
    input => {
      expect(isValidQuantity(input)).toBe(false);
      expect(() => parseQuantity(input as unknown as string)).toThrow(
        QuantityError,
      );
    },
  );

  it('refuses exponents too large to materialise', () => {
    expect(parseQuantity('1e1000').nanos).toBe(10n ** 1009n);
    expect(parseQuantity('1e-1000').nanos).toBe(1n);
    expect(() => parseQuantity('1e1001')).toThrow(
      '"1e1001" is not a valid Kubernetes quantity (exponent out of range)',
    );
    expect(() => parseQuantity('1e4294967296')).toThrow(QuantityError);
    expect(() => parseQuantity('1e-99999999999999999999')).toThrow(
      QuantityError,
    );
    expect(isValidQuantity('1e1001')).toBe(false);
  });

  it('names the input and the field', () => {
    let error: unknown;
    try {
      parseQuantity('12GB', 'memory');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuantityError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'InputError',
      message: 'memory: "12GB" is not a valid Kubernetes quantity',
      input: '12GB',
      field: 'memory',
    });
  });

  it('omits the field when none is given', () => {
    expect(() => parseQuantity('12GB')).toThrow(
      /^"12GB" is not a valid Kubernetes quantity$/,
    );
    const error = new QuantityError('x');
    expect(error.field).toBeUndefined();
    expect(error.input).toBe('x');
  });

  it('describes odd inputs readably', () => {
    expect(new QuantityError(undefined, 'cpu').message).toBe(
      'cpu: undefined is not a valid Kubernetes quantity',
    );
    expect(new QuantityError({ a: 1 }).message).toBe(
      '{"a":1} is not a valid Kubernetes quantity',
    );
    expect(new QuantityError(5n).message).toBe(
      '5n is not a valid Kubernetes quantity',
    );
  });
});
