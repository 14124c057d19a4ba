import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useId, useMemo } from 'react';
import { CustomQuotaRows } from './CustomQuotaRows';
import { fieldHelperText } from './fieldHelperText';
import {
  QuotaField,
  STANDARD_QUOTA_FIELDS,
  gpuQuotaFields,
} from './quotaFields';
import { quotaFormErrors, quotaFormWarnings } from './quotaFormChecks';
import { QuotaFormErrors } from './quotaFormToInput';
import { QuotaFormValues } from './quotaFormValues';

/**
 * The quota of one cluster binding: fixed fields, one per GPU key, then custom keys. What the
 * API would refuse shows on its field as it is typed (`quotaFormErrors`), and so do warnings
 * (`quotaFormWarnings`); `errors.form` is the submit-time problem of the form as a whole.
 */
export const QuotaForm = (props: {
  values: QuotaFormValues;
  errors: QuotaFormErrors;
  gpuResourceKeys: readonly string[];
  disabled?: boolean;
  onChange: (values: QuotaFormValues) => void;
}) => {
  const { values, errors, gpuResourceKeys, disabled, onChange } = props;
  const idPrefix = useId();
  const live = useMemo(() => {
    const shown: QuotaFormErrors = quotaFormErrors(values);
    if (errors.form) {
      shown.form = errors.form;
    }
    return { errors: shown, warnings: quotaFormWarnings(values) };
  }, [values, errors.form]);
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
              error={!!live.errors[field.key]}
              helperText={fieldHelperText(
                live.errors[field.key],
                live.warnings[field.key],
                field.helperText,
              )}
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
        errors={live.errors}
        warnings={live.warnings}
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
