/**
 * Backend-side service refs and clients that OCDP backend plugins and modules share.
 *
 * @packageDocumentation
 */

export * from './clusterConfig';
export * from './kubeConfig';
export * from './clustersService';
export * from './kubeCalls';
export * from './pooledKubeConfig';
