import type { Logger as TemporalLogger, LogLevel as TemporalLevel, LogMetadata } from '@temporalio/common';
import type { Logger, LogLevel } from '../log.ts';

const LEVELS: Record<TemporalLevel, LogLevel> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Temporal's Logger over ours: the SDK's worker messages, workflow `log` calls (with the workflow's ids) and activity
 * context logs (with the workflow and activity ids) become our JSON records. Temporal's metadata keys (workflowId,
 * runId, activityType, sdkComponent, …) are kept as they are; its task token is redacted by our logger.
 */
export function temporalLogger(log: Logger): TemporalLogger {
  const write = (level: TemporalLevel, message: string, meta?: LogMetadata) => log[LEVELS[level]](message, meta);
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
