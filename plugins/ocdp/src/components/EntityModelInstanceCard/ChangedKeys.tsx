import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ValuesChange } from './valuesDelta';

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeChange(change: ValuesChange): string {
  if (change.kind === 'removed') {
    return `removed (was ${show(change.before)})`;
  }
  if (change.kind === 'added') {
    return `added: ${show(change.after)}`;
  }
  return `${show(change.before)} → ${show(change.after)}`;
}

/** The keys an edit changes, one line each; only these are sent. */
export const ChangedKeys = (props: { changes: ValuesChange[] }) => (
  <Box>
    <Typography variant="subtitle2">
      {props.changes.length === 1
        ? '1 key changes (only it is sent)'
        : `${props.changes.length} keys change (only these are sent)`}
    </Typography>
    <ul style={{ margin: 0, paddingLeft: 20 }} aria-label="Changed keys">
      {props.changes.map(change => (
        <li key={change.path}>
          <Typography variant="body2" style={{ wordBreak: 'break-word' }}>
            <code>{change.path}</code>: {describeChange(change)}
          </Typography>
        </li>
      ))}
    </ul>
  </Box>
);
