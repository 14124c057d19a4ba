export { ClusterGpuCard } from './ClusterGpuCard';
