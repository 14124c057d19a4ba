import fc from 'fast-check';
import {
  deploymentStrategy,
  resolveRollout,
  scaledValue,
  statefulSetStrategy,
} from './strategy';

describe('deploymentStrategy', () => {
  it('defaults like the API server', () => {
    const defaults = {
      type: 'RollingUpdate',
      maxSurge: '25%',
      maxUnavailable: '25%',
    };
    expect(deploymentStrategy(undefined, 's')).toEqual(defaults);
    expect(deploymentStrategy({}, 's')).toEqual(defaults);
    expect(deploymentStrategy({ rollingUpdate: { maxSurge: 2 } }, 's')).toEqual(
      {
        ...defaults,
        maxSurge: 2,
      },
    );
  });

  it('ignores rollingUpdate for Recreate', () => {
    expect(
      deploymentStrategy(
        { type: 'Recreate', rollingUpdate: { maxSurge: 1 } },
        's',
      ),
    ).toEqual({ type: 'Recreate' });
  });

  it.each([
    [{ type: 'Canary' }, 's.type: must be RollingUpdate or Recreate'],
    [{ rollingUpdate: { maxSurge: '1' } }, 's.rollingUpdate.maxSurge'],
    [
      { rollingUpdate: { maxUnavailable: -1 } },
      's.rollingUpdate.maxUnavailable',
    ],
    [{ rollingUpdate: { maxSurge: '12.5%' } }, 's.rollingUpdate.maxSurge'],
    [{ rollingUpdate: 'fast' }, 's.rollingUpdate: must be a map'],
    ['fast', 's: must be a map'],
  ])('refuses %j', (value, message) => {
    expect(() => deploymentStrategy(value, 's')).toThrow(message);
  });
});

describe('resolveRollout', () => {
  const rolling = (
    maxSurge: number | string,
    maxUnavailable: number | string,
  ) => ({ type: 'RollingUpdate', maxSurge, maxUnavailable } as const);

  it.each([
    // replicas, maxSurge, maxUnavailable → surge, unavailable
    [1, '25%', '25%', 1, 0],
    [4, '25%', '25%', 1, 1],
    [10, '25%', '25%', 3, 2],
    [3, '50%', '50%', 2, 1],
    [2, '100%', 0, 2, 0],
    [5, 0, 0, 0, 1],
    [0, '25%', '25%', 0, 1],
    [7, 2, '10%', 2, 0],
  ])(
    '%i replicas with %s / %s: surge %i, unavailable %i',
    (replicas, s, u, surge, unavailable) => {
      expect(resolveRollout('Deployment', rolling(s, u), replicas)).toEqual({
        surge,
        maxUnavailable: unavailable,
      });
    },
  );

  it('never surges without a rolling Deployment', () => {
    expect(resolveRollout('Deployment', { type: 'Recreate' }, 4)).toEqual({
      surge: 0,
      maxUnavailable: 0,
    });
    expect(
      resolveRollout('StatefulSet', statefulSetStrategy(undefined, 's'), 4),
    ).toEqual({
      surge: 0,
      maxUnavailable: 1,
    });
    expect(
      resolveRollout(
        'StatefulSet',
        statefulSetStrategy({ type: 'OnDelete' }, 's'),
        4,
      ),
    ).toEqual({
      surge: 0,
      maxUnavailable: 0,
    });
    expect(resolveRollout('Job', { type: 'None' }, 4)).toEqual({
      surge: 0,
      maxUnavailable: 0,
    });
  });

  it('rounds percentages like Kubernetes (property)', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(10_000), (percent, total) => {
        const up = scaledValue(`${percent}%`, total, true);
        const down = scaledValue(`${percent}%`, total, false);
        expect(up).toBe(Math.ceil((percent * total) / 100));
        expect(down).toBe(Math.floor((percent * total) / 100));
        expect(up - down).toBe((percent * total) % 100 === 0 ? 0 : 1);
      }),
    );
  });
});
