export * from './OcdpApi';
export * from './OcdpClient';
