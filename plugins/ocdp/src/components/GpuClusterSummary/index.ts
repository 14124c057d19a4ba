export { ClusterGpuSummaryContent } from './ClusterGpuSummaryContent';
export { summaryFromReport } from './summaryFromReport';
