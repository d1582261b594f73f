/* eslint-disable @typescript-eslint/no-require-imports */
// Jest loads this file with Node's own require, which knows no path aliases: teach it them
// first, then load the code that uses them (plain requires keep that order).
require('./aliases').registerAliases();
const { startTestInfrastructure } = require('./test-infrastructure') as typeof import('./test-infrastructure');

export default startTestInfrastructure;
