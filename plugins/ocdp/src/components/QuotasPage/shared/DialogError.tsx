import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** A failed request's message inside a dialog, shown as the backend wrote it. */
export const DialogError = (props: {
  message?: string;
  action?: ReactNode;
}) => {
  if (!props.message) {
    return null;
  }
  return (
    <Box
      mb={2}
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 8 }}
    >
      <Typography
        variant="body2"
        color="error"
        role="alert"
        style={{ wordBreak: 'break-word' }}
      >
        {props.message}
      </Typography>
      {props.action}
    </Box>
  );
};
