export { type ServerOptions, startServer } from './server.js';
