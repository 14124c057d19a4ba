export { GpuMonitoringPage } from './GpuMonitoringPage';
