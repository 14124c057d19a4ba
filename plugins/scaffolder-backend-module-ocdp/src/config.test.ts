import { ConfigReader } from '@backstage/config';
import { readOcdpValuesConfig } from './config';

describe('readOcdpValuesConfig', () => {
  it('reads environments and chart profiles', () => {
    const read = readOcdpValuesConfig(
      new ConfigReader({
        ocdp: {
          environments: { demo: { runtimeClassName: 'nvidia' } },
          chartProfiles: { mine: { replicasPath: 'replicas' } },
        },
      }),
    );
    expect(read.environments).toEqual({ demo: { runtimeClassName: 'nvidia' } });
    expect(read.chartProfiles.mine).toMatchObject({
      name: 'mine',
      replicasPath: 'replicas',
    });
  });

  it('is empty without OCDP config', () => {
    expect(readOcdpValuesConfig(new ConfigReader({}))).toEqual({
      environments: {},
      chartProfiles: {},
    });
  });

  it('names the path of a bad chart profile', () => {
    expect(() =>
      readOcdpValuesConfig(
        new ConfigReader({
          ocdp: { chartProfiles: { mine: { replicasPath: 3 } } },
        }),
      ),
    ).toThrow('ocdp.chartProfiles.mine.replicasPath: must be a string');
  });
});
