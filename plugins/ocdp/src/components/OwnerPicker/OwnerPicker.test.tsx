import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { fakeCatalogApi } from '../../__testUtils__/catalog';
import { OwnerChoice, OwnerPicker } from './OwnerPicker';

function Harness(props: { onChange: (value: OwnerChoice) => void }) {
  const [value, setValue] = useState<OwnerChoice>({ text: '' });
  return (
    <OwnerPicker
      value={value}
      helperText="A user or group from the catalog"
      onChange={next => {
        setValue(next);
        props.onChange(next);
      }}
    />
  );
}

async function renderPicker() {
  const catalogApi = fakeCatalogApi();
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <Harness onChange={onChange} />
    </TestApiProvider>,
  );
  return { catalogApi, onChange, input: screen.getByRole('combobox') };
}

describe('OwnerPicker', () => {
  it('finds users and groups by display name and shows their kind', async () => {
    const { catalogApi, onChange, input } = await renderPicker();
    await userEvent.type(input, 'okafor');
    // The first owners are listed at once; the search narrows them once typing stops.
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    const option = screen.getByRole('option', { name: /Ben Okafor/ });
    expect(option).toHaveTextContent('User · ben');

    await userEvent.click(option);
    expect(input).toHaveValue('Ben Okafor');
    expect(screen.getByText('User user:default/ben')).toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith({
      text: 'Ben Okafor',
      picked: {
        ref: 'user:default/ben',
        kind: 'User',
        name: 'ben',
        displayName: 'Ben Okafor',
      },
    });
    const lastQuery = catalogApi.queryEntities.mock.calls.at(-1)?.[0];
    expect(lastQuery).toMatchObject({
      filter: { kind: ['User', 'Group'] },
      fields: expect.arrayContaining(['spec.profile.displayName']),
    });
  });

  it('picks with the keyboard and never lists other kinds', async () => {
    const { input } = await renderPicker();
    await userEvent.type(input, 'vision');
    await waitFor(() =>
      expect(
        within(screen.getByRole('listbox'))
          .getAllByRole('option')
          .map(o => o.textContent),
      ).toEqual(['Team VisionGroup · team-vision']),
    );
    await userEvent.keyboard('{ArrowDown}');
    const option = screen.getByRole('option', { name: /Team Vision/ });
    expect(option).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', option.id);
    await userEvent.keyboard('{Enter}');
    expect(input).toHaveValue('Team Vision');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });

  it('clears the pick when the text changes again', async () => {
    const { onChange, input } = await renderPicker();
    await userEvent.type(input, 'ada');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    await userEvent.click(screen.getByRole('option', { name: /Ada Lovelace/ }));
    await userEvent.type(input, 'x');
    expect(onChange).toHaveBeenLastCalledWith({ text: 'Ada Lovelacex' });
    expect(
      await screen.findByText('No user or group matches'),
    ).toBeInTheDocument();
  });
});
