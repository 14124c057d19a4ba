import {
  QUANTITY_FORMATS,
  ZERO_QUANTITY,
  absQuantity,
  addQuantities,
  compareQuantities,
  formatQuantity,
  isZeroQuantity,
  maxQuantity,
  minQuantity,
  multiplyQuantity,
  negateQuantity,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  quantityEquals,
  quantityFromBytes,
  quantityFromNanos,
  quantityMilliValue,
  quantitySign,
  quantityToNumber,
  quantityValue,
  roundUpQuantity,
  scaleQuantity,
  subtractQuantities,
  sumQuantities,
} from './index';

const p = (text: string) => parseQuantity(text);
const fmt = formatQuantity;

describe('exact arithmetic (cases floating point gets wrong)', () => {
  it('adds 0.1 and 0.2 to exactly 300m', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(fmt(addQuantities(p('0.1'), p('0.2')))).toBe('300m');
    expect(quantityEquals(addQuantities(p('0.1'), p('0.2')), p('0.3'))).toBe(
      true,
    );
    expect(fmt(addQuantities(parseQuantity(0.1), parseQuantity(0.2)))).toBe(
      '300m',
    );
  });

  it('multiplies 100m by 3 to exactly 300m', () => {
    expect(0.1 * 3).not.toBe(0.3);
    expect(fmt(multiplyQuantity(p('100m'), 3))).toBe('300m');
    expect(fmt(multiplyQuantity(p('100m'), 3n))).toBe('300m');
  });

  it('sums a thousand 1m to exactly 1', () => {
    const list = Array.from({ length: 1000 }, () => p('1m'));
    expect(fmt(sumQuantities(list))).toBe('1');
    let float = 0;
    for (let i = 0; i < 1000; i++) float += 0.001;
    expect(float).not.toBe(1);
  });

  it('sums ten 0.1 to exactly 1', () => {
    expect(fmt(sumQuantities(Array.from({ length: 10 }, () => p('0.1'))))).toBe(
      '1',
    );
  });

  it('subtracts 512Mi from 1Gi to 512Mi', () => {
    expect(fmt(subtractQuantities(p('1Gi'), p('512Mi')))).toBe('512Mi');
  });

  it('subtracts mixed units exactly', () => {
    expect(fmt(subtractQuantities(p('1'), p('300m')))).toBe('700m');
    expect(fmt(subtractQuantities(p('1.1'), p('1')))).toBe('100m');
    expect(fmt(subtractQuantities(p('1G'), p('1Gi')))).toBe('-73741824');
    expect(fmt(subtractQuantities(p('80Gi'), p('79.5Gi')))).toBe('512Mi');
  });

  it('stays exact far beyond 2^53', () => {
    const big = p('9007199254740993');
    expect(fmt(addQuantities(big, p('1')))).toBe('9007199254740994');
    expect(fmt(multiplyQuantity(p('4Ei'), 1000))).toBe('4000Ei');
    expect(fmt(addQuantities(p('1n'), p('1E')))).toBe(
      '1000000000000000000000000001n',
    );
  });
});

describe('format of results', () => {
  it('takes the first non-zero operand format', () => {
    expect(addQuantities(p('1Gi'), p('1G')).format).toBe('BinarySI');
    expect(addQuantities(p('1G'), p('1Gi')).format).toBe('DecimalSI');
    expect(addQuantities(p('0'), p('1Gi')).format).toBe('BinarySI');
    expect(subtractQuantities(p('0'), p('1e3')).format).toBe('DecimalExponent');
    expect(subtractQuantities(p('1Gi'), p('1Gi')).format).toBe('BinarySI');
    expect(sumQuantities([p('0'), p('2Gi'), p('1')]).format).toBe('BinarySI');
    expect(sumQuantities([p('1'), p('2Gi')]).format).toBe('DecimalSI');
  });

  it('sums nothing to zero', () => {
    expect(sumQuantities([])).toBe(ZERO_QUANTITY);
    expect(fmt(ZERO_QUANTITY)).toBe('0');
  });

  it('sums any iterable', () => {
    function* gen() {
      yield p('1Gi');
      yield p('1Gi');
    }
    expect(fmt(sumQuantities(gen()))).toBe('2Gi');
  });

  it('keeps the format when multiplying', () => {
    expect(fmt(multiplyQuantity(p('512Mi'), 4))).toBe('2Gi');
    expect(fmt(multiplyQuantity(p('1e3'), 1000))).toBe('1e6');
    expect(fmt(multiplyQuantity(p('2Gi'), 0))).toBe('0');
    expect(multiplyQuantity(p('2Gi'), 0).format).toBe('BinarySI');
  });
});

describe('multiplyQuantity with fractions, and scaleQuantity', () => {
  it('uses the decimal value of a number factor', () => {
    expect(fmt(multiplyQuantity(p('1Gi'), 0.5))).toBe('512Mi');
    expect(fmt(multiplyQuantity(p('10'), 0.1))).toBe('1');
    expect(fmt(multiplyQuantity(p('3'), 0.7))).toBe('2100m');
    expect(fmt(multiplyQuantity(p('1'), 1e-7))).toBe('100n');
    expect(fmt(multiplyQuantity(p('1'), 1.5e21))).toBe('1500E');
  });

  it('rounds the product up, away from zero, to the nano-unit', () => {
    expect(multiplyQuantity(p('1'), 0.3333333333333333).nanos).toBe(333333334n);
    expect(multiplyQuantity(p('1n'), 0.5).nanos).toBe(1n);
    expect(multiplyQuantity(p('-1n'), 0.5).nanos).toBe(-1n);
    expect(multiplyQuantity(p('1n'), -0.5).nanos).toBe(-1n);
  });

  it('refuses non-finite factors', () => {
    expect(() => multiplyQuantity(p('1'), NaN)).toThrow(RangeError);
    expect(() => multiplyQuantity(p('1'), Infinity)).toThrow(RangeError);
  });

  it('scales by a ratio', () => {
    expect(fmt(scaleQuantity(p('10'), 80, 100))).toBe('8');
    expect(fmt(scaleQuantity(p('1'), 1, 3))).toBe('333333334n');
    expect(fmt(scaleQuantity(p('1'), 1n, 3n))).toBe('333333334n');
    expect(fmt(scaleQuantity(p('1'), -1, 3))).toBe('-333333334n');
    expect(fmt(scaleQuantity(p('1'), 1, -3))).toBe('-333333334n');
    expect(fmt(scaleQuantity(p('1'), -1, -3))).toBe('333333334n');
    expect(fmt(scaleQuantity(p('80Gi'), 0.5, 2))).toBe('20Gi');
    expect(fmt(scaleQuantity(p('1'), 2, 0.5))).toBe('4');
    expect(() => scaleQuantity(p('1'), 1, 0)).toThrow(RangeError);
    expect(() => scaleQuantity(p('1'), 1, NaN)).toThrow(RangeError);
  });
});

describe('negate, abs, roundUp', () => {
  it('negates and takes absolute values', () => {
    expect(fmt(negateQuantity(p('1Gi')))).toBe('-1Gi');
    expect(fmt(negateQuantity(p('-100m')))).toBe('100m');
    expect(fmt(absQuantity(p('-1.5Gi')))).toBe('1536Mi');
    const positive = p('2');
    expect(absQuantity(positive)).toBe(positive);
    expect(negateQuantity(p('0')).nanos).toBe(0n);
  });

  it('rounds up to a power of ten', () => {
    expect(fmt(roundUpQuantity(p('1234m'), 0))).toBe('2');
    expect(fmt(roundUpQuantity(p('1234m'), -2))).toBe('1240m');
    expect(fmt(roundUpQuantity(p('1n'), -9))).toBe('1n');
    expect(fmt(roundUpQuantity(p('1n'), -12))).toBe('1n');
    expect(fmt(roundUpQuantity(p('1.5Gi'), 9))).toBe('1953125Ki');
    expect(roundUpQuantity(p('1Gi'), 9).format).toBe('BinarySI');
    expect(() => roundUpQuantity(p('1'), 0.5)).toThrow(RangeError);
  });
});

describe('comparison', () => {
  it('compares values regardless of format', () => {
    expect(compareQuantities(p('1Gi'), p('1073741824'))).toBe(0);
    expect(quantityEquals(p('1Gi'), p('1073741824'))).toBe(true);
    expect(quantityEquals(p('1Gi'), p('1G'))).toBe(false);
    expect(compareQuantities(p('1Gi'), p('1G'))).toBe(1);
    expect(compareQuantities(p('999m'), p('1'))).toBe(-1);
    expect(compareQuantities(p('-1'), p('1n'))).toBe(-1);
    expect(compareQuantities(p('1e3'), p('1k'))).toBe(0);
  });

  it('tells zero and sign', () => {
    expect(isZeroQuantity(p('0Gi'))).toBe(true);
    expect(isZeroQuantity(p('1n'))).toBe(false);
    expect(quantitySign(p('-1n'))).toBe(-1);
    expect(quantitySign(p('0'))).toBe(0);
    expect(quantitySign(p('1n'))).toBe(1);
  });

  it('picks max and min, the first of equals', () => {
    const a = p('1Gi');
    const b = p('1073741824');
    const c = p('2G');
    expect(maxQuantity(a, b)).toBe(a);
    expect(maxQuantity(b, a)).toBe(b);
    expect(maxQuantity(a, c, b)).toBe(c);
    expect(minQuantity(c, a, b)).toBe(a);
    expect(minQuantity(c)).toBe(c);
    expect(minQuantity(p('1'), p('-1'))).toEqual(p('-1'));
  });
});

describe('conversions', () => {
  it('converts to numbers for display', () => {
    expect(quantityToNumber(p('1.5Gi'))).toBe(1610612736);
    expect(quantityToNumber(p('100m'))).toBe(0.1);
    expect(quantityToNumber(p('-250m'))).toBe(-0.25);
    expect(quantityToNumber(p('1n'))).toBe(1e-9);
    expect(quantityToNumber(p('0'))).toBe(0);
  });

  it('rounds values up, away from zero', () => {
    expect(quantityValue(p('1.5'))).toBe(2n);
    expect(quantityValue(p('-1.5'))).toBe(-2n);
    expect(quantityValue(p('2Gi'))).toBe(2147483648n);
    expect(quantityMilliValue(p('1.0001'))).toBe(1001n);
    expect(quantityMilliValue(p('-1.0001'))).toBe(-1001n);
    expect(quantityMilliValue(p('250m'))).toBe(250n);
  });

  it('builds quantities from units, millis and bytes', () => {
    expect(fmt(newQuantity(4))).toBe('4');
    expect(fmt(newQuantity(4096n, 'BinarySI'))).toBe('4Ki');
    expect(fmt(newMilliQuantity(1500))).toBe('1500m');
    expect(fmt(quantityFromBytes(2 ** 31))).toBe('2Gi');
    expect(fmt(quantityFromBytes(1536n * 1024n * 1024n))).toBe('1536Mi');
    expect(fmt(newScaledQuantity(5, 6))).toBe('5M');
    expect(fmt(newScaledQuantity(15, -10))).toBe('2n');
    expect(fmt(newScaledQuantity(-15, -10))).toBe('-2n');
    expect(() => newQuantity(1.5)).toThrow(RangeError);
    expect(() => newQuantity(2 ** 60)).toThrow(RangeError);
    expect(() => newScaledQuantity(1, 0.5)).toThrow(RangeError);
  });

  it('lists the formats', () => {
    expect(QUANTITY_FORMATS).toEqual([
      'DecimalSI',
      'BinarySI',
      'DecimalExponent',
    ]);
    expect(quantityFromNanos(5n).format).toBe('DecimalSI');
  });
});
