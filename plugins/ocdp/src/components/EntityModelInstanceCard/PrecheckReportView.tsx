import {
  describeQuotaValue,
  OcdpPrecheckReport,
} from '@ocdp/plugin-ocdp-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { quotaKeyLabel } from '../../utils/quotaKeyLabel';

const SentenceList = (props: {
  title: string;
  items: string[];
  color: 'error' | 'textSecondary';
}) =>
  props.items.length === 0 ? null : (
    <Box mt={1}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {props.items.map(item => (
          <li key={item}>
            <Typography
              variant="body2"
              color={props.color}
              style={{ wordBreak: 'break-word' }}
            >
              {item}
            </Typography>
          </li>
        ))}
      </ul>
    </Box>
  );

/** A pre-flight report for people: fits or not, why not, warnings and each quota key checked. */
export const PrecheckReportView = (props: { report: OcdpPrecheckReport }) => {
  const { report } = props;
  return (
    <Box data-testid="precheck-report">
      <Typography
        variant="body1"
        style={{ fontWeight: 500 }}
        color={report.ok ? 'primary' : 'error'}
      >
        {report.ok
          ? `Pre-flight: fits in ${report.tenant} on ${report.cluster}`
          : `Pre-flight: does not fit in ${report.tenant} on ${report.cluster}`}
      </Typography>
      <SentenceList title="Why not" items={report.reasons} color="error" />
      <SentenceList
        title="Warnings"
        items={report.warnings}
        color="textSecondary"
      />
      {report.checks.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">Quota</Typography>
          {report.checks.map(check => (
            <Typography
              key={`${check.quota}/${check.key}/${check.phase ?? ''}`}
              variant="body2"
              color={check.ok ? 'textSecondary' : 'error'}
            >
              {quotaKeyLabel(check.key)}
              {check.phase ? ` (${check.phase})` : ''}: needs{' '}
              {describeQuotaValue(check.key, check.requested)},{' '}
              {describeQuotaValue(check.key, check.available)} of{' '}
              {describeQuotaValue(check.key, check.hard)} free
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
};
