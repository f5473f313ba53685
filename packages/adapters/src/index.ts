export * from './meetings';
export * from './store';
