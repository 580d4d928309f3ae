// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// The browser APIs jsdom lacks that @grafana/ui uses beyond what the scaffolded setup provides.
class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
global.ResizeObserver = global.ResizeObserver ?? NoopObserver;
global.IntersectionObserver = global.IntersectionObserver ?? NoopObserver;

// i18next (inside @grafana/i18n) advertises itself on the console when Grafana's UI starts.
const consoleInfo = console.info;
console.info = (...args) => {
  if (typeof args[0] === 'string' && args[0].includes('i18next')) {
    return;
  }
  consoleInfo(...args);
};

// Grafana's icons load their SVG files over HTTP. The scaffolded mock renders an empty <svg> and drops the
// icon's props; this one keeps them (aria-label, role, title...), so tests find icons such as the
// "Clear value" button by their accessible name.
jest.mock('react-inlinesvg', () => {
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
    const name = typeof src === 'string' ? src.replace(/^.*\/|\.svg$/g, '') : undefined;
    return React.createElement('svg', { ...svgProps, ref: innerRef, 'data-testid': name });
  }
  return { __esModule: true, default: InlineSVG, cacheStore: {} };
});
