import { ocdpPlugin } from './plugin';
import alphaPlugin from './alpha';

describe('ocdp frontend plugin', () => {
  it('exports the legacy plugin and the new-frontend-system plugin', () => {
    expect(ocdpPlugin.getId()).toBe('ocdp');
    expect(alphaPlugin.id ?? (alphaPlugin as any).pluginId).toBe('ocdp');
  });
});
