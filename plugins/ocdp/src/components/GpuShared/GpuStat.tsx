import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  stat: { minWidth: 88, padding: theme.spacing(0.5, 0) },
}));

/** A number with what it counts under it. */
export const GpuStat = (props: {
  label: string;
  value: string;
  hint?: string;
}) => {
  const classes = useStyles();
  return (
    <div className={classes.stat} title={props.hint}>
      <Typography variant="h6" component="div">
        {props.value}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
    </div>
  );
};
