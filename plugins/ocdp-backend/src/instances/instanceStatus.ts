import { OcdpInstanceStatus } from '@ocdp/plugin-ocdp-common';
import { LiveHelmRelease } from './HelmReleaseClient';

/**
 * What a HelmRelease says of its instance, as Flux reports it: `Ready=True` for the current
 * generation is ready, `Ready=False` failed (with Flux's message, e.g. the quota admission's),
 * anything else still deploying; no HelmRelease at all is missing.
 */
export function instanceStatusOf(release: LiveHelmRelease | undefined): {
  status: OcdpInstanceStatus;
  message?: string;
} {
  if (!release) {
    return {
      status: 'missing',
      message: 'its HelmRelease is gone from the cluster',
    };
  }
  const ready = release.conditions.find(c => c.type === 'Ready');
  const current =
    ready &&
    (ready.observedGeneration === undefined ||
      ready.observedGeneration >= release.generation);
  if (!ready || !current || ready.status === 'Unknown') {
    return { status: 'deploying' };
  }
  if (ready.status === 'True') return { status: 'ready' };
  return {
    status: 'failed',
    message: ready.message ?? ready.reason ?? 'the release failed',
  };
}
