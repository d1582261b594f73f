// The project's path aliases (tsconfig.json "paths"), for jest's moduleNameMapper and for the
// global setup, which Node's own require loads.
const path = require('path');

const root = path.resolve(__dirname, '../..');
const LIBS = ['domain', 'contracts', 'persistence', 'config', 'stack'];
const TOP = ['activities', 'workflows'];

/** '@app/domain/enums' → '<root>/libs/domain/src/enums', or undefined for other specifiers. */
function resolveAlias(request) {
  const match = /^@app\/([a-z-]+)(\/.*)?$/.exec(request);
  if (!match) return undefined;
  const [, name, rest = ''] = match;
  if (LIBS.includes(name)) return path.join(root, 'libs', name, 'src') + rest;
  if (TOP.includes(name)) return path.join(root, name) + rest;
  return undefined;
}

const moduleNameMapper = {
  [`^@app/(${LIBS.join('|')})$`]: '<rootDir>/libs/$1/src',
  [`^@app/(${LIBS.join('|')})/(.*)$`]: '<rootDir>/libs/$1/src/$2',
  [`^@app/(${TOP.join('|')})$`]: '<rootDir>/$1',
  [`^@app/(${TOP.join('|')})/(.*)$`]: '<rootDir>/$1/$2',
};

/** Teaches Node's require the aliases (global setup runs outside jest's module system). */
function registerAliases() {
  const Module = require('module');
  if (Module.__mediationAliases) return;
  Module.__mediationAliases = true;
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return original.call(this, resolveAlias(request) ?? request, ...rest);
  };
}

module.exports = { moduleNameMapper, registerAliases, resolveAlias };
