export { createNodeHandler, type NodeHandler } from './create-node-handler.js';
export { createWebApp } from './create-web-app.js';
export { humanDuration, humanRelative, humanTime } from './format/human-time.js';
export { backoffsActiveFirst, workOldestFirst } from './format/order.js';
export { CSRF_FIELD, CSRF_HEADER } from './security/csrf-protection.js';
export { isLoopback } from './security/is-loopback.js';
export { type ServeWebOptions, serveWeb, type WebServer } from './serve-web.js';
export type { AuthHook, WebOptions } from './web-options.js';
