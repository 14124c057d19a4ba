import { useApi } from '@backstage/core-plugin-api';
import {
  dumpValuesYaml,
  mergeValues,
  OcdpInstanceDetails,
  Values,
} from '@ocdp/plugin-ocdp-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { useMemo, useState } from 'react';
import { ocdpApiRef } from '../../api';
import { DialogError } from '../QuotasPage/shared';
import { ChangeDialog, useDialogFullScreen } from './ChangeDialog';
import { ChangedKeys } from './ChangedKeys';
import { parseValuesYaml } from './parseValuesYaml';
import { describeDelta, valuesDelta } from './valuesDelta';

/**
 * Edit values as YAML; review shows the changed keys and the upgrade's pre-flight report, and
 * applying sends only the changed keys (merged onto the current values by the API).
 */
export const EditValuesDialog = (props: {
  instance: OcdpInstanceDetails;
  onClose: () => void;
  onApplied: () => void;
}) => {
  const { instance, onClose, onApplied } = props;
  const ocdpApi = useApi(ocdpApiRef);
  const fullScreen = useDialogFullScreen();
  const original = useMemo(
    () => dumpValuesYaml(instance.values),
    [instance.values],
  );
  const [text, setText] = useState(original);
  const [problem, setProblem] = useState<string>();
  const [delta, setDelta] = useState<Values>();

  const review = () => {
    const parsed = parseValuesYaml(text);
    if ('error' in parsed) {
      setProblem(parsed.error);
      return;
    }
    const changed = valuesDelta(instance.values, parsed.values);
    if (Object.keys(changed).length === 0) {
      setProblem('Nothing changed.');
      return;
    }
    setProblem(undefined);
    setDelta(changed);
  };

  if (delta) {
    return (
      <ChangeDialog
        title={`Change values of ${instance.name}?`}
        summary={
          <ChangedKeys changes={describeDelta(instance.values, delta)} />
        }
        precheck={() =>
          ocdpApi.precheck({
            tenant: instance.tenant,
            cluster: instance.cluster,
            operation: 'upgrade',
            release: instance.name,
            profile: instance.profile,
            values: mergeValues(instance.values, undefined, delta),
          })
        }
        apply={async () => {
          await ocdpApi.changeInstanceValues(
            instance.id,
            delta,
            instance.version,
          );
        }}
        applyLabel="Apply"
        cancelLabel="Back"
        onClose={() => setDelta(undefined)}
        onApplied={onApplied}
      />
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      fullScreen={fullScreen}
      fullWidth
      maxWidth="md"
    >
      <DialogTitle>Edit values of {instance.name}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          The chart values the instance runs with. Only the keys you change are
          sent; each change is checked by the pre-flight first.
        </DialogContentText>
        <DialogError message={problem} />
        <TextField
          id="ocdp-instance-values"
          label="Values (YAML)"
          value={text}
          onChange={event => {
            setText(event.target.value);
            setProblem(undefined);
          }}
          multiline
          minRows={12}
          maxRows={30}
          fullWidth
          variant="outlined"
          inputProps={{
            spellCheck: false,
            style: { fontFamily: 'monospace', fontSize: 13 },
          }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="primary" variant="contained" onClick={review}>
          Review changes
        </Button>
      </DialogActions>
    </Dialog>
  );
};
