export { KubeconfigButton } from './KubeconfigButton';
