export { InstancesPage } from './InstancesPage';
