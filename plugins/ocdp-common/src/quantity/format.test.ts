import {
  addQuantities,
  canonicalizeQuantity,
  formatQuantity,
  kubernetesQuantityString,
  multiplyQuantity,
  parseQuantity,
  quantityFromNanos,
} from './index';

describe('canonicalizeQuantity', () => {
  it.each([
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['1000m', '1'],
    ['1e3', '1e3'],
    ['1E3', '1e3'],
    ['100m', '100m'],
    ['1.5', '1500m'],
    ['12e6', '12e6'],
    ['12000000', '12M'],
    ['1.500', '1500m'],
    ['+1', '1'],
    ['01', '1'],
    ['1.', '1'],
    ['.5', '500m'],
    ['10.035M', '10035k'],
    ['1e13', '10e12'],
    ['0.1', '100m'],
    ['1024Ki', '1Mi'],
    ['1536Ki', '1536Ki'],
    ['1.5Ki', '1536'],
    ['1.0005Ki', '1024512m'],
    ['-1.5Gi', '-1536Mi'],
    ['-0', '0'],
    ['0Gi', '0'],
    ['0.000000000001Ki', '2n'],
    ['1e-10', '1e-9'],
  ])('canonicalizes %s to %s', (input, expected) => {
    expect(canonicalizeQuantity(input)).toBe(expected);
  });

  it('canonicalizes numbers', () => {
    expect(canonicalizeQuantity(2)).toBe('2');
    expect(canonicalizeQuantity(0.5)).toBe('500m');
    expect(canonicalizeQuantity(4096)).toBe('4096');
    expect(canonicalizeQuantity(8000)).toBe('8k');
  });

  it('reports the field on bad input', () => {
    expect(() => canonicalizeQuantity('1.2.3', 'cpu')).toThrow(
      'cpu: "1.2.3" is not a valid Kubernetes quantity',
    );
  });
});

describe('formatQuantity', () => {
  const units = (n: bigint) => n * 1_000_000_000n;

  it('keeps the first operand format after addition, as Kubernetes Add does', () => {
    const ki = parseQuantity('1Ki');
    const plain = parseQuantity('1024');
    expect(formatQuantity(addQuantities(ki, plain))).toBe('2Ki');
    expect(formatQuantity(addQuantities(plain, ki))).toBe('2048');
    expect(formatQuantity(addQuantities(ki, parseQuantity('1')))).toBe('1025');
  });

  it('falls back to decimal for BinarySI values below 1Ki or with fractions', () => {
    expect(formatQuantity(quantityFromNanos(units(1023n), 'BinarySI'))).toBe(
      '1023',
    );
    expect(formatQuantity(quantityFromNanos(units(1000n), 'BinarySI'))).toBe(
      '1k',
    );
    expect(formatQuantity(quantityFromNanos(units(-1000n), 'BinarySI'))).toBe(
      '-1k',
    );
    expect(formatQuantity(quantityFromNanos(units(1024n), 'BinarySI'))).toBe(
      '1Ki',
    );
    expect(formatQuantity(quantityFromNanos(units(-1024n), 'BinarySI'))).toBe(
      '-1Ki',
    );
    expect(
      formatQuantity(quantityFromNanos(units(2048n) + 1n, 'BinarySI')),
    ).toBe('2048000000001n');
    expect(formatQuantity(quantityFromNanos(units(3000n), 'BinarySI'))).toBe(
      '3000',
    );
  });

  it('writes every BinarySI suffix', () => {
    for (const [suffix, power] of [
      ['Ki', 10n],
      ['Mi', 20n],
      ['Gi', 30n],
      ['Ti', 40n],
      ['Pi', 50n],
      ['Ei', 60n],
    ] as const) {
      expect(
        formatQuantity(quantityFromNanos(units(3n << power), 'BinarySI')),
      ).toBe(`3${suffix}`);
    }
  });

  it('writes every DecimalSI suffix', () => {
    for (const [suffix, power] of [
      ['n', 0n],
      ['u', 3n],
      ['m', 6n],
      ['', 9n],
      ['k', 12n],
      ['M', 15n],
      ['G', 18n],
      ['T', 21n],
      ['P', 24n],
      ['E', 27n],
    ] as const) {
      expect(formatQuantity(quantityFromNanos(7n * 10n ** power))).toBe(
        `7${suffix}`,
      );
    }
  });

  it('writes decimal exponents in multiples of three', () => {
    const f = (nanos: bigint) =>
      formatQuantity(quantityFromNanos(nanos, 'DecimalExponent'));
    expect(f(1n)).toBe('1e-9');
    expect(f(10n)).toBe('10e-9');
    expect(f(1_000_000_000n)).toBe('1');
    expect(f(10n ** 27n)).toBe('1e18');
    expect(f(10n ** 30n)).toBe('1e21');
    expect(f(-12n * 10n ** 15n)).toBe('-12e6');
  });

  it('treats an unknown format as DecimalExponent, as Kubernetes does', () => {
    expect(
      formatQuantity({ nanos: 10n ** 15n, format: 'bogus' as 'DecimalSI' }),
    ).toBe('1e6');
  });

  // Kubernetes has no suffix above E/Ei and drops it, printing 1000E and 1024Ei as "1".
  // We keep the largest suffix and a longer mantissa, so the string still means the value.
  it('stays exact beyond the largest suffix', () => {
    expect(formatQuantity(quantityFromNanos(10n ** 30n))).toBe('1000E');
    expect(formatQuantity(quantityFromNanos(-(10n ** 31n)))).toBe('-10000E');
    const ei = parseQuantity('1Ei');
    expect(formatQuantity(multiplyQuantity(ei, 1024))).toBe('1024Ei');
    expect(formatQuantity(multiplyQuantity(ei, 2048n * 1024n))).toBe(
      '2097152Ei',
    );
    expect(parseQuantity('1000E').nanos).toBe(10n ** 30n);
  });
});

describe('kubernetesQuantityString', () => {
  // Kubernetes' own expectations are in kubernetes.test.ts. These follow from the fast path of
  // ParseQuantity, which keeps the input as the cached String() when it is "canonical enough".
  it.each([
    ['+1', '+1'],
    ['01', '01'],
    ['1.', '1.'],
    ['1.500', '1.500'],
    ['1E3', '1E3'],
    ['1e+3', '1e+3'],
    ['10.035M', '10.035M'],
    ['+3Ki', '+3Ki'],
    ['1.5k', '1500'],
    ['1000', '1k'],
    ['0.5', '500m'],
    ['8Ki', '8Ki'],
    ['1024Ki', '1Mi'],
    ['1.5Gi', '1536Mi'],
    ['1e13', '10e12'],
    ['1234567890123456789', '1234567890123456789'],
    ['-0', '0'],
  ])('echoes %s as %s', (input, expected) => {
    expect(kubernetesQuantityString(input)).toBe(expected);
  });

  it('handles numbers as their JSON text', () => {
    expect(kubernetesQuantityString(1000)).toBe('1k');
    expect(kubernetesQuantityString(12)).toBe('12');
    expect(kubernetesQuantityString(0.25)).toBe('250m');
  });

  it('throws on invalid input', () => {
    expect(() => kubernetesQuantityString('1 Gi', 'memory')).toThrow(
      'memory: "1 Gi" is not a valid Kubernetes quantity',
    );
  });
});
