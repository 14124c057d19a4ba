import { Progress } from '@backstage/core-components';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useGpuResourceKeys } from '../../hooks/useGpuResourceKeys';
import {
  TenantClusterChoice,
  useTenantClusterChoices,
} from '../../hooks/useTenantClusterChoices';
import { errorMessage } from '../../utils/errorMessage';
import { bindingRows, describeQuotaLeft } from './quotaLeft';

/** The picker's value: a tenant and one of the clusters it has a namespace on. @public */
export interface OcdpTenantClusterValue {
  tenant: string;
  cluster: string;
}

const keyOf = (choice: { tenant: string; cluster: string }) =>
  `${choice.tenant}/${choice.cluster}`;

function quotaLine(
  choice: TenantClusterChoice,
  gpuResourceKeys: readonly string[],
): string {
  if (!choice.usage) {
    return choice.usageError
      ? `quota could not be read: ${choice.usageError}`
      : 'quota not read';
  }
  const left = describeQuotaLeft(
    bindingRows(choice.usage, gpuResourceKeys),
    gpuResourceKeys,
  );
  return choice.usage.live
    ? left
    : `${left} (stored quota; live use unknown: ${
        choice.usage.liveError ?? 'not applied yet'
      })`;
}

/**
 * Scaffolder field `OcdpTenantClusterPicker`: the tenants the user may deploy into × their
 * clusters, each with what is left of its quota. Value: `{ tenant, cluster }`.
 */
export const OcdpTenantClusterPicker = (
  props: FieldExtensionComponentProps<OcdpTenantClusterValue>,
) => {
  const { formData, onChange, rawErrors, required, schema, idSchema } = props;
  const gpuResourceKeys = useGpuResourceKeys();
  const { value: choices = [], loading, error } = useTenantClusterChoices();
  const selected = formData?.tenant && formData?.cluster ? keyOf(formData) : '';
  const chosen = choices.find(c => keyOf(c) === selected);
  const id = idSchema?.$id ?? 'ocdp-tenant-cluster';

  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={Boolean(rawErrors?.length) || Boolean(error)}
    >
      <TextField
        id={id}
        select
        required={required}
        label={schema?.title ?? 'Tenant and cluster'}
        value={selected}
        fullWidth
        SelectProps={{
          renderValue: value =>
            value ? String(value).replace('/', ' on ') : '',
        }}
        onChange={event => {
          const choice = choices.find(c => keyOf(c) === event.target.value);
          if (choice) {
            onChange({ tenant: choice.tenant, cluster: choice.cluster });
          }
        }}
      >
        {choices.map(choice => (
          <MenuItem key={keyOf(choice)} value={keyOf(choice)}>
            <ListItemText
              primary={`${choice.tenant} on ${choice.cluster}${
                choice.personal ? ' (personal)' : ''
              }`}
              secondary={quotaLine(choice, gpuResourceKeys)}
            />
          </MenuItem>
        ))}
        {/* a value the list does not have (yet) stays shown */}
        {selected && !chosen && (
          <MenuItem value={selected}>{selected.replace('/', ' on ')}</MenuItem>
        )}
      </TextField>
      {loading && <Progress />}
      {error && (
        <FormHelperText error>
          Your tenants could not be read: {errorMessage(error)}
        </FormHelperText>
      )}
      {!loading && !error && choices.length === 0 && (
        <FormHelperText error>
          You belong to no tenant with a namespace on a cluster. Ask a platform
          admin for one.
        </FormHelperText>
      )}
      {chosen && (
        <Typography variant="body2" color="textSecondary" role="status">
          Namespace {chosen.namespace}: {quotaLine(chosen, gpuResourceKeys)}
        </Typography>
      )}
      {!chosen && schema?.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
    </FormControl>
  );
};

/** Scaffolder validation: both parts are set. */
export function validateTenantCluster(
  value: OcdpTenantClusterValue | undefined,
  validation: { addError: (message: string) => void },
) {
  if (!value?.tenant || !value?.cluster) {
    validation.addError('Choose a tenant and a cluster');
  }
}
