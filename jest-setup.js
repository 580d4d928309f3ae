// Runs before each test file: DOM matchers and the browser APIs jsdom lacks but @grafana/ui uses.
import '@testing-library/jest-dom';
import { TextDecoder, TextEncoder } from 'util';

Object.assign(global, { TextDecoder, TextEncoder });

Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: jest.fn(),
    removeListener: jest.fn(),
    addEventListener: jest.fn(),
    removeEventListener: jest.fn(),
    dispatchEvent: jest.fn(),
  }),
});

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

HTMLCanvasElement.prototype.getContext = () => null;
