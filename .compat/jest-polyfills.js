// React 19's react-dom/server (which @grafana/ui 13 loads) schedules its work with MessageChannel, which jsdom
// lacks: a minimal one on timers. Only the compatibility run loads this, so the first run stays as it was.
if (typeof global.MessageChannel === 'undefined') {
  const port = (peer) => ({
    onmessage: null,
    postMessage(data) {
      setTimeout(() => peer().onmessage?.({ data }), 0);
    },
    start() {},
    close() {},
  });
  global.MessageChannel = class MessageChannel {
    constructor() {
      this.port1 = port(() => this.port2);
      this.port2 = port(() => this.port1);
    }
  };
}
