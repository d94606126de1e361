/**
 * Structured logging: one JSON object a line (debug/info to stdout, warn/error to stderr), so an operator's log
 * pipeline can filter by account, workflow or proposal. Secrets are redacted before a record leaves this module:
 * fields whose name looks secret, and any Slack or Meta token or bearer credential inside a string.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Ids that say what a record is about; any other field is allowed too. */
export interface LogContext {
  accountId?: string;
  workflowId?: string;
  proposalId?: number | string;
  teamId?: string;
  userId?: string;
  channelId?: string;
  command?: string;
  action?: string;
  [field: string]: unknown;
}

export interface LogRecord extends LogContext {
  level: LogLevel;
  msg: string;
  /** ISO 8601, UTC. */
  time: string;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  readonly level: LogLevel;
  enabled(level: LogLevel): boolean;
  debug(msg: string, context?: LogContext): void;
  info(msg: string, context?: LogContext): void;
  warn(msg: string, context?: LogContext): void;
  error(msg: string, context?: LogContext): void;
  /** A logger whose records all carry `context` (a record's own fields win over it). */
  child(context: LogContext): Logger;
}

export const REDACTED = '[redacted]';

// Field names: Slack's token/signing secret, Meta's access_token, HTTP Authorization, Temporal's task token.
const SECRET_KEY = /token|secret|authorization|password|passwd|api[-_]?key|cookie/i;
const SECRET_VALUES: [RegExp, string][] = [
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, REDACTED], // Slack bot (xoxb-), user (xoxp-) and other xox*- tokens
  [/\bxapp-[A-Za-z0-9-]+/g, REDACTED], // Slack app-level tokens
  [/\bEAA[A-Za-z0-9]{16,}/g, REDACTED], // Meta (Facebook) access tokens all start with EAA
  [/(access_token|client_secret|appsecret_proof)=[^&\s"']+/gi, `$1=${REDACTED}`], // Graph API URLs and bodies
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, `Bearer ${REDACTED}`],
];

/** A string with every token-looking part replaced. */
export function redactString(s: string): string {
  let out = s;
  for (const [pattern, replacement] of SECRET_VALUES) out = out.replace(pattern, replacement);
  return out;
}

function serializeError(e: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: e.name, message: e.message };
  const type = (e as { type?: unknown }).type;
  if (typeof type === 'string') out.type = type; // Temporal's ApplicationFailure type
  if (e.stack) out.stack = e.stack;
  if (e.cause !== undefined) out.cause = e.cause;
  return out;
}

/** A JSON-safe, redacted copy: errors as {name, message, stack, cause}, bigints as strings, cycles cut. */
function toJson(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth > 6) return '[nested]';
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  seen.add(value); // ancestors only: an object referenced twice side by side is not a cycle
  const out =
    value instanceof Error
      ? redactObject(serializeError(value), depth, seen)
      : Array.isArray(value)
        ? value.map((v) => toJson(v, depth + 1, seen))
        : redactObject(value as Record<string, unknown>, depth, seen);
  seen.delete(value);
  return out;
}

function redactObject(o: Record<string, unknown>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] = SECRET_KEY.test(k) ? REDACTED : toJson(v, depth + 1, seen);
  }
  return out;
}

/** Writes records as JSON lines: warnings and errors to stderr, the rest to stdout. */
export const jsonLinesSink: LogSink = (record) => {
  const stream = RANK[record.level] >= RANK.warn ? process.stderr : process.stdout;
  stream.write(`${JSON.stringify(record)}\n`);
};

export interface LoggerOptions {
  /** Records below this level are dropped (default info). */
  level?: LogLevel;
  /** Where records go (default JSON lines on stdout/stderr). */
  sink?: LogSink;
  context?: LogContext;
  now?: () => number;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const sink = options.sink ?? jsonLinesSink;
  const now = options.now ?? Date.now;
  const base = options.context ?? {};
  const write = (at: LogLevel, msg: string, context: LogContext | undefined) => {
    if (RANK[at] < RANK[level]) return;
    // time, level and msg are the record's own (and come first): a context field of the same name is dropped.
    const { time: _t, level: _l, msg: _m, ...fields } = redactObject({ ...base, ...context }, 0, new WeakSet());
    sink({ time: new Date(now()).toISOString(), level: at, msg: redactString(msg), ...fields });
  };
  return {
    level,
    enabled: (at) => RANK[at] >= RANK[level],
    debug: (msg, context) => write('debug', msg, context),
    info: (msg, context) => write('info', msg, context),
    warn: (msg, context) => write('warn', msg, context),
    error: (msg, context) => write('error', msg, context),
    child: (context) => createLogger({ level, sink, now, context: { ...base, ...context } }),
  };
}

/** A logger that keeps its records in memory, for tests to assert on what operators would see. */
export function captureLogs(level: LogLevel = 'debug'): { log: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { log: createLogger({ level, sink: (r) => records.push(r) }), records };
}
