export * from './app-error.js';
export { Connection, PageArgs, PageInfo, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, type ConnectionShape, type Edge } from './connection.js';
export { paginate, encodeCursor, type KeysetColumns } from './keyset.js';
export { createErrorFormatter } from './format-error.js';
export { GraphqlPlatformModule, SINGLE_USE_ROOT_FIELDS, ARMOR_LIMITS } from './graphql-platform.module.js';
export { singleUseRootFields } from './single-use-fields.rule.js';
export { validationPipe } from './validation.pipe.js';
export { RequestLoaders, type GraphqlContext } from './loaders.js';
