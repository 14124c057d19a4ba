/* eslint-disable jest/expect-expect -- fc.assert is the assertion in the property tests */
import fc from 'fast-check';
import { OcdpInputError } from '../errors';
import { isDnsLabel } from './dnsLabel';
import { personalNamespaceFor, personalTenantNameFor } from './personal';

const HASHED = /^ocdp-u-jane-doe-[a-z0-9]{8}$/;

describe('personalNamespaceFor', () => {
  it('derives ocdp-u-<user> from the entity ref', () => {
    expect(personalNamespaceFor('user:default/Jane.Doe')).toBe(
      'ocdp-u-jane-doe',
    );
    expect(personalNamespaceFor('user:default/jane')).toBe('ocdp-u-jane');
    expect(personalNamespaceFor('user:default/jane-doe')).toBe(
      'ocdp-u-jane-doe',
    );
    expect(personalNamespaceFor('user:default/j_doe2')).toBe('ocdp-u-j-doe2');
  });

  it('treats entity refs case-insensitively, like Backstage', () => {
    expect(personalNamespaceFor('User:Default/JANE.DOE')).toBe(
      personalNamespaceFor('user:default/jane.doe'),
    );
  });

  it('accepts refs without kind or namespace', () => {
    expect(personalNamespaceFor('jane')).toBe('ocdp-u-jane');
    expect(personalNamespaceFor('default/jane')).toBe('ocdp-u-jane');
    expect(personalNamespaceFor('user:jane')).toBe('ocdp-u-jane');
  });

  it('uses a configured prefix', () => {
    expect(personalNamespaceFor('user:default/Jane.Doe', 'lab-')).toBe(
      'lab-jane-doe',
    );
    expect(personalNamespaceFor('user:default/jane', '')).toBe('jane');
  });

  it('appends a stable hash when the mapping is lossy', () => {
    const plus = personalNamespaceFor('user:default/jane+doe');
    const at = personalNamespaceFor('user:default/jane@doe');
    const doubled = personalNamespaceFor('user:default/jane..doe');
    expect(plus).toMatch(HASHED);
    expect(at).toMatch(HASHED);
    expect(doubled).toMatch(HASHED);
    expect(new Set([plus, at, doubled, 'ocdp-u-jane-doe']).size).toBe(4);
    expect(personalNamespaceFor('user:default/jane+doe')).toBe(plus);
  });

  it('hashes trimmed leading and trailing separators', () => {
    expect(personalNamespaceFor('user:default/-jane-')).toMatch(
      /^ocdp-u-jane-[a-z0-9]{8}$/,
    );
    expect(personalNamespaceFor('user:default/-jane-')).not.toBe(
      personalNamespaceFor('user:default/jane'),
    );
  });

  it('keeps users of other entity namespaces apart', () => {
    const other = personalNamespaceFor('user:research/jane');
    expect(other).toMatch(/^ocdp-u-jane-[a-z0-9]{8}$/);
    expect(other).not.toBe(personalNamespaceFor('user:default/jane'));
    expect(other).not.toBe(personalNamespaceFor('user:sales/jane'));
  });

  it('uses the name as is when it fits exactly in 63 characters', () => {
    const name = 'a'.repeat(56);
    expect(personalNamespaceFor(`user:default/${name}`)).toBe(`ocdp-u-${name}`);
  });

  it('truncates long names to 63 characters with a hash', () => {
    const long57 = personalNamespaceFor(`user:default/${'a'.repeat(57)}`);
    const long80 = personalNamespaceFor(`user:default/${'a'.repeat(80)}`);
    const long81 = personalNamespaceFor(`user:default/${'a'.repeat(81)}`);
    for (const ns of [long57, long80, long81]) {
      expect(ns).toHaveLength(63);
      expect(ns).toMatch(/^ocdp-u-a{47}-[a-z0-9]{8}$/);
      expect(isDnsLabel(ns)).toBe(true);
    }
    expect(new Set([long57, long80, long81]).size).toBe(3);
  });

  it('does not end the truncated part with "-"', () => {
    // 63 - "ocdp-u-" - "-<hash>" leaves 47 characters, the last of which would be "-".
    const ns = personalNamespaceFor(
      `user:default/${'a'.repeat(46)}-b${'c'.repeat(20)}`,
    );
    expect(ns).toHaveLength(62);
    expect(ns).toMatch(/^ocdp-u-a{46}-[a-z0-9]{8}$/);
  });

  it('names users whose name has no usable character by the hash alone', () => {
    const a = personalNamespaceFor('user:default/___');
    const b = personalNamespaceFor('user:default/äöü');
    expect(a).toMatch(/^ocdp-u-[a-z0-9]{8}$/);
    expect(b).toMatch(/^ocdp-u-[a-z0-9]{8}$/);
    expect(a).not.toBe(b);
    expect(personalNamespaceFor('user:default/___', 'u')).toMatch(
      /^u-[a-z0-9]{8}$/,
    );
    expect(personalNamespaceFor('user:default/___', '')).toMatch(
      /^[a-z0-9]{8}$/,
    );
  });

  it('rejects refs that are not user refs', () => {
    expect(() => personalNamespaceFor('group:default/team-a')).toThrow(
      OcdpInputError,
    );
    expect(() => personalNamespaceFor('group:default/team-a')).toThrow(
      /^userEntityRef: "group:default\/team-a" is not a user entity ref/,
    );
    expect(() => personalNamespaceFor('')).toThrow(
      'userEntityRef: a user entity ref is required',
    );
    expect(() => personalNamespaceFor('user:default/')).toThrow(OcdpInputError);
    expect(() => personalNamespaceFor('user:/jane')).toThrow(OcdpInputError);
  });

  it('rejects an invalid prefix', () => {
    expect(() => personalNamespaceFor('jane', 'Bad_')).toThrow(/^prefix: /);
    expect(() => personalNamespaceFor('jane', '-x-')).toThrow(/^prefix: /);
    expect(() => personalNamespaceFor('jane', 'a'.repeat(55))).toThrow(
      /^prefix: /,
    );
    expect(personalNamespaceFor('jane', 'a'.repeat(54))).toMatch(
      /^a{54}-[a-z0-9]{8}$|^a{54}jane$/,
    );
  });

  describe('properties', () => {
    const nameArb = fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 90 }),
        fc.string({ minLength: 1, maxLength: 90, unit: 'binary' }),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,70}$/),
      )
      .filter(s => s.trim() === s && s.length > 0);
    const nsArb = fc.constantFrom('default', 'research', 'Default', 'x');
    const prefixArb = fc.constantFrom('ocdp-u-', 'u-', '', 'p', 'a1-b2-');

    it('always gives a valid DNS label', () => {
      fc.assert(
        fc.property(nameArb, nsArb, prefixArb, (name, ns, prefix) => {
          const label = personalNamespaceFor(`user:${ns}/${name}`, prefix);
          expect(isDnsLabel(label)).toBe(true);
          expect(label.startsWith(prefix)).toBe(true);
        }),
        { numRuns: 500 },
      );
    });

    it('is stable', () => {
      fc.assert(
        fc.property(nameArb, name => {
          expect(personalNamespaceFor(`user:default/${name}`)).toBe(
            personalNamespaceFor(`user:default/${name}`),
          );
        }),
      );
    });

    it('gives different users different namespaces', () => {
      // Users are the same when their refs agree ignoring case; the documented exception is the
      // separator spelling (".", "_" and "-" all read as "-").
      const key = (ns: string, name: string) =>
        `${ns.toLowerCase()}/${name.toLowerCase().replace(/[._]/g, '-')}`;
      fc.assert(
        fc.property(nameArb, nameArb, nsArb, nsArb, (a, b, nsA, nsB) => {
          fc.pre(key(nsA, a) !== key(nsB, b));
          expect(personalNamespaceFor(`user:${nsA}/${a}`)).not.toBe(
            personalNamespaceFor(`user:${nsB}/${b}`),
          );
        }),
        { numRuns: 500 },
      );
    });

    it('keeps near-identical long names apart', () => {
      fc.assert(
        fc.property(
          fc.stringMatching(/^[a-z0-9]{60,70}$/),
          fc.stringMatching(/^[a-z0-9]{1,5}$/),
          (base, tail) => {
            expect(personalNamespaceFor(`user:default/${base}`)).not.toBe(
              personalNamespaceFor(`user:default/${base}${tail}`),
            );
          },
        ),
      );
    });
  });
});

describe('personalTenantNameFor', () => {
  it('derives u-<user>', () => {
    expect(personalTenantNameFor('user:default/Jane.Doe')).toBe('u-jane-doe');
    expect(personalTenantNameFor('user:default/jane', 'personal-')).toBe(
      'personal-jane',
    );
  });

  it('follows the same collision rules', () => {
    expect(personalTenantNameFor('user:research/jane')).toMatch(
      /^u-jane-[a-z0-9]{8}$/,
    );
    const long = personalTenantNameFor(`user:default/${'b'.repeat(100)}`);
    expect(long).toHaveLength(63);
    expect(isDnsLabel(long)).toBe(true);
  });

  it('rejects group refs', () => {
    expect(() => personalTenantNameFor('group:default/ml')).toThrow(
      OcdpInputError,
    );
  });
});
