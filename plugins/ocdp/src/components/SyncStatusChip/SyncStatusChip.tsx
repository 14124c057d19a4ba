import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { OcdpSyncStatus } from '@ocdp/plugin-ocdp-common';

const COLORS: Record<OcdpSyncStatus, 'primary' | 'default' | 'secondary'> = {
  synced: 'primary',
  pending: 'default',
  error: 'secondary',
};

/** A binding's sync status; an error shows the last error on hover. */
export const SyncStatusChip = (props: {
  status: OcdpSyncStatus;
  lastError?: string;
}) => {
  const { status, lastError } = props;
  const chip = (
    <Chip
      size="small"
      label={status}
      color={COLORS[status]}
      variant={status === 'synced' ? 'outlined' : 'default'}
    />
  );
  if (status !== 'error' || !lastError) {
    return chip;
  }
  return (
    <Tooltip title={lastError}>
      <span aria-label={`sync error: ${lastError}`}>{chip}</span>
    </Tooltip>
  );
};
