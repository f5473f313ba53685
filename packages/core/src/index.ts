export * from './contract';
export * from './effects';
export * from './errors';
export * from './ports';
export * from './workflow/types';
