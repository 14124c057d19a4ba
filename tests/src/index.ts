export * from './e2e/portal';
