import { pageRangeText } from './TenantPager';

describe('pageRangeText', () => {
  it('says which tenants of how many are shown', () => {
    expect(pageRangeText(0, 50, 50, 123)).toBe('1–50 of 123');
    expect(pageRangeText(2, 50, 23, 123)).toBe('101–123 of 123');
    expect(pageRangeText(0, 20, 0, 0)).toBe('0 of 0');
  });
});
