// Loaded before module.ts: assets resolve next to module.js, wherever Grafana serves the plugin from
// (sub-path, CDN). 'amd-module' is the AMD loader's own `module` object, see the externals.
import amdModule from 'amd-module';

const uri = amdModule && amdModule.uri;
__webpack_public_path__ = uri ? uri.slice(0, uri.lastIndexOf('/') + 1) : __webpack_public_path__;
