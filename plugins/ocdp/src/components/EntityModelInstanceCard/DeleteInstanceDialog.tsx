import { useApi } from '@backstage/core-plugin-api';
import { OcdpInstance } from '@ocdp/plugin-ocdp-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { ocdpApiRef } from '../../api';
import { errorMessage } from '../../utils/errorMessage';
import { DialogError } from '../QuotasPage/shared';
import { useDialogFullScreen } from './ChangeDialog';

/** Deletes an instance once its name is typed. */
export const DeleteInstanceDialog = (props: {
  instance: OcdpInstance;
  onClose: () => void;
  onDeleted: () => void;
}) => {
  const { instance, onClose, onDeleted } = props;
  const ocdpApi = useApi(ocdpApiRef);
  const fullScreen = useDialogFullScreen();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const remove = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await ocdpApi.deleteInstance(instance.id);
      setBusy(false);
      onDeleted();
    } catch (error) {
      setBusy(false);
      setFailure(errorMessage(error));
    }
  };

  return (
    <Dialog open onClose={onClose} fullScreen={fullScreen}>
      <DialogTitle>Delete {instance.name}?</DialogTitle>
      <DialogContent>
        <DialogError message={failure} />
        <DialogContentText>
          This removes the HelmRelease from namespace {instance.namespace} on
          cluster {instance.cluster}: its pods stop and the catalog entity goes
          away. Type <strong>{instance.name}</strong> to confirm.
        </DialogContentText>
        <TextField
          id="ocdp-delete-instance-name"
          label="Instance name"
          value={typed}
          onChange={event => setTyped(event.target.value)}
          fullWidth
          inputProps={{ autoComplete: 'off', spellCheck: false }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={busy || typed !== instance.name}
          onClick={remove}
        >
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
};
