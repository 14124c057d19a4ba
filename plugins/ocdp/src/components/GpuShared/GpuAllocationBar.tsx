import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatCount, percentOf } from './gpuFormat';

const useStyles = makeStyles(theme => ({
  bar: { height: 10, borderRadius: 5, margin: theme.spacing(0.5, 0) },
  caption: { display: 'flex', justifyContent: 'space-between', gap: 8 },
}));

/** Allocated against allocatable, as a bar with the numbers beside it. */
export const GpuAllocationBar = (props: {
  label: string;
  allocated: number;
  allocatable: number;
  unit?: string;
}) => {
  const classes = useStyles();
  const { label, allocated, allocatable, unit = 'GPUs' } = props;
  const percent = percentOf(allocated, allocatable);
  return (
    <div>
      <div className={classes.caption}>
        <Typography variant="body2">{label}</Typography>
        <Typography variant="body2" color="textSecondary">
          {formatCount(allocated)} / {formatCount(allocatable)} {unit} allocated
        </Typography>
      </div>
      <LinearProgress
        className={classes.bar}
        variant="determinate"
        value={percent}
        color={percent >= 90 ? 'secondary' : 'primary'}
        aria-label={`${label} allocation`}
        aria-valuetext={`${Math.round(percent)} % allocated`}
      />
    </div>
  );
};
