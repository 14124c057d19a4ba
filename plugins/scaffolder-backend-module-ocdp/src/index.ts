/**
 * Scaffolder actions that check, render, pre-flight and deploy OCDP model instances.
 *
 * @packageDocumentation
 */

export { scaffolderModuleOcdp as default } from './module';
export { createClusterCheckAction } from './actions/clusterCheck';
export { createRenderValuesAction } from './actions/renderValues';
export { createQuotaPrecheckAction } from './actions/quotaPrecheck';
export { createDeployModelAction } from './actions/deployModel';
export type { DeployModelActionOptions } from './actions/deployModel';
export { readDeployCharts } from './actions/deployCharts';
export type { DeployChart } from './actions/deployCharts';
export type { OcdpValuesConfig } from './config';
export { readOcdpValuesConfig } from './config';
