/* eslint-disable jest/expect-expect -- fc.assert is the assertion in every test here */
import fc from 'fast-check';
import {
  Quantity,
  QuantityFormat,
  addQuantities,
  compareQuantities,
  formatQuantity,
  kubernetesQuantityString,
  maxQuantity,
  minQuantity,
  multiplyQuantity,
  negateQuantity,
  parseQuantity,
  quantityFromNanos,
  quantityToNumber,
  roundUpQuantity,
  scaleQuantity,
  subtractQuantities,
  sumQuantities,
} from './index';

const NANO = 1_000_000_000n;
const MAX_BINARY_NANOS = ((1n << 63n) - 1n) * NANO;

const formatArb = fc.constantFrom<QuantityFormat>(
  'DecimalSI',
  'BinarySI',
  'DecimalExponent',
);

/** Values shaped like real quantities (12M, 3Gi, 250m) plus arbitrary ones. */
const nanosArb = fc.oneof(
  fc
    .tuple(fc.bigInt(-999_999n, 999_999n), fc.integer({ min: 0, max: 30 }))
    .map(([m, e]) => m * 10n ** BigInt(e)),
  fc
    .tuple(fc.bigInt(-4096n, 4096n), fc.integer({ min: 0, max: 5 }))
    .map(([m, k]) => m * 1024n ** BigInt(k) * NANO),
  fc.bigInt(-(2n ** 90n), 2n ** 90n),
  fc.bigInt(-10_000n, 10_000n),
);

const quantityArb = fc
  .tuple(nanosArb, formatArb)
  .map(([nanos, format]) => quantityFromNanos(nanos, format));

/** Kubernetes caps parsed BinarySI values at 2^63-1, so only those round-trip. */
const roundTrippableArb = quantityArb.filter(
  q =>
    q.format !== 'BinarySI' ||
    (q.nanos <= MAX_BINARY_NANOS && q.nanos >= -MAX_BINARY_NANOS),
);

const same = (a: Quantity, b: Quantity) => a.nanos === b.nanos;

describe('properties', () => {
  it('parse(format(q)) is q', () => {
    fc.assert(
      fc.property(roundTrippableArb, q =>
        same(parseQuantity(formatQuantity(q)), q),
      ),
      { numRuns: 2000 },
    );
  });

  // A BinarySI 2000 prints as "2000", which parses as DecimalSI and prints as "2k" (as in
  // Kubernetes), so a string is canonical once it has been through canonicalization once.
  it('canonicalization is idempotent', () => {
    fc.assert(
      fc.property(roundTrippableArb, q => {
        const once = formatQuantity(parseQuantity(formatQuantity(q)));
        return formatQuantity(parseQuantity(once)) === once;
      }),
      { numRuns: 2000 },
    );
  });

  it('canonical strings are echoed unchanged by Kubernetes', () => {
    fc.assert(
      fc.property(roundTrippableArb, q => {
        const canonical = formatQuantity(parseQuantity(formatQuantity(q)));
        return kubernetesQuantityString(canonical) === canonical;
      }),
      { numRuns: 1000 },
    );
  });

  it('canonical strings have no fraction, no leading zeros and no "+"', () => {
    fc.assert(
      fc.property(quantityArb, q =>
        /^(0|-?[1-9]\d*(|[numkMGTPE]|[KMGTPE]i|e-?[1-9]\d*))$/.test(
          formatQuantity(q),
        ),
      ),
      { numRuns: 1000 },
    );
  });

  it('addition is commutative', () => {
    fc.assert(
      fc.property(quantityArb, quantityArb, (a, b) =>
        same(addQuantities(a, b), addQuantities(b, a)),
      ),
    );
  });

  it('addition is associative', () => {
    fc.assert(
      fc.property(quantityArb, quantityArb, quantityArb, (a, b, c) =>
        same(
          addQuantities(addQuantities(a, b), c),
          addQuantities(a, addQuantities(b, c)),
        ),
      ),
    );
  });

  it('(a + b) - b = a', () => {
    fc.assert(
      fc.property(quantityArb, quantityArb, (a, b) =>
        same(subtractQuantities(addQuantities(a, b), b), a),
      ),
    );
  });

  it('additions and subtractions cancel across scales (TestAddSubRoundTripAcrossScales)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.bigInt(0n, (1n << 63n) - 1n),
            fc.integer({ min: -9, max: 10 }),
          ),
          { maxLength: 100 },
        ),
        items => {
          const parts = items.map(([value, scale]) =>
            parseQuantity(`${value}e${scale}`),
          );
          const total = parts.reduce(addQuantities, quantityFromNanos(0n));
          const back = parts.reduce(subtractQuantities, total);
          return back.nanos === 0n;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('multiply(q, n) equals n-fold addition, format included', () => {
    fc.assert(
      fc.property(quantityArb, fc.integer({ min: -40, max: 40 }), (q, n) => {
        let folded = quantityFromNanos(0n, q.format);
        for (let i = 0; i < Math.abs(n); i++) {
          folded = addQuantities(folded, q);
        }
        if (n < 0) {
          folded = negateQuantity(folded);
        }
        const product = multiplyQuantity(q, n);
        const bigProduct = multiplyQuantity(q, BigInt(n));
        return (
          same(product, folded) &&
          same(bigProduct, folded) &&
          product.format === q.format &&
          formatQuantity(product) === formatQuantity(folded)
        );
      }),
    );
  });

  it('compare agrees with the sign of the difference', () => {
    fc.assert(
      fc.property(quantityArb, quantityArb, (a, b) => {
        const diff = subtractQuantities(a, b).nanos;
        let sign = 0;
        if (diff !== 0n) {
          sign = diff > 0n ? 1 : -1;
        }
        return (
          compareQuantities(a, b) === sign &&
          compareQuantities(b, a) === -sign + 0
        );
      }),
    );
  });

  it('max and min bound both operands and return one of them', () => {
    fc.assert(
      fc.property(quantityArb, quantityArb, (a, b) => {
        const hi = maxQuantity(a, b);
        const lo = minQuantity(a, b);
        return (
          (hi === a || hi === b) &&
          (lo === a || lo === b) &&
          compareQuantities(hi, a) >= 0 &&
          compareQuantities(hi, b) >= 0 &&
          compareQuantities(lo, a) <= 0 &&
          compareQuantities(lo, b) <= 0
        );
      }),
    );
  });

  it('a sum does not depend on order', () => {
    fc.assert(
      fc.property(fc.array(quantityArb, { maxLength: 30 }), list => {
        const reversed = [...list].reverse();
        return same(sumQuantities(list), sumQuantities(reversed));
      }),
    );
  });

  const decimalSuffixes: Array<[string, bigint, bigint]> = [
    // [suffix, numerator, denominator] of the multiplier, in nano-units
    ['n', 1n, 1n],
    ['u', 1_000n, 1n],
    ['m', 1_000_000n, 1n],
    ['', NANO, 1n],
    ['k', 10n ** 12n, 1n],
    ['M', 10n ** 15n, 1n],
    ['G', 10n ** 18n, 1n],
    ['T', 10n ** 21n, 1n],
    ['P', 10n ** 24n, 1n],
    ['E', 10n ** 27n, 1n],
    ['e-9', 1n, 1n],
    ['e-7', 100n, 1n],
    ['E-12', 1n, 1000n],
    ['e0', NANO, 1n],
    ['e+2', 100n * NANO, 1n],
    ['E21', 10n ** 30n, 1n],
  ];
  const binarySuffixes: Array<[string, bigint]> = [
    ['Ki', 1n << 10n],
    ['Mi', 1n << 20n],
    ['Gi', 1n << 30n],
    ['Ti', 1n << 40n],
    ['Pi', 1n << 50n],
    ['Ei', 1n << 60n],
  ];

  it('an integer with a decimal suffix is integer × multiplier', () => {
    fc.assert(
      fc.property(
        fc.bigInt(0n, 10n ** 20n),
        fc.constantFrom(...decimalSuffixes),
        fc.constantFrom('', '+', '-'),
        (n, [suffix, num, den], sign) => {
          const expected = (n * num + den - 1n) / den; // rounded up
          const q = parseQuantity(`${sign}${n}${suffix}`);
          return q.nanos === (sign === '-' ? -expected : expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('an integer with a binary suffix is integer × multiplier, capped at 2^63-1', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt(0n, 4096n), fc.bigInt(0n, 10n ** 15n)),
        fc.constantFrom(...binarySuffixes),
        fc.constantFrom('', '+', '-'),
        (n, [suffix, multiplier], sign) => {
          let expected = n * multiplier * NANO;
          if (expected > MAX_BINARY_NANOS) {
            expected = MAX_BINARY_NANOS;
          }
          const q = parseQuantity(`${sign}${n}${suffix}`);
          return (
            q.nanos === (sign === '-' ? -expected : expected) &&
            q.format === 'BinarySI'
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a decimal fraction is its exact value rounded up to the nano-unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt(0n, 10n ** 12n),
        fc.stringMatching(/^\d{0,15}$/),
        fc.constantFrom(...decimalSuffixes),
        (int, fraction, [suffix, num, den]) => {
          const numerator = BigInt(`${int}${fraction}`) * num;
          const denominator = 10n ** BigInt(fraction.length) * den;
          const expected = (numerator + denominator - 1n) / denominator;
          return (
            parseQuantity(`${int}.${fraction}${suffix}`).nanos === expected
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('numbers with up to three decimals parse exactly and convert back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), millis => {
        const value = millis / 1000;
        const q = parseQuantity(value);
        return (
          q.nanos === BigInt(millis) * 1_000_000n &&
          quantityToNumber(q) === value
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('scaling by n/1 is multiplying by n', () => {
    fc.assert(
      fc.property(quantityArb, fc.integer({ min: -1000, max: 1000 }), (q, n) =>
        same(scaleQuantity(q, n, 1), multiplyQuantity(q, n)),
      ),
    );
  });

  it('rounding up is idempotent and never shrinks the magnitude', () => {
    fc.assert(
      fc.property(quantityArb, fc.integer({ min: -9, max: 12 }), (q, scale) => {
        const once = roundUpQuantity(q, scale);
        const twice = roundUpQuantity(once, scale);
        const abs = (x: bigint) => (x < 0n ? -x : x);
        return (
          same(once, twice) &&
          abs(once.nanos) >= abs(q.nanos) &&
          once.nanos % 10n ** BigInt(scale + 9) === 0n
        );
      }),
    );
  });
});
