import { useApi } from '@backstage/core-plugin-api';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import { OcdpTenant } from '@ocdp/plugin-ocdp-common';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../../../api';
import { useGpuResourceKeys } from '../../../hooks/useGpuResourceKeys';
import { errorMessage } from '../../../utils/errorMessage';
import { DialogButtons, DialogError } from '../shared';
import {
  CreateTenantFormErrors,
  CreateTenantFormValues,
  emptyCreateTenantForm,
  tenantNameError,
  toCreateTenantRequest,
  withFirstCluster,
} from './createTenantForm';
import { OwnerPicker } from '../../OwnerPicker';
import { TenantBindingsFields } from './TenantBindingsFields';

/** Creates a tenant with a namespace and quota on one or more clusters. */
export const CreateTenantDialog = (props: {
  open: boolean;
  onClose: () => void;
  onCreated: (tenant: OcdpTenant) => void;
}) => {
  const { open, onClose, onCreated } = props;
  const ocdpApi = useApi(ocdpApiRef);
  const gpuResourceKeys = useGpuResourceKeys();
  const clusters = useAsync(
    async () => (open ? ocdpApi.listClusters() : []),
    [ocdpApi, open],
  );
  const [form, setForm] = useState<CreateTenantFormValues>(
    emptyCreateTenantForm,
  );
  const [errors, setErrors] = useState<CreateTenantFormErrors>({
    bindings: [],
  });
  const [submitting, setSubmitting] = useState(false);
  const firstCluster = clusters.value?.[0]?.name;
  useEffect(() => {
    if (firstCluster) {
      setForm(current => withFirstCluster(current, firstCluster));
    }
  }, [firstCluster]);
  const [submitError, setSubmitError] = useState<string>();

  const close = () => {
    setForm(emptyCreateTenantForm());
    setErrors({ bindings: [] });
    setSubmitError(undefined);
    onClose();
  };

  const submit = async () => {
    const checked = toCreateTenantRequest(form, gpuResourceKeys);
    if (checked.errors) {
      setErrors(checked.errors);
      return;
    }
    setErrors({ bindings: [] });
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const tenant = await ocdpApi.createTenant(checked.request);
      setSubmitting(false);
      close();
      onCreated(tenant);
    } catch (error) {
      setSubmitting(false);
      setSubmitError(errorMessage(error));
    }
  };

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="md" scroll="body">
      <DialogTitle>Create tenant</DialogTitle>
      <DialogContent>
        <DialogError message={submitError} />
        <DialogError message={clusters.error && errorMessage(clusters.error)} />
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            <TextField
              id="ocdp-create-tenant-name"
              label="Name"
              value={form.name}
              required
              fullWidth
              disabled={submitting}
              error={!!errors.name}
              helperText={
                errors.name ??
                'Lowercase letters, digits and "-" (a DNS label), e.g. team-vision'
              }
              onChange={e => setForm({ ...form, name: e.target.value })}
              onBlur={() =>
                setErrors({
                  ...errors,
                  name: form.name ? tenantNameError(form.name) : undefined,
                })
              }
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <OwnerPicker
              value={form.owner}
              required
              disabled={submitting}
              error={errors.owner}
              helperText="A user or group from the catalog"
              onChange={owner => setForm({ ...form, owner })}
            />
          </Grid>
        </Grid>
        <TenantBindingsFields
          bindings={form.bindings}
          errors={errors.bindings}
          listError={errors.clusters}
          clusters={clusters.value ?? []}
          clustersLoading={clusters.loading}
          tenantName={form.name}
          gpuResourceKeys={gpuResourceKeys}
          disabled={submitting}
          onChange={bindings => setForm({ ...form, bindings })}
        />
      </DialogContent>
      <DialogButtons
        busy={submitting}
        onCancel={close}
        onConfirm={submit}
        confirmLabel="Create"
      />
    </Dialog>
  );
};
