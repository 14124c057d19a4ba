import Box from '@material-ui/core/Box';
import { OcdpRefusalError } from '../../api';
import { errorMessage } from '../../utils/errorMessage';
import { DialogError } from '../QuotasPage/shared';
import { PrecheckReportView } from './PrecheckReportView';

/** Why the API refused a change: its message, and the pre-flight report when it sent one. */
export const RefusalMessage = (props: { error?: unknown }) => {
  const { error } = props;
  if (!error) {
    return null;
  }
  return (
    <Box mb={2}>
      <DialogError message={errorMessage(error)} />
      {error instanceof OcdpRefusalError && (
        <PrecheckReportView report={error.report} />
      )}
    </Box>
  );
};
