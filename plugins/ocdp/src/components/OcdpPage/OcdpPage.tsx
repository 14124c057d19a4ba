import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../../api';
import { ClustersTable } from '../ClustersTable';

/** The OCDP portal page: the GPU platform's clusters, tenants and quotas. */
export const OcdpPage = () => {
  const ocdpApi = useApi(ocdpApiRef);
  const { value, loading, error } = useAsync(
    () => ocdpApi.listClusters(),
    [ocdpApi],
  );

  return (
    <Page themeId="tool">
      <Header
        title="GPU Platform"
        subtitle="Clusters, tenant quotas and GPU use on the shared GPU platform"
      />
      <Content>
        <ContentHeader title="Clusters">
          <SupportButton>
            The clusters OCDP manages, from the Kubernetes plugin configuration.
          </SupportButton>
        </ContentHeader>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && <ClustersTable clusters={value} />}
      </Content>
    </Page>
  );
};
