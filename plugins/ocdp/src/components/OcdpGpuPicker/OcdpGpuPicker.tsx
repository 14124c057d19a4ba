import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../../api';
import { useGpuResourceKeys } from '../../hooks/useGpuResourceKeys';
import { errorMessage } from '../../utils/errorMessage';
import { bindingRows } from '../OcdpTenantClusterPicker/quotaLeft';
import { GpuChoice, gpuChoiceProblems, gpuChoices } from './gpuChoices';

/** The picker's value: the GPU resource, its model when chosen, and how many per replica. @public */
export interface OcdpGpuValue {
  resource: string;
  product?: string;
  count: number;
}

/** `ui:options` of the GPU picker. @public */
export type OcdpGpuPickerOptions = {
  /** The form field holding `{ tenant, cluster }` (default `placement`). */
  placementField?: string;
  /** The form field holding the replica count (default `replicas`). */
  replicasField?: string;
};

const choiceKey = (choice: { resource: string; product?: string }) =>
  `${choice.resource}|${choice.product ?? ''}`;

function placementFrom(
  formData: Record<string, unknown> | undefined,
  field: string,
): { tenant: string; cluster: string } | undefined {
  const value = formData?.[field] as
    | { tenant?: unknown; cluster?: unknown }
    | undefined;
  return typeof value?.tenant === 'string' && typeof value?.cluster === 'string'
    ? { tenant: value.tenant, cluster: value.cluster }
    : undefined;
}

/** The cluster's GPU kinds and the tenant's quota rows on it. */
function useGpuPickerData(placement?: { tenant: string; cluster: string }) {
  const ocdpApi = useApi(ocdpApiRef);
  const gpuResourceKeys = useGpuResourceKeys();
  const tenant = placement?.tenant;
  const cluster = placement?.cluster;
  const report = useAsync(
    async () => (cluster ? ocdpApi.getClusterGpu(cluster) : undefined),
    [ocdpApi, cluster],
  );
  const quota = useAsync(async () => {
    if (!tenant || !cluster) {
      return undefined;
    }
    const usage = await ocdpApi.getTenantUsage(tenant);
    const binding = usage.bindings.find(b => b.cluster === cluster);
    return binding ? bindingRows(binding, gpuResourceKeys) : undefined;
  }, [ocdpApi, tenant, cluster, gpuResourceKeys]);
  const choices = useMemo(
    () => (report.value ? gpuChoices(report.value) : []),
    [report.value],
  );
  return { report, quota, choices };
}

const ChoiceLabel = (props: { choice: GpuChoice; problems: string[] }) => (
  <span>
    <Typography variant="body1" component="span">
      {props.choice.label}
    </Typography>
    <Typography variant="body2" color="textSecondary" component="span">
      {` — ${props.choice.free} of ${props.choice.allocatable} free`}
    </Typography>
    {props.problems.length > 0 && (
      <Typography variant="body2" color="error" component="span">
        {` — would not fit: ${props.problems.join('; ')}`}
      </Typography>
    )}
  </span>
);

/**
 * Scaffolder field `OcdpGpuPicker`: the GPU models and MIG profiles of the cluster chosen in
 * the placement field, with free counts; choices the tenant's quota or the free GPUs would not
 * fit are marked and explained (still selectable: the pre-flight step has the last word).
 * Value: `{ resource, product?, count }`.
 */
export const OcdpGpuPicker = (
  props: FieldExtensionComponentProps<OcdpGpuValue, OcdpGpuPickerOptions>,
) => {
  const { formData, onChange, rawErrors, required, schema, uiSchema } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const form = props.formContext?.formData as
    | Record<string, unknown>
    | undefined;
  const placement = placementFrom(form, options.placementField ?? 'placement');
  const replicasValue = form?.[options.replicasField ?? 'replicas'];
  const replicas =
    typeof replicasValue === 'number' && replicasValue > 0 ? replicasValue : 1;
  const { report, quota, choices } = useGpuPickerData(placement);
  const count = formData?.count ?? 1;
  const needed = count * replicas;
  const selected = formData?.resource ? choiceKey(formData) : '';

  const choose = (choice: GpuChoice, nextCount: number) =>
    onChange({
      resource: choice.resource,
      ...(choice.product ? { product: choice.product } : {}),
      count: nextCount,
    });
  const current = choices.find(c => choiceKey(c) === selected);

  if (!placement) {
    return (
      <FormControl margin="normal" fullWidth>
        <FormLabel>{schema?.title ?? 'GPUs'}</FormLabel>
        <FormHelperText>Choose a tenant and a cluster first.</FormHelperText>
      </FormControl>
    );
  }

  return (
    <FormControl
      component="fieldset"
      margin="normal"
      fullWidth
      required={required}
      error={Boolean(rawErrors?.length)}
    >
      <FormLabel component="legend">
        {schema?.title ?? 'GPUs'} on {placement.cluster}
      </FormLabel>
      {(report.loading || quota.loading) && <Progress />}
      {report.error && (
        <FormHelperText error>
          The cluster's GPUs could not be read: {errorMessage(report.error)}
        </FormHelperText>
      )}
      {quota.error && (
        <FormHelperText>
          The quota of {placement.tenant} could not be read:{' '}
          {errorMessage(quota.error)}
        </FormHelperText>
      )}
      {report.value && choices.length === 0 && (
        <FormHelperText error>This cluster has no GPUs.</FormHelperText>
      )}
      <RadioGroup
        aria-label="GPU type"
        value={selected}
        onChange={event => {
          const choice = choices.find(c => choiceKey(c) === event.target.value);
          if (choice) {
            choose(choice, count);
          }
        }}
      >
        {choices.map(choice => (
          <FormControlLabel
            key={choiceKey(choice)}
            value={choiceKey(choice)}
            control={<Radio />}
            label={
              <ChoiceLabel
                choice={choice}
                problems={gpuChoiceProblems(choice, needed, quota.value)}
              />
            }
          />
        ))}
      </RadioGroup>
      <TextField
        id={`${props.idSchema?.$id ?? 'ocdp-gpu'}-count`}
        label="GPUs per replica"
        type="number"
        value={count}
        inputProps={{ min: 1, max: 8 }}
        style={{ maxWidth: 200 }}
        disabled={!current && !formData?.resource}
        onChange={event => {
          const next = Math.max(0, Math.floor(Number(event.target.value)));
          if (formData?.resource && Number.isFinite(next)) {
            onChange({ ...formData, count: next });
          }
        }}
      />
      <FormHelperText>
        {replicas} replica{replicas === 1 ? '' : 's'} × {count} = {needed}{' '}
        needed. {schema?.description ?? ''}
      </FormHelperText>
    </FormControl>
  );
};

/** Scaffolder validation: a GPU kind and a whole count of at least 1. */
export function validateGpu(
  value: OcdpGpuValue | undefined,
  validation: { addError: (message: string) => void },
) {
  if (!value?.resource) {
    validation.addError('Choose a GPU type');
  } else if (!Number.isInteger(value.count) || value.count < 1) {
    validation.addError('The GPU count must be a whole number of at least 1');
  }
}
