import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { useId } from 'react';
import { fieldHelperText } from './fieldHelperText';
import { QuotaFormErrors } from './quotaFormToInput';
import { CustomQuotaRow } from './quotaFormValues';

/** Rows of ResourceQuota key + quantity for keys the form has no field for. */
export const CustomQuotaRows = (props: {
  rows: CustomQuotaRow[];
  errors: QuotaFormErrors;
  /** Warnings by field, shown as helper text that does not block. */
  warnings: QuotaFormErrors;
  disabled?: boolean;
  onChange: (rows: CustomQuotaRow[]) => void;
}) => {
  const { rows, errors, warnings, disabled, onChange } = props;
  const idPrefix = useId();
  const update = (index: number, change: Partial<CustomQuotaRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  return (
    <Box mt={1}>
      <Typography variant="subtitle2">Custom keys</Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        Any ResourceQuota key, e.g. pods or count/deployments.apps, with a
        Kubernetes quantity. Blank = unlimited.
      </Typography>
      {rows.map((row, index) => (
        <Grid container spacing={1} alignItems="flex-start" key={index}>
          <Grid item xs={12} sm={6}>
            <TextField
              id={`${idPrefix}-${index}-key`}
              label="Key"
              value={row.key}
              disabled={disabled}
              fullWidth
              margin="dense"
              error={!!errors[`custom.${index}.key`]}
              helperText={errors[`custom.${index}.key`]}
              onChange={e => update(index, { key: e.target.value })}
            />
          </Grid>
          <Grid item xs={10} sm={5}>
            <TextField
              id={`${idPrefix}-${index}-value`}
              label="Quantity"
              value={row.value}
              disabled={disabled}
              fullWidth
              margin="dense"
              placeholder="unlimited"
              error={!!errors[`custom.${index}.value`]}
              helperText={fieldHelperText(
                errors[`custom.${index}.value`],
                warnings[`custom.${index}.value`],
              )}
              onChange={e => update(index, { value: e.target.value })}
            />
          </Grid>
          <Grid item xs={2} sm={1}>
            <IconButton
              aria-label={`Remove custom key ${index + 1}`}
              disabled={disabled}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              <DeleteIcon />
            </IconButton>
          </Grid>
        </Grid>
      ))}
      <Button
        size="small"
        startIcon={<AddIcon />}
        disabled={disabled}
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        Add custom key
      </Button>
    </Box>
  );
};
