export { GpuUtilizationCharts, GPU_CHART_RANGES } from './GpuUtilizationCharts';
export { GpuMetricChart } from './GpuMetricChart';
