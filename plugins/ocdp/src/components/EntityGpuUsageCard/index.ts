export { EntityGpuUsageCard } from './EntityGpuUsageCard';
