import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { OcdpInstanceStatus } from '@ocdp/plugin-ocdp-common';

const LABELS: Record<OcdpInstanceStatus, string> = {
  pending: 'Pending',
  deploying: 'Deploying',
  ready: 'Ready',
  failed: 'Failed',
  missing: 'Missing (HelmRelease gone)',
};

/** An instance status with its colour. */
export const InstanceStatus = (props: { status: OcdpInstanceStatus }) => {
  const label = LABELS[props.status] ?? props.status;
  switch (props.status) {
    case 'ready':
      return <StatusOK>{label}</StatusOK>;
    case 'deploying':
      return <StatusRunning>{label}</StatusRunning>;
    case 'failed':
      return <StatusError>{label}</StatusError>;
    case 'missing':
      return <StatusWarning>{label}</StatusWarning>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
};
