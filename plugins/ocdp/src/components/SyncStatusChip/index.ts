export { SyncStatusChip } from './SyncStatusChip';
