import { ConfigReader } from '@backstage/config';
import { readOcdpCatalogConfig } from './config';

describe('readOcdpCatalogConfig', () => {
  it('refreshes every minute without a system by default', () => {
    expect(readOcdpCatalogConfig(new ConfigReader({}))).toEqual({
      schedule: {
        frequency: { minutes: 1 },
        timeout: { minutes: 3 },
        initialDelay: { seconds: 5 },
      },
    });
  });

  it('reads the system and the schedule', () => {
    expect(
      readOcdpCatalogConfig(
        new ConfigReader({
          ocdp: {
            catalog: {
              system: 'model-serving',
              schedule: { frequency: 'PT30S', timeout: { minutes: 2 } },
            },
          },
        }),
      ),
    ).toMatchObject({
      system: 'model-serving',
      schedule: { frequency: { seconds: 30 }, timeout: { minutes: 2 } },
    });
  });

  it('fails start-up on a bad schedule, naming it', () => {
    expect(() =>
      readOcdpCatalogConfig(
        new ConfigReader({
          ocdp: { catalog: { schedule: { frequency: 'often' } } },
        }),
      ),
    ).toThrow(/frequency/);
  });
});
