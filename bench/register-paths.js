// Benchmarks run the apps compiled by tsc (Nest's DI needs the decorator metadata tsx does not
// emit); this maps the @app/* aliases onto that build.
const path = require('path');
require('tsconfig-paths').register({
  baseUrl: path.join(__dirname, '..', '.bench-build'),
  paths: {
    '@app/contracts': ['libs/contracts/src'],
    '@app/contracts/*': ['libs/contracts/src/*'],
    '@app/platform': ['libs/platform/src'],
    '@app/platform/*': ['libs/platform/src/*'],
  },
});
