import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { QuotaUsageRow } from '@ocdp/plugin-ocdp-common';
import { quotaKeyLabel } from '../../utils/quotaKeyLabel';
import { describeAvailable, describeUsage } from './describeUsage';

/** One resource of a quota: its name, `used / hard`, a bar, and optionally what is left. */
export const QuotaUsageBar = (props: {
  row: QuotaUsageRow;
  gpuResourceKeys: readonly string[];
  showAvailable?: boolean;
}) => {
  const { row, gpuResourceKeys, showAvailable } = props;
  const label = quotaKeyLabel(row.key, gpuResourceKeys);
  const available = showAvailable ? describeAvailable(row) : undefined;
  const percent = row.fraction === null ? 0 : Math.round(row.fraction * 100);
  return (
    <Box mb={1.5}>
      <Box
        display="flex"
        flexWrap="wrap"
        justifyContent="space-between"
        style={{ gap: 8 }}
      >
        <Typography variant="body2" title={row.key}>
          {label}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {describeUsage(row)}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={percent}
        color={percent >= 90 ? 'secondary' : 'primary'}
        aria-label={`${label} usage`}
      />
      {available && (
        <Typography variant="caption" color="textSecondary">
          {available}
        </Typography>
      )}
    </Box>
  );
};
