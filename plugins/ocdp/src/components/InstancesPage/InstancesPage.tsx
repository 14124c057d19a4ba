import {
  Content,
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../../api';
import { useInstances } from '../../hooks/useInstances';
import { InstanceFilters } from './InstanceFilters';
import { InstancesTable } from './InstancesTable';
import { queryFromSearch, searchFromQuery } from './instanceQuery';

/** The tenants the user may read and their clusters, for the filters. */
function useFilterChoices() {
  const ocdpApi = useApi(ocdpApiRef);
  const { value: tenants = [] } = useAsync(
    () => ocdpApi.listTenants(),
    [ocdpApi],
  );
  return useMemo(
    () => ({
      tenants: tenants.map(t => t.name).sort(),
      clusters: [
        ...new Set(tenants.flatMap(t => t.bindings.map(b => b.cluster))),
      ].sort(),
    }),
    [tenants],
  );
}

/** The model instances the user may see, filtered by tenant, cluster and status. */
export const InstancesPage = () => {
  const [search, setSearch] = useSearchParams();
  const query = useMemo(() => queryFromSearch(search), [search]);
  const { value, loading, error } = useInstances(query);
  const choices = useFilterChoices();

  return (
    <Page themeId="tool">
      <Header
        title="Model instances"
        subtitle="Model servers deployed on the GPU platform"
      />
      <Content>
        <ContentHeader title="Instances">
          <SupportButton>
            Instances of the tenants you belong to (all of them for
            administrators). Open one to scale it, edit its values or delete it.
          </SupportButton>
        </ContentHeader>
        <InstanceFilters
          query={query}
          tenants={choices.tenants}
          clusters={choices.clusters}
          onChange={next => setSearch(searchFromQuery(next), { replace: true })}
        />
        {error && <ResponseErrorPanel error={error} />}
        {!error && <InstancesTable instances={value ?? []} loading={loading} />}
      </Content>
    </Page>
  );
};
