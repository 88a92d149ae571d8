// One SWC configuration for the build and for Jest: decorators with metadata (NestJS, TypeORM,
// class-validator need it) and the tsconfig path aliases rewritten to relative imports.
const path = require('node:path');
const tsconfig = require('../tsconfig.base.json');

const root = path.resolve(__dirname, '..');

function swcOptions() {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: tsconfig.compilerOptions.paths,
    },
    module: { type: 'es6', resolveFully: true },
    sourceMaps: true,
  };
}

module.exports = { swcOptions, root };
