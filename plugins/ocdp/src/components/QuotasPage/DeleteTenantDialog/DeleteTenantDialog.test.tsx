import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockOcdpApi } from '../../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../../__testUtils__/permissions';
import { renderWithOcdp } from '../../../__testUtils__/renderWithOcdp';
import { DeleteTenantDialog } from './DeleteTenantDialog';

async function conflict(message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ConflictError', message },
        response: { statusCode: 409 },
      }),
      { status: 409, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('DeleteTenantDialog', () => {
  it('deletes the tenant and says so', async () => {
    const ocdpApi = mockOcdpApi({ deleteTenant: jest.fn(async () => {}) });
    const onDeleted = jest.fn();
    await renderWithOcdp(
      <DeleteTenantDialog
        tenant="vision"
        onClose={jest.fn()}
        onDeleted={onDeleted}
      />,
      { ocdpApi, permissionApi: denyAllPermissions() },
    );
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByText('Delete tenant vision?'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() => expect(onDeleted).toHaveBeenCalledTimes(1));
    expect(ocdpApi.deleteTenant).toHaveBeenCalledWith('vision');
  });

  it('shows the refusal and stays open', async () => {
    const message = 'tenant "vision" still owns 2 model instance(s)';
    const error = await conflict(message);
    const ocdpApi = mockOcdpApi({
      deleteTenant: jest.fn(() => Promise.reject(error)),
    });
    const onDeleted = jest.fn();
    await renderWithOcdp(
      <DeleteTenantDialog
        tenant="vision"
        onClose={jest.fn()}
        onDeleted={onDeleted}
      />,
      { ocdpApi, permissionApi: denyAllPermissions() },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(screen.getByRole('button', { name: 'Delete' })).toBeEnabled();
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it('cancels without deleting', async () => {
    const ocdpApi = mockOcdpApi();
    const onClose = jest.fn();
    await renderWithOcdp(
      <DeleteTenantDialog
        tenant="vision"
        onClose={onClose}
        onDeleted={jest.fn()}
      />,
      { ocdpApi, permissionApi: denyAllPermissions() },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
