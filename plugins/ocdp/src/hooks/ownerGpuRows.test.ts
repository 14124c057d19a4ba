import { demoReport } from '../__testUtils__/gpuFixtures';
import { ownerGpuRows } from './ownerGpuRows';

describe('ownerGpuRows', () => {
  it("finds a user's row", () => {
    const rows = ownerGpuRows(demoReport, 'user:default/ben');
    expect(rows.user?.gpus).toBe(4);
    expect(rows.tenants).toEqual([]);
  });

  it("finds a group's tenants, whatever the case of the reference", () => {
    const rows = ownerGpuRows(demoReport, 'group:default/Team-Vision');
    expect(rows.user).toBeUndefined();
    expect(rows.tenants.map(t => t.tenant)).toEqual(['team-a']);
  });

  it("finds a user's groups' tenants beside their own row", () => {
    const rows = ownerGpuRows(demoReport, 'user:default/ben', [
      'group:default/team-vision',
    ]);
    expect(rows.user?.gpus).toBe(4);
    expect(rows.tenants.map(t => t.tenant)).toEqual(['team-a']);
  });

  it('finds nothing for an owner without GPUs', () => {
    expect(ownerGpuRows(demoReport, 'user:default/cleo')).toEqual({
      user: undefined,
      tenants: [],
    });
  });
});
