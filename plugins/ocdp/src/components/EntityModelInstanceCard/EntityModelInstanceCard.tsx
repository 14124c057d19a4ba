import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ocdpInstanceDeletePermission,
  ocdpInstanceUpdatePermission,
} from '@ocdp/plugin-ocdp-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useInstance } from '../../hooks/useInstance';
import { errorMessage } from '../../utils/errorMessage';
import { DeleteInstanceDialog } from './DeleteInstanceDialog';
import { EditValuesDialog } from './EditValuesDialog';
import { InstanceFactList } from './InstanceFactList';
import { instanceFacts } from './instanceValues';
import { ScaleControl } from './ScaleControl';

/** Annotation a model-instance Component carries: the OCDP instance it publishes. */
export const OCDP_INSTANCE_ID_ANNOTATION = 'ocdp.io/instance-id';

/**
 * The OCDP model instance a `model-instance` Component publishes: what runs and where, with
 * scale, values edit and delete, each shown with its pre-flight report before it is applied.
 */
export const EntityModelInstanceCard = () => {
  const { entity } = useEntity();
  const id = entity.metadata.annotations?.[OCDP_INSTANCE_ID_ANNOTATION];
  const { value: instance, loading, error, reload } = useInstance(id);
  const canUpdate = usePermission({ permission: ocdpInstanceUpdatePermission });
  const canDelete = usePermission({ permission: ocdpInstanceDeletePermission });
  const [dialog, setDialog] = useState<'edit' | 'delete'>();
  const [deleted, setDeleted] = useState(false);

  if (!id) {
    return (
      <InfoCard title="Model instance">
        <EmptyState
          missing="field"
          title="No OCDP instance"
          description={`This entity has no ${OCDP_INSTANCE_ID_ANNOTATION} annotation.`}
        />
      </InfoCard>
    );
  }
  if (deleted) {
    return (
      <InfoCard title="Model instance">
        <Typography variant="body1" role="status">
          Deleted. Its pods stop, and this entity leaves the catalog shortly.
        </Typography>
      </InfoCard>
    );
  }

  const facts = instance ? instanceFacts(instance) : undefined;
  const changing = !canUpdate.allowed || instance?.status === 'missing';

  return (
    <InfoCard title="Model instance">
      {loading && <Progress />}
      {error && !instance && <ResponseErrorPanel error={error} />}
      {error && instance && (
        <Typography variant="body2" color="error" role="alert">
          Could not read the instance again: {errorMessage(error)}. Showing what
          was read before.
        </Typography>
      )}
      {instance && facts && (
        <>
          <InstanceFactList instance={instance} />
          {!instance.live.reachable && (
            <Typography variant="body2" color="error" role="alert">
              The cluster could not be read
              {instance.live.error ? `: ${instance.live.error}` : ''}.
            </Typography>
          )}
          <Box
            mt={2}
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            justifyContent="space-between"
            style={{ gap: 8 }}
          >
            {facts.replicas !== undefined && (
              <ScaleControl
                instance={instance}
                replicas={facts.replicas}
                disabled={changing}
                onChanged={reload}
              />
            )}
            <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
              <Button
                variant="outlined"
                disabled={changing}
                onClick={() => setDialog('edit')}
              >
                Edit values
              </Button>
              <Button
                variant="outlined"
                color="secondary"
                disabled={!canDelete.allowed}
                onClick={() => setDialog('delete')}
              >
                Delete
              </Button>
            </Box>
          </Box>
          {dialog === 'edit' && (
            <EditValuesDialog
              instance={instance}
              onClose={() => setDialog(undefined)}
              onApplied={() => {
                setDialog(undefined);
                reload();
              }}
            />
          )}
          {dialog === 'delete' && (
            <DeleteInstanceDialog
              instance={instance}
              onClose={() => setDialog(undefined)}
              onDeleted={() => {
                setDialog(undefined);
                setDeleted(true);
              }}
            />
          )}
        </>
      )}
    </InfoCard>
  );
};
