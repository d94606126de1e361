import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { LogContext, Logger, LogLevel as OurLevel } from '../log.ts';

const RANK: Record<OurLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const toOurs: Record<LogLevel, OurLevel> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/**
 * Bolt's (and its Web API client's) logger interface over ours, so their messages are JSON records with the rest.
 * Bolt logs with loose arguments (`logger.error(err)`, `logger.debug('text', obj)`): strings make the message, an
 * Error becomes the record's `error`, anything else goes under `details`.
 */
export function boltLogger(log: Logger): BoltLogger {
  let level: OurLevel = log.level;
  let name: string | undefined;
  const write = (at: OurLevel, args: unknown[]) => {
    if (RANK[at] < RANK[level]) return;
    const text = args.filter((a): a is string => typeof a === 'string');
    const error = args.find((a): a is Error => a instanceof Error);
    const details = args.filter((a) => typeof a !== 'string' && !(a instanceof Error));
    const context: LogContext = {
      ...(name ? { logger: name } : {}),
      ...(error ? { error } : {}),
      ...(details.length ? { details } : {}),
    };
    log[at](text.join(' ') || error?.message || 'bolt', context);
  };
  return {
    debug: (...args: unknown[]) => write('debug', args),
    info: (...args: unknown[]) => write('info', args),
    warn: (...args: unknown[]) => write('warn', args),
    error: (...args: unknown[]) => write('error', args),
    // Bolt may lower or raise its own level (logLevel option); ours still drops what is below LOG_LEVEL.
    setLevel: (l: LogLevel) => {
      level = toOurs[l];
    },
    getLevel: () => (Object.keys(toOurs) as LogLevel[]).find((k) => toOurs[k] === level) ?? LogLevel.INFO,
    setName: (n: string) => {
      name = n;
    },
  };
}
