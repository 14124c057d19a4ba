import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import { OcdpCluster } from '@ocdp/plugin-ocdp-common';
import { useId } from 'react';
import { QuotaForm } from '../../QuotaForm';
import { BindingFormErrors, BindingFormValues } from './bindingForm';

/** One cluster of a tenant: which cluster, its namespace and its quota. */
export const ClusterBindingFields = (props: {
  /** Names the cluster select, e.g. `Cluster 2`. */
  label: string;
  value: BindingFormValues;
  errors?: BindingFormErrors;
  clusters: OcdpCluster[];
  /** The namespace a blank field stands for, and a hint saying so. */
  namespacePlaceholder: string;
  namespaceHint: string;
  gpuResourceKeys: readonly string[];
  disabled?: boolean;
  onChange: (value: BindingFormValues) => void;
  onRemove?: () => void;
}) => {
  const { label, value, errors, clusters, gpuResourceKeys } = props;
  const { namespacePlaceholder, namespaceHint } = props;
  const { disabled, onChange, onRemove } = props;
  const idPrefix = useId();
  return (
    <Paper variant="outlined">
      <Box p={2} mb={2}>
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            <TextField
              id={`${idPrefix}-cluster`}
              select
              label={label}
              value={value.cluster}
              disabled={disabled}
              fullWidth
              required
              error={!!errors?.cluster}
              helperText={errors?.cluster}
              onChange={e => onChange({ ...value, cluster: e.target.value })}
            >
              {clusters.map(cluster => (
                <MenuItem key={cluster.name} value={cluster.name}>
                  {cluster.title}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12} sm={6}>
            <TextField
              id={`${idPrefix}-namespace`}
              label="Namespace"
              value={value.namespace}
              placeholder={namespacePlaceholder}
              disabled={disabled}
              fullWidth
              InputLabelProps={{ shrink: true }}
              error={!!errors?.namespace}
              helperText={errors?.namespace ?? namespaceHint}
              onChange={e => onChange({ ...value, namespace: e.target.value })}
            />
          </Grid>
        </Grid>
        <Box mt={2}>
          <QuotaForm
            values={value.quota}
            errors={errors?.quota ?? {}}
            gpuResourceKeys={gpuResourceKeys}
            disabled={disabled}
            onChange={quota => onChange({ ...value, quota })}
          />
        </Box>
        {onRemove && (
          <Box mt={1}>
            <Button size="small" disabled={disabled} onClick={onRemove}>
              Remove {label.toLocaleLowerCase('en-US')}
            </Button>
          </Box>
        )}
      </Box>
    </Paper>
  );
};
