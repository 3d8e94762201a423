import { pino } from 'pino';
import type { Logger } from '../logger.ts';

/** A logger for tests: silent unless TEST_LOG_LEVEL is set. */
export const testLogger = (): Logger => pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
