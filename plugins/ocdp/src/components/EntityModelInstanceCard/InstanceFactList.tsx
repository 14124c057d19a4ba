import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { OcdpInstanceDetails } from '@ocdp/plugin-ocdp-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { InstanceStatus } from './InstanceStatus';
import { instanceFacts } from './instanceValues';

const Fact = (props: { label: string; children: ReactNode }) => (
  <Box display="flex" flexWrap="wrap" py={0.5} style={{ gap: 8 }}>
    <Typography
      variant="body2"
      color="textSecondary"
      component="dt"
      style={{ minWidth: 96 }}
    >
      {props.label}
    </Typography>
    <Typography
      variant="body2"
      component="dd"
      style={{ margin: 0, wordBreak: 'break-word', flex: '1 1 160px' }}
    >
      {props.children}
    </Typography>
  </Box>
);

function isWebAddress(endpoint: string): boolean {
  return /^https?:\/\//.test(endpoint);
}

/** Status, model, endpoint, GPUs, owner and tenant of an instance. */
export const InstanceFactList = (props: { instance: OcdpInstanceDetails }) => {
  const { instance } = props;
  const facts = instanceFacts(instance);
  const endpoint = instance.live.endpoint;
  return (
    <Box component="dl" m={0}>
      <Fact label="Status">
        <InstanceStatus status={instance.status} />
        {instance.statusMessage ? ` — ${instance.statusMessage}` : ''}
      </Fact>
      <Fact label="Model">
        {facts.model ?? '—'}
        {facts.servedName && facts.servedName !== facts.model
          ? ` (served as ${facts.servedName})`
          : ''}
      </Fact>
      <Fact label="Endpoint">
        {endpoint && isWebAddress(endpoint) && (
          <Link to={endpoint}>{endpoint}</Link>
        )}
        {endpoint && !isWebAddress(endpoint) && endpoint}
        {!endpoint && 'not exposed yet'}
      </Fact>
      <Fact label="GPUs">{facts.gpu ? `${facts.gpu} per replica` : '—'}</Fact>
      <Fact label="Owner">
        <EntityRefLink entityRef={instance.owner} />
      </Fact>
      <Fact label="Tenant">{instance.tenant}</Fact>
      <Fact label="Where">
        {instance.namespace} on {instance.cluster}
      </Fact>
      <Fact label="Chart">
        {instance.chart}
        {instance.chartVersion ? ` ${instance.chartVersion}` : ''} (
        {instance.profile})
      </Fact>
    </Box>
  );
};
