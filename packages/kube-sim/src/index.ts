/**
 * @ocdp/kube-sim — a SIMULATED Kubernetes API server for OCDP development,
 * tests and benchmarks. Not a real cluster; every response carries
 * `x-kube-sim: simulated`.
 *
 * @packageDocumentation
 */
export { startKubeSim, BANNER } from './sim';
export type { KubeSim, KubeSimOptions } from './sim';
export type { KubeSimFaults } from './faults';
export { KubeStatusError } from './errors';
export type { StatusObject } from './errors';
export { checkQuota, objectUsage } from './admission/quota';
export { parseQuantity, formatQuantity, canonicalQuantity } from './quantity';
export type { Quantity } from './quantity';
export { Store } from './store';
export { KubeApi } from './api';
export { parseScenario, loadScenarioFile } from './scenarios';
export type { Scenario, GeneratorConfig } from './scenarios';
export { renderDcgmMetrics } from './metrics';
export { runKubeSimBench } from './bench';
