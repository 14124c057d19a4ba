import { fireEvent, screen } from '@testing-library/react';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { KubeconfigButton } from './KubeconfigButton';

describe('KubeconfigButton', () => {
  const createObjectURL = jest.fn(() => 'blob:kubeconfig');
  const revokeObjectURL = jest.fn();

  beforeEach(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  it('saves the kubeconfig as a file and says until when the token works', async () => {
    const ocdpApi = mockOcdpApi({
      downloadKubeconfig: jest.fn(async () => ({
        kubeconfig: 'apiVersion: v1\n',
        expiresAt: '2026-11-30T08:00:00.000Z',
      })),
    });
    const clicked: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicked.push(this.download);
      });
    await renderWithOcdp(<KubeconfigButton tenant="vision" cluster="demo" />, {
      ocdpApi,
      permissionApi: denyAllPermissions(),
    });
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Download a kubeconfig for vision on demo',
      }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'token valid until',
    );
    expect(ocdpApi.downloadKubeconfig).toHaveBeenCalledWith('vision', 'demo');
    expect(clicked).toEqual(['kubeconfig-vision-demo.yaml']);
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:kubeconfig');
    click.mockRestore();
  });

  it("shows the API's message when no token is issued", async () => {
    const ocdpApi = mockOcdpApi({
      downloadKubeconfig: jest.fn(async () => {
        throw new Error(
          'the namespace is pending; try again once it is synced',
        );
      }),
    });
    await renderWithOcdp(<KubeconfigButton tenant="vision" cluster="lab" />, {
      ocdpApi,
      permissionApi: denyAllPermissions(),
    });
    fireEvent.click(screen.getByRole('button'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'try again once it is synced',
    );
  });

  it('is disabled until the binding is synced', async () => {
    await renderWithOcdp(
      <KubeconfigButton tenant="vision" cluster="lab" disabled />,
      { ocdpApi: mockOcdpApi({}), permissionApi: denyAllPermissions() },
    );
    expect(screen.getByRole('button')).toBeDisabled();
  });
});
