export * from './OcdpApi';
export * from './OcdpClient';
export { OcdpRefusalError } from './OcdpRefusalError';
