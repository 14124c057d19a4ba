import { useApi } from '@backstage/core-plugin-api';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { useState } from 'react';
import { ocdpApiRef } from '../../../api';
import { errorMessage } from '../../../utils/errorMessage';
import { DialogButtons, DialogError } from '../shared';

/** Asks before deleting a tenant; the backend refuses (409) while it owns model instances. */
export const DeleteTenantDialog = (props: {
  tenant: string;
  onClose: () => void;
  onDeleted: () => void;
}) => {
  const { tenant, onClose, onDeleted } = props;
  const ocdpApi = useApi(ocdpApiRef);
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<string>();

  const remove = async () => {
    setBusy(true);
    setSubmitError(undefined);
    try {
      await ocdpApi.deleteTenant(tenant);
      setBusy(false);
      onDeleted();
    } catch (error) {
      setBusy(false);
      setSubmitError(errorMessage(error));
    }
  };

  return (
    <Dialog open onClose={onClose}>
      <DialogTitle>Delete tenant {tenant}?</DialogTitle>
      <DialogContent>
        <DialogError message={submitError} />
        <DialogContentText>
          This removes the tenant and its quota on every cluster. A tenant that
          still owns model instances cannot be deleted.
        </DialogContentText>
      </DialogContent>
      <DialogButtons
        busy={busy}
        onCancel={onClose}
        onConfirm={remove}
        confirmLabel="Delete"
        confirmColor="secondary"
      />
    </Dialog>
  );
};
