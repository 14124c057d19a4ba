import {
  canonicalQuantity,
  parseQuantity,
  formatQuantity,
  addQuantity,
} from './quantity';

describe('quantity', () => {
  it.each([
    ['500m', 500_000_000n],
    ['1', 1_000_000_000n],
    ['1.5', 1_500_000_000n],
    ['1Ki', 1024n * 1_000_000_000n],
    ['1Gi', 1024n ** 3n * 1_000_000_000n],
    ['2k', 2000n * 1_000_000_000n],
    ['1e3', 1000n * 1_000_000_000n],
    ['100n', 100n],
    ['0.1n', 1n],
  ])('parses %s exactly', (text, nano) => {
    expect(parseQuantity(text).nano).toBe(nano);
  });

  it.each([
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['1.5', '1500m'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['2048', '2048'],
    ['1000000', '1M'],
    ['0.5Gi', '512Mi'],
    ['81920', '81920'],
  ])('formats %s canonically as %s', (text, out) => {
    expect(canonicalQuantity(text)).toBe(out);
  });

  it('adds keeping the format of the first non-zero operand', () => {
    expect(
      formatQuantity(addQuantity(parseQuantity('1Gi'), parseQuantity('512Mi'))),
    ).toBe('1536Mi');
    expect(
      formatQuantity(addQuantity(parseQuantity('0'), parseQuantity('512Mi'))),
    ).toBe('512Mi');
  });

  it('rejects garbage', () => {
    expect(() => parseQuantity('12 apples')).toThrow();
    expect(() => parseQuantity('1.2.3')).toThrow();
  });
});
