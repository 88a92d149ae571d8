export { AppConfig, ConfigError } from './app-config';
export { environmentSchema, type Environment } from './config.schema';
