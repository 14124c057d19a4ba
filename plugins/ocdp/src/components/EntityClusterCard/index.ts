export { EntityClusterCard } from './EntityClusterCard';
