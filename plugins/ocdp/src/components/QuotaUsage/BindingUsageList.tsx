import Typography from '@material-ui/core/Typography';
import { OcdpBindingUsage, quotaUsageRows } from '@ocdp/plugin-ocdp-common';
import { QuotaLimitList } from './QuotaLimitList';
import { QuotaUsageBar } from './QuotaUsageBar';

/** Live use against the quota of one binding, one bar per resource. */
export const BindingUsageList = (props: {
  usage: OcdpBindingUsage;
  gpuResourceKeys: readonly string[];
  showAvailable?: boolean;
}) => {
  const { usage, gpuResourceKeys, showAvailable } = props;
  if (!usage.live) {
    return (
      <>
        <Typography variant="body2" color="error" gutterBottom>
          Live usage unavailable
          {usage.liveError ? `: ${usage.liveError}` : ''}
        </Typography>
        <QuotaLimitList spec={usage.spec} gpuResourceKeys={gpuResourceKeys} />
      </>
    );
  }
  const rows = quotaUsageRows(
    usage.spec,
    usage.live.hard,
    usage.live.used,
    gpuResourceKeys,
  );
  return (
    <>
      {rows.length === 0 && (
        <Typography variant="body2">
          No limits: everything unlimited.
        </Typography>
      )}
      {rows.map(row => (
        <QuotaUsageBar
          key={row.key}
          row={row}
          gpuResourceKeys={gpuResourceKeys}
          showAvailable={showAvailable}
        />
      ))}
      {usage.drift.length > 0 && (
        <Typography variant="caption" color="error">
          The cluster differs from the stored quota on{' '}
          {usage.drift.map(entry => entry.key).join(', ')}.
        </Typography>
      )}
    </>
  );
};
