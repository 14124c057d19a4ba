import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { TestApiProvider } from '@backstage/test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { fakeCatalogApi } from '../__testUtils__/catalog';
import { useOwnerSearch } from './useOwnerSearch';

function setup() {
  const catalogApi = fakeCatalogApi();
  const queryEntities = catalogApi.queryEntities;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      {children}
    </TestApiProvider>
  );
  return { queryEntities, wrapper };
}

describe('useOwnerSearch', () => {
  it('finds users and groups by name or display name, never other kinds', async () => {
    const { wrapper } = setup();
    const { result, rerender } = renderHook(
      ({ term }) => useOwnerSearch(term, true),
      { wrapper, initialProps: { term: 'vision' } },
    );
    await waitFor(() =>
      expect(result.current.options.map(o => o.ref)).toEqual([
        'group:default/team-vision',
      ]),
    );
    expect(result.current.options[0]).toMatchObject({
      kind: 'Group',
      displayName: 'Team Vision',
    });

    rerender({ term: 'okafor' });
    await waitFor(() =>
      expect(result.current.options.map(o => o.ref)).toEqual([
        'user:default/ben',
      ]),
    );
    expect(result.current.loading).toBe(false);
  });

  it('asks once typing stops, not per keystroke', async () => {
    const { queryEntities, wrapper } = setup();
    const { result, rerender } = renderHook(
      ({ term }) => useOwnerSearch(term, true),
      { wrapper, initialProps: { term: '' } },
    );
    await waitFor(() => expect(result.current.options).toHaveLength(4));
    const before = queryEntities.mock.calls.length;
    rerender({ term: 't' });
    rerender({ term: 'te' });
    rerender({ term: 'team' });
    expect(result.current.loading).toBe(true);
    await waitFor(() =>
      expect(result.current.options.map(o => o.name)).toEqual([
        'team-nlp',
        'team-vision',
      ]),
    );
    const terms = queryEntities.mock.calls
      .slice(before)
      .map(([request]) => (request as any)?.fullTextFilter?.term);
    expect(terms).toEqual(['team']);
  });

  it('asks nothing while disabled', async () => {
    const { queryEntities, wrapper } = setup();
    const { result } = renderHook(() => useOwnerSearch('ben', false), {
      wrapper,
    });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.options).toEqual([]);
    expect(queryEntities).not.toHaveBeenCalled();
  });
});
