/*
 * Test tables ported from Kubernetes, k8s.io/apimachinery/pkg/api/resource (quantity_test.go,
 * quantity_example_test.go, scale_int_test.go), commit eed236ce. Inputs and expected values are
 * Kubernetes'; `dec(i, e, format)` is their `decQuantity(i, e, format)`, i.e. i × 10^e.
 */
import {
  Quantity,
  QuantityFormat,
  ZERO_QUANTITY,
  addQuantities,
  compareQuantities,
  formatQuantity,
  isValidQuantity,
  kubernetesQuantityString,
  multiplyQuantity,
  negateQuantity,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  quantityFromNanos,
  quantityMilliValue,
  quantityScaledValue,
  quantityToNumber,
  quantityValue,
  roundUpQuantity,
  subtractQuantities,
} from './index';
import { MOST_NEGATIVE, MOST_POSITIVE, dec } from './testUtils';

const maxAllowed = (format: QuantityFormat) => dec(MOST_POSITIVE, 0, format);

const view = (q: Quantity) => ({ nanos: q.nanos.toString(), format: q.format });

describe('TestQuantityParse', () => {
  const table: Array<[string, Quantity]> = [
    ['0', dec(0, 0, 'DecimalSI')],
    ['0n', dec(0, 0, 'DecimalSI')],
    ['0u', dec(0, 0, 'DecimalSI')],
    ['0m', dec(0, 0, 'DecimalSI')],
    ['0Ki', dec(0, 0, 'BinarySI')],
    ['0k', dec(0, 0, 'DecimalSI')],
    ['0Mi', dec(0, 0, 'BinarySI')],
    ['0M', dec(0, 0, 'DecimalSI')],
    ['0Gi', dec(0, 0, 'BinarySI')],
    ['0G', dec(0, 0, 'DecimalSI')],
    ['0Ti', dec(0, 0, 'BinarySI')],
    ['0T', dec(0, 0, 'DecimalSI')],

    // Quantity less numbers are allowed
    ['1', dec(1, 0, 'DecimalSI')],

    // Binary suffixes
    ['1Ki', dec(1024, 0, 'BinarySI')],
    ['8Ki', dec(8n * 1024n, 0, 'BinarySI')],
    ['7Mi', dec(7n * 1024n ** 2n, 0, 'BinarySI')],
    ['6Gi', dec(6n * 1024n ** 3n, 0, 'BinarySI')],
    ['5Ti', dec(5n * 1024n ** 4n, 0, 'BinarySI')],
    ['4Pi', dec(4n * 1024n ** 5n, 0, 'BinarySI')],
    ['3Ei', dec(3n * 1024n ** 6n, 0, 'BinarySI')],

    ['10Ti', dec(10n * 1024n ** 4n, 0, 'BinarySI')],
    ['100Ti', dec(100n * 1024n ** 4n, 0, 'BinarySI')],

    // Decimal suffixes
    ['5n', dec(5, -9, 'DecimalSI')],
    ['4u', dec(4, -6, 'DecimalSI')],
    ['3m', dec(3, -3, 'DecimalSI')],
    ['9', dec(9, 0, 'DecimalSI')],
    ['8k', dec(8, 3, 'DecimalSI')],
    ['50k', dec(5, 4, 'DecimalSI')],
    ['7M', dec(7, 6, 'DecimalSI')],
    ['6G', dec(6, 9, 'DecimalSI')],
    ['5T', dec(5, 12, 'DecimalSI')],
    ['40T', dec(4, 13, 'DecimalSI')],
    ['300T', dec(3, 14, 'DecimalSI')],
    ['2P', dec(2, 15, 'DecimalSI')],
    ['1E', dec(1, 18, 'DecimalSI')],

    // Decimal exponents
    ['1E-3', dec(1, -3, 'DecimalExponent')],
    ['1e3', dec(1, 3, 'DecimalExponent')],
    ['1E6', dec(1, 6, 'DecimalExponent')],
    ['1e9', dec(1, 9, 'DecimalExponent')],
    ['1E12', dec(1, 12, 'DecimalExponent')],
    ['1e15', dec(1, 15, 'DecimalExponent')],
    ['1E18', dec(1, 18, 'DecimalExponent')],

    // Nonstandard but still parsable
    ['1e14', dec(1, 14, 'DecimalExponent')],
    ['1e13', dec(1, 13, 'DecimalExponent')],
    ['1e3', dec(1, 3, 'DecimalExponent')],
    ['100.035k', dec(100035, 0, 'DecimalSI')],

    // Things that look like floating point
    ['0.001', dec(1, -3, 'DecimalSI')],
    ['0.0005k', dec(5, -1, 'DecimalSI')],
    ['0.005', dec(5, -3, 'DecimalSI')],
    ['0.05', dec(5, -2, 'DecimalSI')],
    ['0.5', dec(5, -1, 'DecimalSI')],
    ['0.00050k', dec(5, -1, 'DecimalSI')],
    ['0.00500', dec(5, -3, 'DecimalSI')],
    ['0.05000', dec(5, -2, 'DecimalSI')],
    ['0.50000', dec(5, -1, 'DecimalSI')],
    ['0.5e0', dec(5, -1, 'DecimalExponent')],
    ['0.5e-1', dec(5, -2, 'DecimalExponent')],
    ['0.5e-2', dec(5, -3, 'DecimalExponent')],
    ['0.5e0', dec(5, -1, 'DecimalExponent')],
    ['10.035M', dec(10035, 3, 'DecimalSI')],

    ['1.2e3', dec(12, 2, 'DecimalExponent')],
    ['1.3E+6', dec(13, 5, 'DecimalExponent')],
    ['1.40e9', dec(14, 8, 'DecimalExponent')],
    ['1.53E12', dec(153, 10, 'DecimalExponent')],
    ['1.6e15', dec(16, 14, 'DecimalExponent')],
    ['1.7E18', dec(17, 17, 'DecimalExponent')],

    ['9.01', dec(901, -2, 'DecimalSI')],
    ['8.1k', dec(81, 2, 'DecimalSI')],
    ['7.123456M', dec(7123456, 0, 'DecimalSI')],
    ['6.987654321G', dec(6987654321, 0, 'DecimalSI')],
    ['5.444T', dec(5444, 9, 'DecimalSI')],
    ['40.1T', dec(401, 11, 'DecimalSI')],
    ['300.2T', dec(3002, 11, 'DecimalSI')],
    ['2.5P', dec(25, 14, 'DecimalSI')],
    ['1.01E', dec(101, 16, 'DecimalSI')],

    // Things that saturate/round
    ['3.001n', dec(4, -9, 'DecimalSI')],
    ['1.1E-9', dec(2, -9, 'DecimalExponent')],
    ['0.0000000001', dec(1, -9, 'DecimalSI')],
    ['0.0000000005', dec(1, -9, 'DecimalSI')],
    ['0.00000000050', dec(1, -9, 'DecimalSI')],
    ['0.5e-9', dec(1, -9, 'DecimalExponent')],
    ['0.9n', dec(1, -9, 'DecimalSI')],
    ['0.00000012345', dec(124, -9, 'DecimalSI')],
    ['0.00000012354', dec(124, -9, 'DecimalSI')],
    ['9Ei', maxAllowed('BinarySI')],
    ['9223372036854775807Ki', maxAllowed('BinarySI')],
    ['12E', dec(12, 18, 'DecimalSI')],

    // We'll accept fractional binary stuff, too.
    ['100.035Ki', dec(10243584, -2, 'BinarySI')],
    ['0.5Mi', dec(0.5 * 1024 * 1024, 0, 'BinarySI')],
    ['0.05Gi', dec(536870912, -1, 'BinarySI')],
    ['0.025Ti', dec(274877906944, -1, 'BinarySI')],

    // Things written by trolls
    ['0.000000000001Ki', dec(2, -9, 'DecimalSI')], // rounds up, changes format
    ['.001', dec(1, -3, 'DecimalSI')],
    ['.0001k', dec(100, -3, 'DecimalSI')],
    ['1.', dec(1, 0, 'DecimalSI')],
    ['1.G', dec(1, 9, 'DecimalSI')],
  ];

  it.each(table)('parses %s', (input, expected) => {
    expect(view(parseQuantity(input))).toEqual(view(expected));
  });

  it.each(table)('parses the negative version of %s', (input, expected) => {
    expect(view(parseQuantity(`-${input}`))).toEqual(
      view(negateQuantity(expected)),
    );
  });

  it.each(table)('parses %s with an explicit +', (input, expected) => {
    expect(view(parseQuantity(`+${input}`))).toEqual(view(expected));
  });

  it.each(table)(
    'round-trips %s through its canonical string',
    (input, expected) => {
      expect(parseQuantity(formatQuantity(parseQuantity(input))).nanos).toBe(
        expected.nanos,
      );
    },
  );

  it('rejects the empty string', () => {
    expect(() => parseQuantity('')).toThrow(
      '"" is not a valid Kubernetes quantity',
    );
  });

  const invalid = [
    '1.1.M',
    '1+1.0M',
    '0.1mi',
    '0.1am',
    'aoeu',
    '.5i',
    '1i',
    '-3.01i',
    '-3.01e-',
    // trailing whitespace is forbidden
    ' 1',
    '1 ',
    // TestQuantityParseNonNumericPanic and TestQuantityValueSet
    'Non-Numeric',
    'invalid',
  ];
  it.each(invalid)('rejects %p', input => {
    expect(isValidQuantity(input)).toBe(false);
    expect(() => parseQuantity(input)).toThrow(
      `${JSON.stringify(input)} is not a valid Kubernetes quantity`,
    );
  });

  it('parses zero as "0" (TestQuantityParseZero)', () => {
    expect(kubernetesQuantityString('0')).toBe('0');
    expect(formatQuantity(parseQuantity('0'))).toBe('0');
  });
});

describe('TestParseQuantityString', () => {
  it.each([
    ['0.025Ti', 1n],
    ['1.025Ti', 1n],
    ['-1.025Ti', -1n],
    ['1E-3', 1n],
  ])('parses %s with the right sign', (input, sign) => {
    const q = parseQuantity(input);
    expect(q.nanos > 0n ? 1n : -1n).toBe(sign);
  });
});

describe('TestQuantityString', () => {
  const table: Array<[Quantity, string, string]> = [
    [dec(1024n * 1024n * 1024n, 0, 'BinarySI'), '1Gi', '1024Mi'],
    [dec(300n * 1024n * 1024n, 0, 'BinarySI'), '300Mi', '307200Ki'],
    [dec(6 * 1024, 0, 'BinarySI'), '6Ki', ''],
    [dec(1001n * 1024n ** 3n, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
    [dec(1024n ** 4n, 0, 'BinarySI'), '1Ti', '1024Gi'],
    [dec(5, 0, 'BinarySI'), '5', '5000m'],
    [dec(500, -3, 'BinarySI'), '500m', '0.5'],
    [dec(1, 9, 'DecimalSI'), '1G', '1000M'],
    [dec(1000, 6, 'DecimalSI'), '1G', '0.001T'],
    [dec(1000000, 3, 'DecimalSI'), '1G', ''],
    [dec(1000000000, 0, 'DecimalSI'), '1G', ''],
    [dec(1, -3, 'DecimalSI'), '1m', '1000u'],
    [dec(80, -3, 'DecimalSI'), '80m', ''],
    [dec(1080, -3, 'DecimalSI'), '1080m', '1.08'],
    [dec(108, -2, 'DecimalSI'), '1080m', '1080000000n'],
    [dec(10800, -4, 'DecimalSI'), '1080m', ''],
    [dec(300, 6, 'DecimalSI'), '300M', ''],
    [dec(1, 12, 'DecimalSI'), '1T', ''],
    [dec(1234567, 6, 'DecimalSI'), '1234567M', ''],
    [dec(1234567, -3, 'BinarySI'), '1234567m', ''],
    [dec(3, 3, 'DecimalSI'), '3k', ''],
    [dec(1025, 0, 'BinarySI'), '1025', ''],
    [dec(0, 0, 'DecimalSI'), '0', ''],
    [dec(0, 0, 'BinarySI'), '0', ''],
    [dec(1, 9, 'DecimalExponent'), '1e9', '.001e12'],
    [dec(1, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
    [dec(1, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
    [dec(80, -3, 'DecimalExponent'), '80e-3', ''],
    [dec(300, 6, 'DecimalExponent'), '300e6', ''],
    [dec(1, 12, 'DecimalExponent'), '1e12', ''],
    [dec(1, 3, 'DecimalExponent'), '1e3', ''],
    [dec(3, 3, 'DecimalExponent'), '3e3', ''],
    [dec(3, 3, 'DecimalSI'), '3k', ''],
    [dec(0, 0, 'DecimalExponent'), '0', '00'],
    [dec(1, -9, 'DecimalSI'), '1n', ''],
    [dec(80, -9, 'DecimalSI'), '80n', ''],
    [dec(1080, -9, 'DecimalSI'), '1080n', ''],
    [dec(108, -8, 'DecimalSI'), '1080n', ''],
    [dec(10800, -10, 'DecimalSI'), '1080n', ''],
    [dec(1, -6, 'DecimalSI'), '1u', ''],
    [dec(80, -6, 'DecimalSI'), '80u', ''],
    [dec(1080, -6, 'DecimalSI'), '1080u', ''],
  ];

  it.each(table)('formats %p as %s', (q, expected) => {
    expect(formatQuantity(q)).toBe(expected);
  });

  it.each(table)(
    'keeps the canonical string %#: %s when parsing it',
    (_q, expected) => {
      expect(kubernetesQuantityString(expected)).toBe(expected);
      expect(formatQuantity(parseQuantity(expected))).toBe(expected);
    },
  );

  it.each(table.filter(([, , alternate]) => alternate !== ''))(
    'canonicalizes the alternate form of %p to %s',
    (_q, expected, alternate) => {
      expect(formatQuantity(parseQuantity(alternate))).toBe(expected);
      expect(kubernetesQuantityString(alternate)).toBe(expected);
    },
  );

  it.each(table.filter(([q]) => q.nanos !== 0n))(
    'formats the negative of %p as -%s',
    (q, expected) => {
      expect(formatQuantity(negateQuantity(q))).toBe(`-${expected}`);
    },
  );
});

describe('TestQuantityParseEmit', () => {
  const table = [
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
  ];
  it.each(table)('emits %s as %s', (input, expected) => {
    expect(kubernetesQuantityString(input)).toBe(expected);
    expect(formatQuantity(parseQuantity(input))).toBe(expected);
  });
  it.each(table)('emits -%s as -%s', (input, expected) => {
    expect(kubernetesQuantityString(`-${input}`)).toBe(`-${expected}`);
  });
});

describe('TestParseQuantity (large values)', () => {
  // [input, value as a decimal string, canonical string if different from the input]
  const table: Array<[string, string, string?]> = [
    // min/max 18 digits
    ['-999999999999999999', '-999999999999999999'],
    ['999999999999999999', '999999999999999999'],
    ['-999999999999999999.0', '-999999999999999999', '-999999999999999999'],
    ['999999999999999999.0', '999999999999999999', '999999999999999999'],
    [
      '-999999999999999999.1',
      '-999999999999999999.1',
      '-999999999999999999100m',
    ],
    ['999999999999999999.1', '999999999999999999.1', '999999999999999999100m'],

    // min/max 19 digits
    ['-9999999999999999999', '-9999999999999999999'],
    ['9999999999999999999', '9999999999999999999'],
    ['-1E', '-1000000000000000000'],
    ['1E', '1000000000000000000'],
    ['-1000000000000000000', '-1000000000000000000', '-1E'],
    ['1000000000000000000', '1000000000000000000', '1E'],
    ['-9999999999999999999.0', '-9999999999999999999', '-9999999999999999999'],
    ['9999999999999999999.0', '9999999999999999999', '9999999999999999999'],
    ['-1.0E', '-1000000000000000000', '-1E'],
    ['1.0E', '1000000000000000000', '1E'],
    ['-1000000000000000000.0', '-1000000000000000000', '-1E'],
    ['1000000000000000000.0', '1000000000000000000', '1E'],
    [
      '-9999999999999999999000m',
      '-9999999999999999999',
      '-9999999999999999999',
    ],
    ['9999999999999999999000m', '9999999999999999999', '9999999999999999999'],
    [
      '-9999999999999999999.1',
      '-9999999999999999999.1',
      '-9999999999999999999100m',
    ],
    [
      '9999999999999999999.1',
      '9999999999999999999.1',
      '9999999999999999999100m',
    ],
    [
      '-1.0000000000000000001E',
      '-1000000000000000000.1',
      '-1000000000000000000100m',
    ],
    [
      '1.0000000000000000001E',
      '1000000000000000000.1',
      '1000000000000000000100m',
    ],
    [
      '-1000000000000000000.1',
      '-1000000000000000000.1',
      '-1000000000000000000100m',
    ],
    [
      '1000000000000000000.1',
      '1000000000000000000.1',
      '1000000000000000000100m',
    ],
    ['-1.000000000000000001E', '-1000000000000000001', '-1000000000000000001'],
    ['1.000000000000000001E', '1000000000000000001', '1000000000000000001'],
    ['-1000000000000000001', '-1000000000000000001'],
    ['1000000000000000001', '1000000000000000001'],

    // min/max 20 digits
    ['-10E', '-10000000000000000000'],
    ['10E', '10000000000000000000'],
    ['-10000000000000000000', '-10000000000000000000', '-10E'],
    ['10000000000000000000', '10000000000000000000', '10E'],
    ['-10.0E', '-10000000000000000000', '-10E'],
    ['10.0E', '10000000000000000000', '10E'],
    ['-10000000000000000000.0', '-10000000000000000000', '-10E'],
    ['10000000000000000000.0', '10000000000000000000', '10E'],
    ['-10000000000000000000000m', '-10000000000000000000', '-10E'],
    ['10000000000000000000000m', '10000000000000000000', '10E'],
    [
      '-10.0000000000000000001E',
      '-10000000000000000000.1',
      '-10000000000000000000100m',
    ],
    [
      '10.0000000000000000001E',
      '10000000000000000000.1',
      '10000000000000000000100m',
    ],
    [
      '-10000000000000000000.1',
      '-10000000000000000000.1',
      '-10000000000000000000100m',
    ],
    [
      '10000000000000000000.1',
      '10000000000000000000.1',
      '10000000000000000000100m',
    ],
    [
      '-10.000000000000000001E',
      '-10000000000000000001',
      '-10000000000000000001',
    ],
    ['10.000000000000000001E', '10000000000000000001', '10000000000000000001'],
    ['-10000000000000000001', '-10000000000000000001'],
    ['10000000000000000001', '10000000000000000001'],

    // min/max int64 - 1
    ['-9223372036854775809', '-9223372036854775809'],
    ['9223372036854775806', '9223372036854775806'],
    ['-9223372036854775809.0', '-9223372036854775809', '-9223372036854775809'],
    ['9223372036854775806.0', '9223372036854775806', '9223372036854775806'],
    [
      '-9223372036854775809000m',
      '-9223372036854775809',
      '-9223372036854775809',
    ],
    ['9223372036854775806000m', '9223372036854775806', '9223372036854775806'],
    [
      '-9223372036854775809.1',
      '-9223372036854775809.1',
      '-9223372036854775809100m',
    ],
    [
      '9223372036854775806.1',
      '9223372036854775806.1',
      '9223372036854775806100m',
    ],

    // min/max int64
    ['-9223372036854775808', '-9223372036854775808'],
    ['9223372036854775807', '9223372036854775807'],
    ['-9223372036854775808.0', '-9223372036854775808', '-9223372036854775808'],
    ['9223372036854775807.0', '9223372036854775807', '9223372036854775807'],
    [
      '-9223372036854775808000m',
      '-9223372036854775808',
      '-9223372036854775808',
    ],
    ['9223372036854775807000m', '9223372036854775807', '9223372036854775807'],
    [
      '-9223372036854775808.1',
      '-9223372036854775808.1',
      '-9223372036854775808100m',
    ],
    [
      '9223372036854775807.1',
      '9223372036854775807.1',
      '9223372036854775807100m',
    ],

    // min/max int64 + 1
    ['-9223372036854775807', '-9223372036854775807'],
    ['9223372036854775808', '9223372036854775808'],
    ['-9223372036854775807.0', '-9223372036854775807', '-9223372036854775807'],
    ['9223372036854775808.0', '9223372036854775808', '9223372036854775808'],
    [
      '-9223372036854775807000m',
      '-9223372036854775807',
      '-9223372036854775807',
    ],
    ['9223372036854775808000m', '9223372036854775808', '9223372036854775808'],
    [
      '-9223372036854775807.1',
      '-9223372036854775807.1',
      '-9223372036854775807100m',
    ],
    [
      '9223372036854775808.1',
      '9223372036854775808.1',
      '9223372036854775808100m',
    ],
  ];

  function nanosOfDecimal(text: string): bigint {
    const [int, frac = ''] = text.split('.');
    const sign = int.startsWith('-') ? -1n : 1n;
    const digits = int.replace('-', '') + frac.padEnd(9, '0');
    return sign * BigInt(digits);
  }

  const rows = table.map(
    ([input, value, canonical]) => [input, canonical ?? input, value] as const,
  );

  it.each(rows)('parses %s exactly', (input, _expected, value) => {
    expect(parseQuantity(input).nanos).toBe(nanosOfDecimal(value));
  });

  it.each(rows)('serializes %s as %s', (input, expected) => {
    expect(kubernetesQuantityString(input)).toBe(expected);
    expect(formatQuantity(parseQuantity(input))).toBe(expected);
  });
});

describe('TestQuantityCmp', () => {
  it.each([
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
  ])('compares %s with %s', (x, y, expected) => {
    expect(compareQuantities(parseQuantity(x), parseQuantity(y))).toBe(
      expected,
    );
  });
});

describe('TestQuantityCmpInt64AndDec (rows representable in nano-units)', () => {
  const table: Array<[Quantity, Quantity, number]> = [
    [dec(901, -2, 'DecimalSI'), dec(901, -2, 'DecimalSI'), 0],
    [dec(90, -1, 'DecimalSI'), dec(901, -2, 'DecimalSI'), -1],
    [dec(901, -2, 'DecimalSI'), dec(900, -2, 'DecimalSI'), 1],
    [dec(0, 0, 'DecimalSI'), dec(0, 0, 'DecimalSI'), 0],
    [dec(0, 1, 'DecimalSI'), dec(0, -1, 'DecimalSI'), 0],
    [dec(0, -1, 'DecimalSI'), dec(0, 1, 'DecimalSI'), 0],
    [dec(800, -3, 'DecimalSI'), dec(1, 0, 'DecimalSI'), -1],
    [dec(800, -3, 'DecimalSI'), dec(79, -2, 'DecimalSI'), 1],
    [dec(MOST_POSITIVE, 0, 'DecimalSI'), dec(1, -1, 'DecimalSI'), 1],
    [dec(MOST_POSITIVE, 1, 'DecimalSI'), dec(1, 0, 'DecimalSI'), 1],
    [dec(MOST_POSITIVE, 1, 'DecimalSI'), dec(1, 1, 'DecimalSI'), 1],
    [dec(MOST_POSITIVE, 1, 'DecimalSI'), dec(0, 1, 'DecimalSI'), 1],
    [dec(MOST_NEGATIVE, 0, 'DecimalSI'), dec(0, 0, 'DecimalSI'), -1],
    [dec(10n ** 18n, -17, 'DecimalSI'), dec(1, 1, 'DecimalSI'), 0],
    [dec(10n ** 18n, -17, 'DecimalSI'), dec(-10, 0, 'DecimalSI'), 1],
    [dec(-(10n ** 18n), -17, 'DecimalSI'), dec(-10, 0, 'DecimalSI'), 0],
    [dec(10n ** 18n, -17, 'DecimalSI'), dec(1, 0, 'DecimalSI'), 1],
  ];
  it.each(table)('compares %p with %p', (a, b, expected) => {
    expect(compareQuantities(a, b)).toBe(expected);
    expect(compareQuantities(b, a)).toBe(-expected || 0);
  });
});

describe('TestQuantityRoundUp', () => {
  const table: Array<[string, number, Quantity, boolean]> = [
    ['9.01', -3, dec(901, -2, 'DecimalSI'), true],
    ['9.01', -2, dec(901, -2, 'DecimalSI'), true],
    ['9.01', -1, dec(91, -1, 'DecimalSI'), false],
    ['9.01', 0, dec(10, 0, 'DecimalSI'), false],
    ['9.01', 1, dec(10, 0, 'DecimalSI'), false],
    ['9.01', 2, dec(100, 0, 'DecimalSI'), false],

    ['-9.01', -3, dec(-901, -2, 'DecimalSI'), true],
    ['-9.01', -2, dec(-901, -2, 'DecimalSI'), true],
    ['-9.01', -1, dec(-91, -1, 'DecimalSI'), false],
    ['-9.01', 0, dec(-10, 0, 'DecimalSI'), false],
    ['-9.01', 1, dec(-10, 0, 'DecimalSI'), false],
    ['-9.01', 2, dec(-100, 0, 'DecimalSI'), false],
  ];
  it.each(table)(
    'rounds %s up to scale %d',
    (input, scale, expected, exact) => {
      const q = parseQuantity(input);
      const rounded = roundUpQuantity(q, scale);
      expect(view(rounded)).toEqual(view(expected));
      expect(rounded.nanos === q.nanos).toBe(exact);
    },
  );
});

describe('TestQuantityNeg', () => {
  it('negates 9.01 to -9010m', () => {
    const q = dec(901, -2, 'DecimalSI');
    const negated = negateQuantity(q);
    expect(compareQuantities(negated, q)).not.toBe(0);
    expect(formatQuantity(negated)).toBe('-9010m');
  });
});

describe('TestQuantityAddZeroPreservesSuffix / TestQuantitySubZeroPreservesSuffix', () => {
  const zero = parseQuantity('0');
  it.each(['100m', '1Gi'])('keeps %s when adding zero', text => {
    const value = parseQuantity(text);
    expect(formatQuantity(addQuantities(value, zero))).toBe(text);
    expect(formatQuantity(addQuantities(zero, value))).toBe(text);
  });
  it.each(['100m', '1Gi'])('keeps %s when subtracting with zero', text => {
    const value = parseQuantity(text);
    expect(formatQuantity(subtractQuantities(value, zero))).toBe(text);
    expect(formatQuantity(subtractQuantities(zero, value))).toBe(
      formatQuantity(negateQuantity(value)),
    );
    expect(formatQuantity(subtractQuantities(zero, value))).toBe(`-${text}`);
  });
});

describe('TestAdd / TestSub', () => {
  it.each([
    [dec(10, 0, 'DecimalSI'), dec(1, 1, 'DecimalSI'), dec(20, 0, 'DecimalSI')],
    [dec(10, 0, 'DecimalSI'), dec(1, 0, 'BinarySI'), dec(11, 0, 'DecimalSI')],
    [dec(10, 0, 'BinarySI'), dec(1, 0, 'DecimalSI'), dec(11, 0, 'BinarySI')],
    [ZERO_QUANTITY, dec(50, 0, 'DecimalSI'), dec(50, 0, 'DecimalSI')],
    [dec(50, 0, 'DecimalSI'), ZERO_QUANTITY, dec(50, 0, 'DecimalSI')],
    [ZERO_QUANTITY, ZERO_QUANTITY, dec(0, 0, 'DecimalSI')],
  ])('adds %p and %p', (a, b, expected) => {
    expect(view(addQuantities(a, b))).toEqual(view(expected));
  });
  it.each([
    [dec(10, 0, 'DecimalSI'), dec(1, 1, 'DecimalSI'), dec(0, 0, 'DecimalSI')],
    [dec(10, 0, 'DecimalSI'), dec(1, 0, 'BinarySI'), dec(9, 0, 'DecimalSI')],
    [dec(10, 0, 'BinarySI'), dec(1, 0, 'DecimalSI'), dec(9, 0, 'BinarySI')],
    [ZERO_QUANTITY, dec(50, 0, 'DecimalSI'), dec(-50, 0, 'DecimalSI')],
    [dec(50, 0, 'DecimalSI'), ZERO_QUANTITY, dec(50, 0, 'DecimalSI')],
    [ZERO_QUANTITY, ZERO_QUANTITY, dec(0, 0, 'DecimalSI')],
  ])('subtracts %p minus %p', (a, b, expected) => {
    expect(view(subtractQuantities(a, b))).toEqual(view(expected));
  });
});

describe('TestMul', () => {
  const P = MOST_POSITIVE;
  const N = MOST_NEGATIVE;
  const table: Array<[Quantity, bigint, Quantity]> = [
    [dec(10, 0, 'DecimalSI'), 10n, dec(100, 0, 'DecimalSI')],
    [dec(10, 0, 'DecimalSI'), 1n, dec(10, 0, 'DecimalSI')],
    [dec(10, 0, 'BinarySI'), 1n, dec(10, 0, 'BinarySI')],
    [ZERO_QUANTITY, 50n, dec(0, 0, 'DecimalSI')],
    [dec(50, 0, 'DecimalSI'), 0n, dec(0, 0, 'DecimalSI')],
    [ZERO_QUANTITY, 0n, dec(0, 0, 'DecimalSI')],

    [dec(10, 0, 'DecimalSI'), -10n, dec(-100, 0, 'DecimalSI')],
    [dec(-10, 0, 'DecimalSI'), 1n, dec(-10, 0, 'DecimalSI')],
    [dec(10, 0, 'BinarySI'), -1n, dec(-10, 0, 'BinarySI')],
    [dec(-50, 0, 'DecimalSI'), 0n, dec(0, 0, 'DecimalSI')],
    [dec(-50, 0, 'DecimalSI'), -50n, dec(2500, 0, 'DecimalSI')],
    [ZERO_QUANTITY, -50n, dec(0, 0, 'DecimalSI')],
    [dec(P, 0, 'DecimalSI'), 0n, dec(0, 1, 'DecimalSI')],
    [dec(P, 0, 'DecimalSI'), 1n, dec(P, 0, 'DecimalSI')],
    [dec(P, 0, 'DecimalSI'), -1n, dec(-P, 0, 'DecimalSI')],
    [dec(P / 2n, 0, 'DecimalSI'), 2n, dec((P / 2n) * 2n, 0, 'DecimalSI')],
    [dec(P / -2n, 0, 'DecimalSI'), -2n, dec((P / 2n) * 2n, 0, 'DecimalSI')],
    [dec(P, 0, 'DecimalSI'), 2n, dec(P * 2n, 0, 'DecimalSI')],
    [dec(P, 0, 'DecimalSI'), 10n, dec(P, 1, 'DecimalSI')],
    [dec(P, 0, 'DecimalSI'), -10n, dec(-P, 1, 'DecimalSI')],
    [dec(N, 0, 'DecimalSI'), 0n, dec(0, 1, 'DecimalSI')],
    [dec(N, 0, 'DecimalSI'), 1n, dec(N, 0, 'DecimalSI')],
    [dec(N, 0, 'DecimalSI'), -1n, dec(P + 1n, 0, 'DecimalSI')],
    [dec(N / 2n, 0, 'DecimalSI'), 2n, dec(N, 0, 'DecimalSI')],
    [dec(N / -2n, 0, 'DecimalSI'), -2n, dec(N, 0, 'DecimalSI')],
    [dec(N, 0, 'DecimalSI'), 2n, dec(N * 2n, 0, 'DecimalSI')],
    [dec(N, 0, 'DecimalSI'), 10n, dec(N, 1, 'DecimalSI')],
    [dec(N, 0, 'DecimalSI'), -10n, dec(P + 1n, 1, 'DecimalSI')],
  ];
  it.each(table)('multiplies %p by %s', (q, factor, expected) => {
    expect(view(multiplyQuantity(q, factor))).toEqual(view(expected));
    expect(view(multiplyQuantity(q, Number(factor)))).toEqual(view(expected));
  });
});

describe('TestMilliNewSet / TestNewSet / TestNewScaledSet / TestScaledValue', () => {
  const milliTable: Array<[number, string, string, boolean]> = [
    [1, 'DecimalSI', '1m', true],
    [1000, 'DecimalSI', '1', true],
    [1234000, 'DecimalSI', '1234', true],
    [1024, 'BinarySI', '1024m', false], // Format changes
    [1000000, 'invalidFormatDefaultsToExponent', '1e3', true],
    [1024 * 1024, 'BinarySI', '1048576m', false], // Format changes
  ];
  it.each(milliTable)(
    'newMilliQuantity(%d, %s) is %s',
    (value, format, expected) => {
      expect(
        formatQuantity(newMilliQuantity(value, format as QuantityFormat)),
      ).toBe(expected);
    },
  );
  it.each(milliTable.filter(([, , , exact]) => exact))(
    'newMilliQuantity(%d, %s) round-trips through %s',
    (value, _format, expected) => {
      expect(quantityMilliValue(parseQuantity(expected))).toBe(BigInt(value));
    },
  );

  it.each([
    [1, 'DecimalSI', '1'],
    [1000, 'DecimalSI', '1k'],
    [1234000, 'DecimalSI', '1234k'],
    [1024, 'BinarySI', '1Ki'],
    [1000000, 'invalidFormatDefaultsToExponent', '1e6'],
    [1024 * 1024, 'BinarySI', '1Mi'],
  ])('newQuantity(%d, %s) is %s', (value, format, expected) => {
    const q = newQuantity(value, format as QuantityFormat);
    expect(formatQuantity(q)).toBe(expected);
    expect(quantityValue(parseQuantity(formatQuantity(q)))).toBe(BigInt(value));
  });

  it.each([
    [1, -9, '1n'],
    [1000, -9, '1u'],
    [1, -6, '1u'],
    [1000, -6, '1m'],
    [1, -3, '1m'],
    [1000, -3, '1'],
    [1, 0, '1'],
    [0, -9, '0'],
    [0, -6, '0'],
    [0, -3, '0'],
    [0, 0, '0'],
  ])('newScaledQuantity(%d, %d) is %s', (value, scale, expected) => {
    const q = newScaledQuantity(value, scale);
    expect(formatQuantity(q)).toBe(expected);
    expect(quantityScaledValue(parseQuantity(formatQuantity(q)), scale)).toBe(
      BigInt(value),
    );
  });

  it.each([
    [-9, -9, 1],
    [-9, -6, 1],
    [-9, -3, 1],
    [-9, 0, 1],
    [-6, -9, 1000],
    [-6, -6, 1],
    [-6, -3, 1],
    [-6, 0, 1],
    [-3, -9, 1000 * 1000],
    [-3, -6, 1000],
    [-3, -3, 1],
    [-3, 0, 1],
    [0, -9, 1000 * 1000 * 1000],
    [0, -6, 1000 * 1000],
    [0, -3, 1000],
    [0, 0, 1],
    [2, -2, 100 * 100],
  ])('scaled value of 1e%d at scale %d is %d', (from, to, expected) => {
    expect(quantityScaledValue(newScaledQuantity(1, from), to)).toBe(
      BigInt(expected),
    );
  });

  it('rounds scaled values up (scale_int_test.go)', () => {
    // {999, 3, 0, 1}, {500, 3, 0, 1}, {499, 3, 0, 1}, {1, 3, 0, 1}: 0.999, 0.5, 0.499, 0.001 → 1
    for (const milli of [999, 500, 499, 1]) {
      expect(quantityValue(newMilliQuantity(milli))).toBe(1n);
    }
    expect(quantityValue(newMilliQuantity(1000))).toBe(1n);
    expect(quantityValue(newMilliQuantity(0))).toBe(0n);
    // {MaxInt64 - 1, 1, 0, (MaxInt64-1)/10 + 1}
    expect(quantityValue(newScaledQuantity(MOST_POSITIVE - 1n, -1))).toBe(
      (MOST_POSITIVE - 1n) / 10n + 1n,
    );
    // {10^100, 100, 0, 1}: 10^100 × 10^-100, beyond nano precision, is exactly 1
    expect(quantityValue(newScaledQuantity(10n ** 100n, -100))).toBe(1n);
    // {1000, -3, 2, 100000000}
    expect(quantityScaledValue(newScaledQuantity(1000, 3), -2)).toBe(
      100000000n,
    );
  });
});

describe('quantity_example_test.go', () => {
  it('ExampleFormat', () => {
    expect(
      formatQuantity(newQuantity(5 * 1024 * 1024 * 1024, 'BinarySI')),
    ).toBe('5Gi');
    expect(
      formatQuantity(newQuantity(5 * 1000 * 1000 * 1000, 'DecimalSI')),
    ).toBe('5G');
    expect(formatQuantity(newMilliQuantity(5300, 'DecimalSI'))).toBe('5300m');
  });

  it('ExampleMustParse', () => {
    const memory = parseQuantity('5Gi');
    expect([quantityValue(memory), memory.format]).toEqual([
      5368709120n,
      'BinarySI',
    ]);
    const disk = parseQuantity('5G');
    expect([quantityValue(disk), disk.format]).toEqual([
      5000000000n,
      'DecimalSI',
    ]);
    const cores = parseQuantity('5300m');
    expect([quantityMilliValue(cores), cores.format]).toEqual([
      5300n,
      'DecimalSI',
    ]);
    const cores2 = parseQuantity('5.4');
    expect([quantityMilliValue(cores2), cores2.format]).toEqual([
      5400n,
      'DecimalSI',
    ]);
  });

  it('TestQuantityValueSet: 1Mi', () => {
    expect(quantityValue(parseQuantity('1Mi'))).toBe(1024n * 1024n);
    expect(kubernetesQuantityString('1Mi')).toBe('1Mi');
  });
});

describe('TestQuantityAsFloat64Slow / TestStringQuantityAsFloat64Slow', () => {
  const m7 = 7 * 1024 * 1024;
  const table: Array<[Quantity, number]> = [];
  for (const format of ['DecimalSI', 'DecimalExponent', 'BinarySI'] as const) {
    table.push(
      [dec(0, 0, format), 0],
      [dec(1, 0, format), 1],
      [dec(1024, 0, format), 1024],
      [dec(8 * 1024, 0, format), 8 * 1024],
      [dec(m7, 0, format), m7],
      [dec(m7, 1, format), m7 * 10],
      [dec(m7, 4, format), m7 * 10000],
      [dec(m7, 8, format), m7 * 100000000],
      [dec(m7, -1, format), m7 / 10],
      [dec(m7, -8, format), m7 / 100000000],
    );
  }
  table.push(
    [maxAllowed('DecimalSI'), Number(MOST_POSITIVE)],
    [maxAllowed('BinarySI'), Number(MOST_POSITIVE)],
    [dec(12, 18, 'DecimalSI'), 1.2e19],
    [dec(12, 500, 'DecimalSI'), Infinity],
    [dec(-12, 500, 'DecimalSI'), -Infinity],
  );
  it.each(table)('converts %p to %d', (q, expected) => {
    expect(quantityToNumber(q)).toBe(expected);
  });

  it.each([
    ['2Ki', 2048],
    ['1.1Ki', 1126.4],
    ['1Mi', 1.048576e6],
    ['2Gi', 2.147483648e9],
  ])('converts %s to %d', (input, expected) => {
    expect(quantityToNumber(parseQuantity(input))).toBe(expected);
  });
});

describe('quantityFromNanos', () => {
  it('rejects non-bigint nanos', () => {
    expect(() => quantityFromNanos(5 as unknown as bigint)).toThrow(TypeError);
  });
});
