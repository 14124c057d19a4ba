import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { OcdpTenantBinding } from '@ocdp/plugin-ocdp-common';
import { useState } from 'react';
import { ocdpApiRef } from '../../../api';
import { useGpuResourceKeys } from '../../../hooks/useGpuResourceKeys';
import { errorMessage, errorStatus } from '../../../utils/errorMessage';
import {
  QuotaForm,
  QuotaFormErrors,
  quotaFormFromSpec,
  quotaFormToInput,
} from '../../QuotaForm';
import { DialogButtons, DialogError } from '../shared';
import { EditedBinding } from './editedBinding';

/**
 * Changes the quota of one binding, sending the version it was read at. When someone else
 * changed it first (HTTP 409) it shows the message and offers to reload the current quota.
 */
export const EditQuotaDialog = (props: {
  tenant: string;
  binding: EditedBinding;
  onClose: () => void;
  onSaved: (binding: OcdpTenantBinding) => void;
}) => {
  const { tenant, binding, onClose, onSaved } = props;
  const ocdpApi = useApi(ocdpApiRef);
  const gpuResourceKeys = useGpuResourceKeys();
  const [version, setVersion] = useState(binding.version);
  const [form, setForm] = useState(() =>
    quotaFormFromSpec(binding.quota, gpuResourceKeys),
  );
  const [errors, setErrors] = useState<QuotaFormErrors>({});
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const [stale, setStale] = useState(false);

  const save = async () => {
    const result = quotaFormToInput(form, gpuResourceKeys);
    setErrors(result.errors ?? {});
    if (!result.quota) {
      return;
    }
    setBusy(true);
    setSubmitError(undefined);
    try {
      const saved = await ocdpApi.updateQuota(
        tenant,
        binding.cluster,
        { quota: result.quota },
        version,
      );
      setBusy(false);
      onSaved(saved);
    } catch (error) {
      setBusy(false);
      setSubmitError(errorMessage(error));
      setStale(errorStatus(error) === 409);
    }
  };

  const reload = async () => {
    setBusy(true);
    try {
      const current = (await ocdpApi.getTenant(tenant)).bindings.find(
        b => b.cluster === binding.cluster,
      );
      if (current) {
        setVersion(current.version);
        setForm(quotaFormFromSpec(current.quota, gpuResourceKeys));
        setErrors({});
      }
      setSubmitError(undefined);
      setStale(false);
    } catch (error) {
      setSubmitError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" scroll="body">
      <DialogTitle>
        Quota of {tenant} on {binding.cluster}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          Namespace {binding.namespace}, version {version}
        </Typography>
        <DialogError
          message={submitError}
          action={
            stale && (
              <Button size="small" variant="outlined" onClick={reload}>
                Reload current quota
              </Button>
            )
          }
        />
        <QuotaForm
          values={form}
          errors={errors}
          gpuResourceKeys={gpuResourceKeys}
          disabled={busy}
          onChange={setForm}
        />
      </DialogContent>
      <DialogButtons
        busy={busy}
        onCancel={onClose}
        onConfirm={save}
        confirmLabel="Save"
      />
    </Dialog>
  );
};
