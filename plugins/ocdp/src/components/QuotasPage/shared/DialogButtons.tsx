import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';

/** Cancel and the dialog's action button, both disabled while a request runs. */
export const DialogButtons = (props: {
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  confirmLabel: string;
  confirmColor?: 'primary' | 'secondary';
}) => (
  <DialogActions>
    <Button onClick={props.onCancel} disabled={props.busy}>
      Cancel
    </Button>
    <Button
      color={props.confirmColor ?? 'primary'}
      variant="contained"
      disabled={props.busy}
      onClick={props.onConfirm}
    >
      {props.confirmLabel}
    </Button>
  </DialogActions>
);
