export { GpuNodesTable } from './GpuNodesTable';
export { GpuModelsTable } from './GpuModelsTable';
export { GpuTenantsTable } from './GpuTenantsTable';
export { GpuUsersTable } from './GpuUsersTable';
export { GpuPendingTable } from './GpuPendingTable';
export { GpuIdleTable } from './GpuIdleTable';
export { GpuTable } from './GpuTable';
