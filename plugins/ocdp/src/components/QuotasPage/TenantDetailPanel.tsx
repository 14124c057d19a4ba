import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import EditIcon from '@material-ui/icons/Edit';
import { OcdpBindingUsage } from '@ocdp/plugin-ocdp-common';
import { TenantUsagePanel } from '../QuotaUsage';

/** The expanded row of a tenant: live usage per cluster, with an edit button per binding. */
export const TenantDetailPanel = (props: {
  tenant: string;
  reloadKey: number;
  onEdit?: (usage: OcdpBindingUsage) => void;
}) => {
  const { tenant, reloadKey, onEdit } = props;
  return (
    <Box p={2}>
      <TenantUsagePanel
        tenant={tenant}
        reloadKey={reloadKey}
        bindingActions={
          onEdit &&
          (usage => (
            <Button
              size="small"
              variant="outlined"
              startIcon={<EditIcon />}
              aria-label={`Edit quota of ${tenant} on ${usage.cluster}`}
              onClick={() => onEdit(usage)}
            >
              Edit quota
            </Button>
          ))
        }
      />
    </Box>
  );
};
