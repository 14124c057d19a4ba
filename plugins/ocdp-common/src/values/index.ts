export type { Values } from './merge';
export { mergeValues } from './merge';
export { dumpValuesYaml } from './dump';
export { validateValues } from './validate';
export type { ExposureChoice } from './exposure';
export { exposureValues } from './exposure';
export type { ClusterValuesOverlay, OverlayValues } from './overlay';
export { overlayValues } from './overlay';
