export * from './meetings';
export * from './store';
export * from './calendars';
export * from './refunds';
export * from './webhooks';
export * from './email';
