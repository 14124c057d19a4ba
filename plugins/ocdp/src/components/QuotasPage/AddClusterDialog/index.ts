export { AddClusterDialog } from './AddClusterDialog';
