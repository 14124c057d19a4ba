import { isDnsLabel } from './dnsLabel';

describe('isDnsLabel', () => {
  it.each(['a', '0', 'team-a', 'ocdp-u-jane-doe', 'a1-b2', 'a'.repeat(63)])(
    'accepts %j',
    name => {
      expect(isDnsLabel(name)).toBe(true);
    },
  );

  it.each([
    '',
    'A',
    'Team',
    'foo_1',
    'foo.bar',
    '-a',
    'a-',
    'a b',
    'é',
    'a'.repeat(64),
  ])('rejects %j', name => {
    expect(isDnsLabel(name)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isDnsLabel(undefined)).toBe(false);
    expect(isDnsLabel(null)).toBe(false);
    expect(isDnsLabel(42)).toBe(false);
    expect(isDnsLabel(['a'])).toBe(false);
  });
});
