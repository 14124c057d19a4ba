import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startOcdpBackend } from '../__testUtils__/startOcdpBackend';
import { ADMIN } from '../__testUtils__/testPermissions';

jest.setTimeout(60_000);

describe('ocdp.tenants.initial', () => {
  it('creates the configured tenants at startup, skipping invalid ones', async () => {
    const backend = await startOcdpBackend({
      ocdpConfig: {
        tenants: {
          personalTenants: false,
          initial: [
            {
              name: 'team-a',
              owner: 'group:default/team-vision',
              bindings: [
                { cluster: 'demo', quota: { 'requests.nvidia.com/gpu': '8' } },
              ],
            },
            { name: 'Not_Valid', owner: 'group:default/x', bindings: [] },
          ],
        },
      },
    });
    try {
      let items: Array<{
        name: string;
        bindings: Array<{ syncStatus: string }>;
      }> = [];
      for (
        let i = 0;
        i < 50 && items[0]?.bindings[0]?.syncStatus !== 'synced';
        i++
      ) {
        await new Promise(r => setTimeout(r, 100));
        const res = await request(backend.server)
          .get('/api/ocdp/tenants')
          .set('Authorization', mockCredentials.user.header(ADMIN));
        items = res.body.items;
      }
      expect(items.map(t => t.name)).toEqual(['team-a']);
      expect(items[0].bindings[0].syncStatus).toBe('synced');
    } finally {
      await backend.stop();
    }
  });
});
