import { useApi } from '@backstage/core-plugin-api';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import {
  OcdpCluster,
  OcdpTenant,
  OcdpTenantBinding,
} from '@ocdp/plugin-ocdp-common';
import { useState } from 'react';
import { ocdpApiRef } from '../../../api';
import { useGpuResourceKeys } from '../../../hooks/useGpuResourceKeys';
import { errorMessage } from '../../../utils/errorMessage';
import {
  BindingFormErrors,
  checkBindingForm,
  ClusterBindingFields,
  DialogButtons,
  DialogError,
  emptyBindingForm,
} from '../shared';
import { namespaceDefault } from './namespaceDefault';

/**
 * Binds an existing tenant to one more cluster: a new namespace there with its quota. Sent
 * without a version, which makes the backend create the binding.
 */
export const AddClusterDialog = (props: {
  tenant: OcdpTenant;
  /** The clusters the tenant is not on yet. */
  clusters: OcdpCluster[];
  onClose: () => void;
  onAdded: (binding: OcdpTenantBinding) => void;
}) => {
  const { tenant, clusters, onClose, onAdded } = props;
  const ocdpApi = useApi(ocdpApiRef);
  const gpuResourceKeys = useGpuResourceKeys();
  const [form, setForm] = useState(() => emptyBindingForm(clusters[0]?.name));
  const [errors, setErrors] = useState<BindingFormErrors>({ quota: {} });
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const namespace = namespaceDefault(tenant);

  const save = async () => {
    const checked = checkBindingForm(form, gpuResourceKeys);
    setErrors(checked.errors);
    if (!checked.input) {
      return;
    }
    const { cluster, ...request } = checked.input;
    setBusy(true);
    setSubmitError(undefined);
    try {
      const binding = await ocdpApi.updateQuota(
        tenant.name,
        cluster,
        request,
        undefined,
      );
      setBusy(false);
      onAdded(binding);
    } catch (error) {
      setBusy(false);
      setSubmitError(errorMessage(error));
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" scroll="body">
      <DialogTitle>Add a cluster to {tenant.name}</DialogTitle>
      <DialogContent>
        <DialogError message={submitError} />
        <ClusterBindingFields
          label="Cluster"
          value={form}
          errors={errors}
          clusters={clusters}
          namespacePlaceholder={namespace.placeholder}
          namespaceHint={namespace.hint}
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
