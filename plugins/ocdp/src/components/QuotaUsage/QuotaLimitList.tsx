import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { QuotaSpec, sortQuotaKeys } from '@ocdp/plugin-ocdp-common';
import { quotaKeyLabel } from '../../utils/quotaKeyLabel';
import { describeLimit } from './describeUsage';

/** The stored limits of a quota, for when live usage cannot be read. */
export const QuotaLimitList = (props: {
  spec: QuotaSpec;
  gpuResourceKeys: readonly string[];
}) => {
  const { spec, gpuResourceKeys } = props;
  const keys = sortQuotaKeys(Object.keys(spec), gpuResourceKeys);
  if (keys.length === 0) {
    return (
      <Typography variant="body2">No limits: everything unlimited.</Typography>
    );
  }
  return (
    <>
      {keys.map(key => (
        <Box
          key={key}
          display="flex"
          flexWrap="wrap"
          justifyContent="space-between"
          style={{ gap: 8 }}
        >
          <Typography variant="body2" title={key}>
            {quotaKeyLabel(key, gpuResourceKeys)}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            limit {describeLimit({ key, hard: spec[key] })}
          </Typography>
        </Box>
      ))}
    </>
  );
};
