import { useApi } from '@backstage/core-plugin-api';
import { OcdpInstanceDetails } from '@ocdp/plugin-ocdp-common';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import RemoveIcon from '@material-ui/icons/Remove';
import { useState } from 'react';
import { ocdpApiRef } from '../../api';
import { ChangeDialog } from './ChangeDialog';

/** Replicas − / +: each step is shown with its pre-flight report, then applied. */
export const ScaleControl = (props: {
  instance: OcdpInstanceDetails;
  replicas: number;
  disabled: boolean;
  onChanged: () => void;
}) => {
  const { instance, replicas, disabled, onChanged } = props;
  const ocdpApi = useApi(ocdpApiRef);
  const [target, setTarget] = useState<number>();
  const { live } = instance;
  const ready =
    live.readyReplicas !== undefined ? `, ${live.readyReplicas} ready` : '';

  return (
    <Box display="flex" alignItems="center" flexWrap="wrap">
      <IconButton
        size="small"
        aria-label="Remove a replica"
        disabled={disabled || replicas <= 0}
        onClick={() => setTarget(replicas - 1)}
      >
        <RemoveIcon />
      </IconButton>
      <Typography
        variant="body1"
        component="span"
        aria-label="Replicas"
        style={{ margin: '0 8px' }}
      >
        {replicas}
      </Typography>
      <IconButton
        size="small"
        aria-label="Add a replica"
        disabled={disabled}
        onClick={() => setTarget(replicas + 1)}
      >
        <AddIcon />
      </IconButton>
      <Typography variant="body2" color="textSecondary" component="span">
        {`replica${replicas === 1 ? '' : 's'}${ready}`}
      </Typography>
      {target !== undefined && (
        <ChangeDialog
          title={`Scale ${instance.name} to ${target} replica${
            target === 1 ? '' : 's'
          }?`}
          precheck={() =>
            ocdpApi.precheck({
              tenant: instance.tenant,
              cluster: instance.cluster,
              operation: 'scale',
              release: instance.name,
              profile: instance.profile,
              values: instance.values,
              replicas: target,
            })
          }
          apply={async () => {
            await ocdpApi.scaleInstance(instance.id, target, instance.version);
          }}
          applyLabel="Scale"
          onClose={() => setTarget(undefined)}
          onApplied={() => {
            setTarget(undefined);
            onChanged();
          }}
        />
      )}
    </Box>
  );
};
