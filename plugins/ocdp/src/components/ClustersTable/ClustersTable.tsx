import {
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { OcdpCluster } from '@ocdp/plugin-ocdp-common';

const columns: TableColumn<OcdpCluster>[] = [
  {
    title: 'Cluster',
    field: 'title',
    render: cluster =>
      cluster.entityRef ? (
        <EntityRefLink entityRef={cluster.entityRef} title={cluster.title} />
      ) : (
        cluster.title
      ),
  },
  { title: 'Name', field: 'name' },
  {
    title: 'API server',
    field: 'reachable',
    render: cluster =>
      cluster.reachable ? (
        <StatusOK>Reachable</StatusOK>
      ) : (
        <StatusError>{cluster.error ?? 'Unreachable'}</StatusError>
      ),
  },
];

/** The configured clusters and whether OCDP can reach them. */
export const ClustersTable = (props: { clusters: OcdpCluster[] }) => (
  <Table
    title="Clusters"
    options={{ search: false, paging: false, padding: 'dense' }}
    columns={columns}
    data={props.clusters}
    emptyContent={
      <div style={{ padding: 16 }}>
        No clusters configured. Add them under kubernetes.clusterLocatorMethods
        in app-config.yaml.
      </div>
    }
  />
);
