import Typography from '@material-ui/core/Typography';
import { GpuUtilizationAvailability } from '@ocdp/plugin-ocdp-common';

/** The sentence shown when utilization numbers are missing, and why. */
export function allocationOnlyText(
  utilization: GpuUtilizationAvailability,
): string | undefined {
  if (utilization.available) return undefined;
  // the backend says `not-configured`, possibly followed by how to configure it
  return utilization.reason.startsWith('not-configured')
    ? 'Allocation only — Prometheus not configured'
    : `Allocation only — Prometheus did not answer: ${utilization.reason}`;
}

/** Says when the numbers are allocation only (no Prometheus, or Prometheus failed). */
export const GpuUtilizationNotice = (props: {
  utilization: GpuUtilizationAvailability;
}) => {
  const text = allocationOnlyText(props.utilization);
  if (!text) return null;
  return (
    <Typography variant="body2" color="textSecondary" role="note" paragraph>
      {text}
    </Typography>
  );
};
