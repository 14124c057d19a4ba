import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { QuotaForm } from './QuotaForm';
import { QuotaFormValues } from './quotaFormValues';

const gpuKeys = ['requests.nvidia.com/gpu', 'requests.nvidia.com/gpumem'];

function Harness(props: { initial: QuotaFormValues }) {
  const [values, setValues] = useState(props.initial);
  return (
    <QuotaForm
      values={values}
      errors={{}}
      gpuResourceKeys={gpuKeys}
      onChange={setValues}
    />
  );
}

describe('QuotaForm', () => {
  it('says on the field, as it is typed, that a GPU count must be whole', async () => {
    await renderInTestApp(<Harness initial={{ fields: {}, custom: [] }} />);
    await userEvent.type(screen.getByLabelText('gpu (count)'), '1.5');
    expect(screen.getByLabelText('gpu (count)')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      screen.getByText(/"1\.5" is not a whole number/),
    ).toBeInTheDocument();
  });

  it('tells to use requests.nvidia.com/gpu for a bare nvidia.com/gpu key', async () => {
    await renderInTestApp(<Harness initial={{ fields: {}, custom: [] }} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Add custom key' }),
    );
    await userEvent.type(screen.getByLabelText('Key'), 'nvidia.com/gpu');
    expect(screen.getByLabelText('Key')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      screen.getByText(
        'Kubernetes only enforces extended resources as requests.nvidia.com/gpu; use that key',
      ),
    ).toBeInTheDocument();
  });

  it('warns without marking the field invalid when limits.cpu is below requests.cpu', async () => {
    await renderInTestApp(
      <Harness
        initial={{
          fields: { 'requests.cpu': '8' },
          custom: [{ key: 'limits.cpu', value: '4' }],
        }}
      />,
    );
    expect(
      screen.getByText(/^Warning: 4 is below requests\.cpu 8/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Quantity')).toHaveAttribute(
      'aria-invalid',
      'false',
    );
    await userEvent.clear(screen.getByLabelText('Quantity'));
    await userEvent.type(screen.getByLabelText('Quantity'), '8');
    expect(screen.queryByText(/^Warning:/)).not.toBeInTheDocument();
  });
});
