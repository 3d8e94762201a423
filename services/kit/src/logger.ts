import { pino, type Logger } from 'pino';

export type { Logger };

/** One root logger per service; modules take `logger.child({mod})`. */
export function createLogger(service: string, level: string, instanceId?: string): Logger {
  return pino({
    level,
    base: { service, ...(instanceId ? { instance: instanceId } : {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.apiKey', '*.token', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
  });
}
