import {
  PodSecurityModes,
  podSecurityMessage,
  podSecurityViolations,
  podSpecsFromManifests,
} from '@ocdp/plugin-ocdp-common';

/**
 * What the namespace's Pod Security Admission would say of the manifests' pods: a refusal at the
 * `enforce` level is a reason, the `warn` level's findings are warnings.
 */
export function podSecurityFindings(
  manifests: string,
  modes: PodSecurityModes,
): { reasons: string[]; warnings: string[] } {
  const reasons: string[] = [];
  const warnings: string[] = [];
  for (const { workload, podSpec } of podSpecsFromManifests(manifests)) {
    if (modes.enforce) {
      const found = podSecurityViolations(podSpec, modes.enforce);
      if (found.length) {
        reasons.push(
          `${workload}: the namespace refuses its pods: ${podSecurityMessage(
            modes.enforce,
            found,
          )}`,
        );
        continue;
      }
    }
    if (modes.warn) {
      const found = podSecurityViolations(podSpec, modes.warn);
      if (found.length) {
        warnings.push(
          `${workload}: would warn: ${podSecurityMessage(modes.warn, found)}`,
        );
      }
    }
  }
  return { reasons, warnings };
}
