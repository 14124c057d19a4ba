import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  cell: { whiteSpace: 'nowrap' },
});

/** A small table for cards that scrolls sideways inside the card on narrow screens. */
export const ScrollTable = (props: {
  label: string;
  headers: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
}) => {
  const classes = useStyles();
  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            {props.headers.map(h => (
              <TableCell key={h} className={classes.cell}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map(row => (
            <TableRow key={row.key}>
              {row.cells.map((cell, i) => (
                <TableCell key={props.headers[i] ?? i} className={classes.cell}>
                  {cell}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
};
