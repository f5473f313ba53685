export { type AppOptions, createApp, type GreenlightApp } from './app';
export { type AuthConfig, mintUserToken, type Principal } from './http/auth';
export { DEFAULT_MAX_BODY_BYTES } from './http/body';
export { createJsonLogger, type Logger, type LogLevel, silentLogger } from './http/logger';
