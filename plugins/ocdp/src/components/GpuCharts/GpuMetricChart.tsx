import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { GpuMetric, GpuUtilizationSeries } from '@ocdp/plugin-ocdp-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { chartRows, latestValues, timeTickFormatter } from './chartRows';

const useStyles = makeStyles(theme => ({
  chart: { width: '100%', height: 240 },
  latest: { marginTop: theme.spacing(0.5) },
}));

/** Line colours for the series, from the theme's palette first. */
function seriesColors(theme: Theme): string[] {
  return [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    '#2e7d32',
    '#ef6c00',
    '#6a1b9a',
    '#00838f',
    '#c62828',
    '#4e342e',
  ];
}

/** A line chart of one metric over the range, one line per series, with the latest values. */
export const GpuMetricChart = (props: {
  title: string;
  metric: GpuMetric;
  series: GpuUtilizationSeries[];
  rangeSeconds: number;
  unit: string;
  /** Turns the API's unit into the shown one (MiB → GiB). */
  scale?: (value: number) => number;
  yMax?: number;
}) => {
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const { title, metric, series, rangeSeconds, unit, scale, yMax } = props;
  const { rows, keys } = chartRows(series, metric, scale);
  const colors = seriesColors(theme);
  const latest = latestValues(series, metric);
  const show = (value: number) =>
    `${Math.round((scale ? scale(value) : value) * 10) / 10} ${unit}`;
  return (
    <div>
      <Typography variant="subtitle2">{title}</Typography>
      {rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No samples in this range.
        </Typography>
      ) : (
        <div className={classes.chart}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              data={rows}
              margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={timeTickFormatter(rangeSeconds)}
                minTickGap={24}
              />
              <YAxis domain={[0, yMax ?? 'auto']} width={48} />
              <Tooltip
                labelFormatter={t =>
                  new Date(Number(t) * 1000).toLocaleString()
                }
                formatter={value => `${Number(value).toFixed(1)} ${unit}`}
              />
              {keys.length > 1 && <Legend />}
              {keys.map((key, i) => (
                <Line
                  key={key}
                  dataKey={key}
                  name={key === 'all' ? title : key}
                  type="monotone"
                  dot={false}
                  isAnimationActive={false}
                  stroke={colors[i % colors.length]}
                  connectNulls
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      {latest.length > 0 && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="p"
          className={classes.latest}
        >
          Latest:{' '}
          {latest
            .map(l =>
              l.key === 'all' ? show(l.value) : `${l.key} ${show(l.value)}`,
            )
            .join(' · ')}
        </Typography>
      )}
    </div>
  );
};
