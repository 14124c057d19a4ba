import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { OcdpBindingUsage } from '@ocdp/plugin-ocdp-common';
import { ReactNode } from 'react';
import { SyncStatusChip } from '../SyncStatusChip';
import { BindingUsageList } from './BindingUsageList';

/** One cluster binding of a tenant: where it lives, its sync status and its usage. */
export const BindingCard = (props: {
  usage: OcdpBindingUsage;
  gpuResourceKeys: readonly string[];
  showAvailable?: boolean;
  actions?: ReactNode;
}) => {
  const { usage, gpuResourceKeys, showAvailable, actions } = props;
  return (
    <Paper variant="outlined">
      <Box p={2}>
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          style={{ gap: 8 }}
          mb={1}
        >
          <Typography variant="subtitle1" component="h3">
            {usage.cluster}
          </Typography>
          <Typography
            variant="body2"
            color="textSecondary"
            style={{ wordBreak: 'break-all' }}
          >
            namespace {usage.namespace}
          </Typography>
          <SyncStatusChip
            status={usage.syncStatus}
            lastError={usage.lastError}
          />
          <Box flexGrow={1} />
          {actions}
        </Box>
        <BindingUsageList
          usage={usage}
          gpuResourceKeys={gpuResourceKeys}
          showAvailable={showAvailable}
        />
      </Box>
    </Paper>
  );
};
