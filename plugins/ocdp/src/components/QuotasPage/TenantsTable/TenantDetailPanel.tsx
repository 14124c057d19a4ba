import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import AddIcon from '@material-ui/icons/Add';
import Typography from '@material-ui/core/Typography';
import EditIcon from '@material-ui/icons/Edit';
import {
  OcdpBindingUsage,
  OcdpCluster,
  OcdpTenant,
} from '@ocdp/plugin-ocdp-common';
import { TenantUsagePanel } from '../../QuotaUsage';
import { TenantSubheader } from '../../TenantOwner';
import { useFreeClusters } from '../../../hooks/useFreeClusters';

/**
 * The expanded row of a tenant: live usage per cluster, with an edit button per binding and
 * an add button while some cluster has no binding yet.
 */
export const TenantDetailPanel = (props: {
  tenant: OcdpTenant;
  reloadKey: number;
  onEdit?: (usage: OcdpBindingUsage) => void;
  onAddCluster?: (freeClusters: OcdpCluster[]) => void;
}) => {
  const { tenant, reloadKey, onEdit, onAddCluster } = props;
  const freeClusters = useFreeClusters(tenant, !!onAddCluster);
  return (
    <Box p={2}>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        <TenantSubheader tenant={tenant} />
      </Typography>
      {onAddCluster && freeClusters.length > 0 && (
        <Box mb={2}>
          <Button
            size="small"
            variant="outlined"
            startIcon={<AddIcon />}
            aria-label={`Add cluster to ${tenant.name}`}
            onClick={() => onAddCluster(freeClusters)}
          >
            Add cluster
          </Button>
        </Box>
      )}
      <TenantUsagePanel
        tenant={tenant.name}
        reloadKey={reloadKey}
        bindingActions={
          onEdit &&
          (usage => (
            <Button
              size="small"
              variant="outlined"
              startIcon={<EditIcon />}
              aria-label={`Edit quota of ${tenant.name} on ${usage.cluster}`}
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
