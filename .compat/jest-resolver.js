// Resolves the packages .compat/package.json pins from where run.mjs installs them (node_modules/.cache/compat)
// wherever they are imported, by the sources, the tests or the root's own packages (@testing-library/react
// imports react-dom): the newest Grafana packages and React 19 stand in for the root's. Everything else
// resolves as usual.
const path = require('path');

const { dependencies } = require('./package.json');

const compatDir = path.join(__dirname, '..', 'node_modules', '.cache', 'compat');
const compatModules = path.join(compatDir, 'node_modules');
const packageName = (request) => request.split('/', request.startsWith('@') ? 2 : 1).join('/');
const compatPackages = new Set(Object.keys(dependencies).filter((name) => !name.startsWith('@types/')));

module.exports = (request, options) => {
  if (compatPackages.has(packageName(request)) && !options.basedir.startsWith(compatModules)) {
    return options.defaultResolver(request, { ...options, basedir: compatDir });
  }
  return options.defaultResolver(request, options);
};
