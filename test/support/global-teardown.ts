/* eslint-disable @typescript-eslint/no-require-imports */
require('./aliases').registerAliases();
const { stopTestInfrastructure } = require('./test-infrastructure') as typeof import('./test-infrastructure');

export default stopTestInfrastructure;
