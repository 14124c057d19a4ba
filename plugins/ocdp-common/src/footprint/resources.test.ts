import fc from 'fast-check';
import { parseQuantity } from '../quantity';
import {
  defaultContainerResources,
  effectivePodResources,
  parseResourceList,
} from './resources';
import { strings } from './testUtils';

const list = (r: Record<string, string>) => parseResourceList(r, 'r');

describe('parseResourceList', () => {
  it('reads quantities and skips null entries', () => {
    expect(
      strings(
        parseResourceList(
          { cpu: '500m', memory: null, 'nvidia.com/gpu': 2 },
          'r',
        ),
      ),
    ).toEqual({
      cpu: '500m',
      'nvidia.com/gpu': '2',
    });
  });

  it('names the field of a bad value', () => {
    expect(() => parseResourceList({ cpu: 'lots' }, 'spec.requests')).toThrow(
      'spec.requests.cpu: "lots" is not a valid Kubernetes quantity',
    );
    expect(() => parseResourceList({ cpu: true }, 'r')).toThrow(
      'r.cpu: must be a quantity',
    );
    expect(() => parseResourceList('cpu=1', 'r')).toThrow(
      'r: must be a map of resource quantities',
    );
    expect(() =>
      parseResourceList(JSON.parse('{"__proto__": "1"}'), 'r'),
    ).toThrow('r.__proto__: is not a resource name');
  });
});

describe('defaultContainerResources', () => {
  it('requests every limited resource at its limit unless requested', () => {
    const r = defaultContainerResources(
      list({ cpu: '250m' }),
      list({ cpu: '1', memory: '1Gi', 'nvidia.com/mig-1g.10gb': '1' }),
    );
    expect(strings(r.requests)).toEqual({
      cpu: '250m',
      memory: '1Gi',
      'nvidia.com/mig-1g.10gb': '1',
    });
  });
});

describe('effectivePodResources', () => {
  it('takes the larger of the containers and the largest init container', () => {
    expect(
      strings(
        effectivePodResources(
          [list({ cpu: '1', memory: '1Gi' }), list({ cpu: '1' })],
          [
            { list: list({ cpu: '3' }), sidecar: false },
            { list: list({ memory: '512Mi' }), sidecar: false },
          ],
        ),
      ),
    ).toEqual({ cpu: '3', memory: '1Gi' });
  });

  it('adds sidecars to the containers and to every later init container', () => {
    // The sidecar (1) runs beside the container (1): 2; the init container after it (2) runs
    // beside the sidecar: 3, the larger.
    expect(
      strings(
        effectivePodResources(
          [list({ cpu: '1' })],
          [
            { list: list({ cpu: '1' }), sidecar: true },
            { list: list({ cpu: '2' }), sidecar: false },
          ],
        ),
      ),
    ).toEqual({ cpu: '3' });
    // An init container before the sidecar does not run beside it.
    expect(
      strings(
        effectivePodResources(
          [list({ cpu: '1' })],
          [
            { list: list({ cpu: '2' }), sidecar: false },
            { list: list({ cpu: '1' }), sidecar: true },
          ],
        ),
      ),
    ).toEqual({ cpu: '2' });
  });

  it('adds the pod overhead, to limits only where a limit is set', () => {
    const overhead = list({ cpu: '250m', memory: '120Mi' });
    expect(
      strings(effectivePodResources([list({ cpu: '1' })], [], overhead)),
    ).toEqual({
      cpu: '1250m',
      memory: '120Mi',
    });
    expect(
      strings(effectivePodResources([list({ cpu: '1' })], [], overhead, true)),
    ).toEqual({
      cpu: '1250m',
    });
  });

  it('is at least the sum of the containers and each init container (property)', () => {
    const milli = fc.nat(100_000).map(n => parseQuantity(`${n}m`));
    const resources = fc.record({ cpu: milli, memory: milli });
    fc.assert(
      fc.property(
        fc.array(resources, { maxLength: 4 }),
        fc.array(fc.record({ list: resources, sidecar: fc.boolean() }), {
          maxLength: 4,
        }),
        (containers, inits) => {
          const pod = effectivePodResources(containers, inits);
          for (const name of ['cpu', 'memory']) {
            const total = [
              ...containers,
              ...inits.filter(i => i.sidecar).map(i => i.list),
            ]
              .map(c => c[name as 'cpu'].nanos)
              .reduce((a, b) => a + b, 0n);
            expect((pod[name]?.nanos ?? 0n) >= total).toBe(true);
            for (const init of inits) {
              expect(
                (pod[name]?.nanos ?? 0n) >= init.list[name as 'cpu'].nanos,
              ).toBe(true);
            }
          }
        },
      ),
    );
  });
});
