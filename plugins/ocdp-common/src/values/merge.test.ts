import fc from 'fast-check';
import { mergeValues } from './merge';

describe('mergeValues', () => {
  it('merges maps deeply, later layers winning', () => {
    expect(
      mergeValues(
        { gpu: { count: 1, resource: 'nvidia.com/gpu' }, replicaCount: 1 },
        { cache: { storageClass: 'fast' } },
        { gpu: { count: 2 }, cache: { size: '10Gi' } },
      ),
    ).toEqual({
      gpu: { count: 2, resource: 'nvidia.com/gpu' },
      replicaCount: 1,
      cache: { storageClass: 'fast', size: '10Gi' },
    });
  });

  it('replaces lists instead of concatenating them', () => {
    expect(
      mergeValues(
        { tolerations: [{ key: 'a' }], args: ['x', 'y'] },
        { tolerations: [{ key: 'b' }] },
        { args: [] },
      ),
    ).toEqual({ tolerations: [{ key: 'b' }], args: [] });
  });

  it('keeps a null so that Helm drops the default too, and skips undefined', () => {
    expect(
      mergeValues({ strategy: { type: 'Recreate' }, a: 1 }, undefined, {
        strategy: null,
        a: undefined,
      }),
    ).toEqual({ strategy: null, a: 1 });
  });

  it('lets a map replace a scalar and a scalar replace a map', () => {
    expect(
      mergeValues({ a: 1, b: { c: 1 } }, {}, { a: { x: 1 }, b: 'flat' }),
    ).toEqual({
      a: { x: 1 },
      b: 'flat',
    });
  });

  it('does not modify or alias its inputs', () => {
    const defaults = { gpu: { count: 1 }, list: [{ a: 1 }] };
    const merged = mergeValues(defaults, undefined, { gpu: { count: 4 } });
    (merged.list as any)[0].a = 2;
    expect(defaults).toEqual({ gpu: { count: 1 }, list: [{ a: 1 }] });
  });

  it.each([
    ['{"__proto__": {"polluted": true}}', '__proto__: is not an allowed key'],
    [
      '{"model": {"constructor": {"x": 1}}}',
      'model.constructor: is not an allowed key',
    ],
    [
      '{"tolerations": [{"prototype": 1}]}',
      'tolerations[0].prototype: is not an allowed key',
    ],
  ])('refuses %s', (json, message) => {
    expect(() => mergeValues({}, undefined, JSON.parse(json))).toThrow(message);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('refuses what is not plain data', () => {
    expect(() => mergeValues({ when: new Date(0) } as any)).toThrow(
      'when: must be plain data',
    );
    expect(() => mergeValues({ n: Number.NaN })).toThrow(
      'n: must be plain data',
    );
    expect(() => mergeValues([] as any)).toThrow('values: must be a map');
  });

  it('gives the user layer back when merged over nothing (property)', () => {
    const unsafe = /"(__proto__|constructor|prototype)":/;
    const map = fc
      .dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }))
      .filter(v => !unsafe.test(JSON.stringify(v)));
    fc.assert(
      fc.property(map, user => {
        const cleaned = JSON.parse(JSON.stringify(user));
        expect(mergeValues({}, {}, cleaned)).toEqual(cleaned);
      }),
    );
  });

  it('folds its layers left to right (property)', () => {
    const leaf = fc.oneof(
      fc.integer(),
      fc.string(),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const tree = fc.letrec(tie => ({
      node: fc.dictionary(
        fc.constantFrom('a', 'b', 'c'),
        fc.oneof({ depthSize: 'small' }, leaf, tie('node')),
        { maxKeys: 3 },
      ),
    })).node as fc.Arbitrary<Record<string, unknown>>;
    fc.assert(
      fc.property(tree, tree, tree, (x, y, z) => {
        expect(mergeValues(x, y, z)).toEqual(
          mergeValues(mergeValues(x, y), undefined, z),
        );
      }),
    );
  });
});
