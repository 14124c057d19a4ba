import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../../api';

/** Status of the OCDP cluster that a `kubernetes-cluster` Resource entity represents. */
export const EntityClusterCard = () => {
  const { entity } = useEntity();
  const ocdpApi = useApi(ocdpApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    async () =>
      (await ocdpApi.listClusters()).find(
        c => c.entityRef === entityRef || c.name === entity.metadata.name,
      ),
    [ocdpApi, entityRef],
  );

  return (
    <InfoCard title="GPU platform cluster">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {!loading && !error && !value && (
        <Typography variant="body2">
          This entity is not one of the clusters OCDP manages.
        </Typography>
      )}
      {value && (
        <>
          <Typography variant="subtitle1">{value.title}</Typography>
          <Typography variant="body2" color="textSecondary">
            cluster name: {value.name}
          </Typography>
          {value.reachable ? (
            <StatusOK>API server reachable</StatusOK>
          ) : (
            <StatusError>{value.error ?? 'API server unreachable'}</StatusError>
          )}
        </>
      )}
    </InfoCard>
  );
};
