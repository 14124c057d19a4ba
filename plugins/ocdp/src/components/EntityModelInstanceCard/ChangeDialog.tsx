import { Progress } from '@backstage/core-components';
import { OcdpPrecheckReport } from '@ocdp/plugin-ocdp-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { useTheme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { ReactNode, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { errorMessage } from '../../utils/errorMessage';
import { DialogError } from '../QuotasPage/shared';
import { PrecheckReportView } from './PrecheckReportView';
import { RefusalMessage } from './RefusalMessage';

/** Full screen on phones, a normal dialog elsewhere. */
export function useDialogFullScreen(): boolean {
  const theme = useTheme();
  return useMediaQuery(theme.breakpoints.down('xs'));
}

/**
 * A change shown with its pre-flight report before it is applied. Applying is offered when the
 * report fits, or when the pre-flight itself could not run (the API checks again anyway); a
 * refusal from the API is shown with its message and reasons, and the dialog stays open.
 */
export const ChangeDialog = (props: {
  title: string;
  /** What will change, above the report. */
  summary?: ReactNode;
  precheck: () => Promise<OcdpPrecheckReport>;
  apply: () => Promise<void>;
  applyLabel: string;
  /** `Cancel` by default. */
  cancelLabel?: string;
  onClose: () => void;
  onApplied: () => void;
}) => {
  const { precheck, apply, onClose, onApplied } = props;
  const fullScreen = useDialogFullScreen();
  const preflight = useAsync(precheck, []);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<unknown>();

  const submit = async () => {
    setBusy(true);
    setRefusal(undefined);
    try {
      await apply();
      setBusy(false);
      onApplied();
    } catch (error) {
      setBusy(false);
      setRefusal(error);
    }
  };

  const report = preflight.value;
  const canApply =
    !busy &&
    !preflight.loading &&
    (preflight.error !== undefined || report?.ok);

  return (
    <Dialog open onClose={onClose} fullScreen={fullScreen} fullWidth>
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        <RefusalMessage error={refusal} />
        {props.summary && <Box mb={2}>{props.summary}</Box>}
        {preflight.loading && <Progress />}
        {preflight.error && (
          <DialogError
            message={`The pre-flight check could not run: ${errorMessage(
              preflight.error,
            )}. The change is checked again when applied.`}
          />
        )}
        {report && <PrecheckReportView report={report} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {props.cancelLabel ?? 'Cancel'}
        </Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!canApply}
          onClick={submit}
        >
          {props.applyLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
