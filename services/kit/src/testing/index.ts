export * from './free-port.ts';
export * from './nats-server.ts';
export * from './silent-logger.ts';
export * from './wait-for.ts';
export * from './run-process.ts';
