export * from './calendars';
export * from './email';
export * from './meetings';
export * from './refunds';
export * from './store';
export * from './webhooks';
