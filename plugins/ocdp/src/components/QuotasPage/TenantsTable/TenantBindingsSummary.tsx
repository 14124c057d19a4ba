import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { OcdpTenantBinding } from '@ocdp/plugin-ocdp-common';
import { SyncStatusChip } from '../../SyncStatusChip';

/** One line per cluster binding: cluster, namespace and sync status. */
export const TenantBindingsSummary = (props: {
  bindings: OcdpTenantBinding[];
}) => {
  if (props.bindings.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        no clusters
      </Typography>
    );
  }
  return (
    <>
      {props.bindings.map(binding => (
        <Box
          key={binding.cluster}
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          style={{ gap: 4 }}
          my={0.5}
        >
          <Typography variant="body2" style={{ wordBreak: 'break-all' }}>
            {binding.cluster} / {binding.namespace}
          </Typography>
          <SyncStatusChip
            status={binding.syncStatus}
            lastError={binding.lastError}
          />
        </Box>
      ))}
    </>
  );
};
