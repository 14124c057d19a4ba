export { OcdpPage } from './OcdpPage';
