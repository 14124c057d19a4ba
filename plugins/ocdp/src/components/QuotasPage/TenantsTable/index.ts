export { AllTenants } from './AllTenants';
