// Grafana's icons load SVG files over HTTP; in jsdom an empty <svg> named after the icon is enough.
const React = require('react');

function InlineSVG(props) {
  const {
    src,
    innerRef,
    loader,
    cacheRequests,
    preProcessor,
    fetchOptions,
    uniquifyIDs,
    uniqueHash,
    baseURL,
    description,
    onError,
    onLoad,
    ...svgProps
  } = props;
  const name =
    typeof src === 'string'
      ? src
          .split('/')
          .pop()
          .replace(/\.svg$/, '')
      : undefined;
  return React.createElement('svg', { ...svgProps, ref: innerRef, 'data-icon': name });
}

module.exports = InlineSVG;
module.exports.default = InlineSVG;
module.exports.cacheStore = {};
