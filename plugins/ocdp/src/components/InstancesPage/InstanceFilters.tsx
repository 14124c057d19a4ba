import { OcdpInstanceListQuery } from '@ocdp/plugin-ocdp-common';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

const ALL = '';

export const INSTANCE_STATUSES = [
  'pending',
  'deploying',
  'ready',
  'failed',
  'missing',
] as const;

const FilterSelect = (props: {
  id: string;
  label: string;
  allLabel: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
}) => (
  <Box flex="1 1 160px" minWidth={0}>
    <TextField
      id={props.id}
      select
      label={props.label}
      value={props.value}
      fullWidth
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
      onChange={e => props.onChange(e.target.value)}
    >
      <MenuItem value={ALL}>{props.allLabel}</MenuItem>
      {props.options.map(option => (
        <MenuItem key={option} value={option}>
          {option}
        </MenuItem>
      ))}
      {/* a value from the address stays shown even when no option has it */}
      {props.value && !props.options.includes(props.value) && (
        <MenuItem value={props.value}>{props.value}</MenuItem>
      )}
    </TextField>
  </Box>
);

/** Tenant, cluster and status filters of the Instances page. */
export const InstanceFilters = (props: {
  query: OcdpInstanceListQuery;
  tenants: string[];
  clusters: string[];
  onChange: (query: OcdpInstanceListQuery) => void;
}) => {
  const { query, onChange } = props;
  const set = (name: keyof OcdpInstanceListQuery) => (value: string) =>
    onChange({ ...query, [name]: value || undefined });
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
      <FilterSelect
        id="ocdp-instances-tenant"
        label="Tenant"
        allLabel="All tenants"
        value={query.tenant ?? ALL}
        options={props.tenants}
        onChange={set('tenant')}
      />
      <FilterSelect
        id="ocdp-instances-cluster"
        label="Cluster"
        allLabel="All clusters"
        value={query.cluster ?? ALL}
        options={props.clusters}
        onChange={set('cluster')}
      />
      <FilterSelect
        id="ocdp-instances-status"
        label="Status"
        allLabel="Any status"
        value={query.status ?? ALL}
        options={INSTANCE_STATUSES}
        onChange={set('status')}
      />
    </Box>
  );
};
