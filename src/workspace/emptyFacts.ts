export { emptyWorkloadFacts } from '../diagnosis/workload';
