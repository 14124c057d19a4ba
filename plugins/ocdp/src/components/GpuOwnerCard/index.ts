export { GpuOwnerCard } from './GpuOwnerCard';
