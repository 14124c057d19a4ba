import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useId } from 'react';
import { CustomQuotaRows } from './CustomQuotaRows';
import {
  QuotaField,
  STANDARD_QUOTA_FIELDS,
  gpuQuotaFields,
} from './quotaFields';
import { QuotaFormErrors } from './quotaFormToInput';
import { QuotaFormValues } from './quotaFormValues';

/** The quota of one cluster binding: fixed fields, one per GPU key, then custom keys. */
export const QuotaForm = (props: {
  values: QuotaFormValues;
  errors: QuotaFormErrors;
  gpuResourceKeys: readonly string[];
  disabled?: boolean;
  onChange: (values: QuotaFormValues) => void;
}) => {
  const { values, errors, gpuResourceKeys, disabled, onChange } = props;
  const idPrefix = useId();
  const fields: QuotaField[] = [
    ...STANDARD_QUOTA_FIELDS,
    ...gpuQuotaFields(gpuResourceKeys),
  ];

  return (
    <>
      <Grid container spacing={2}>
        {fields.map(field => (
          <Grid item xs={12} sm={6} key={field.key}>
            <TextField
              id={`${idPrefix}-${field.key}`}
              label={field.label}
              value={values.fields[field.key] ?? ''}
              placeholder={field.placeholder}
              disabled={disabled}
              fullWidth
              InputLabelProps={{ shrink: true }}
              error={!!errors[field.key]}
              helperText={errors[field.key] ?? field.helperText}
              onChange={e =>
                onChange({
                  ...values,
                  fields: { ...values.fields, [field.key]: e.target.value },
                })
              }
            />
          </Grid>
        ))}
      </Grid>
      <CustomQuotaRows
        rows={values.custom}
        errors={errors}
        disabled={disabled}
        onChange={custom => onChange({ ...values, custom })}
      />
      {errors.form && (
        <Typography variant="body2" color="error" role="alert">
          {errors.form}
        </Typography>
      )}
    </>
  );
};
