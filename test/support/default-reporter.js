// jest's progress reporter without its summary (test/support/closing-line-reporter.js prints that).
module.exports = require('@jest/reporters').DefaultReporter;
