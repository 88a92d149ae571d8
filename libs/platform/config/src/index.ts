export { AppConfig, ConfigError } from './app-config.js';
export { AppLogger, REDACTED_PATHS } from './app-logger.js';
export { ConfigModule } from './config.module.js';
export { environmentSchema, type Environment } from './config.schema.js';
