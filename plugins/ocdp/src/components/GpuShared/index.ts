export * from './gpuFormat';
export { GpuAllocationBar } from './GpuAllocationBar';
export { GpuFreshness, staleText } from './GpuFreshness';
export {
  GpuUtilizationNotice,
  allocationOnlyText,
} from './GpuUtilizationNotice';
export { GpuStat } from './GpuStat';
export { ScrollTable } from './ScrollTable';
