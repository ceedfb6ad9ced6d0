// Structured logging: one JSON object per line (or, in development, one short readable line), with the request ID,
// filtered by level, secrets redacted.
import type { Environment, LogFormat, LogLevel } from '../env';
import { currentContext } from './context';
import { redact } from './redact';

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
type Sink = (line: string) => void;

const SINKS: Record<LogLevel, Sink> = {
  // Workers Logs takes the level from the console method, so each level uses its own.
  debug: (line) => console.debug(line),
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

let threshold: number = SEVERITY.info;
let pretty = false;

/**
 * Sets the level and format for this isolate; production never logs debug, whatever LOG_LEVEL says, and only
 * development may use the readable format (src/env.ts refuses it elsewhere: Workers Logs indexes JSON fields).
 */
export function configureLogger(level: LogLevel, environment: Environment, format: LogFormat = 'json'): void {
  const effective = environment === 'production' && level === 'debug' ? 'info' : level;
  threshold = SEVERITY[effective];
  pretty = format === 'pretty' && environment === 'development';
}

export const isLevelEnabled = (level: LogLevel): boolean => SEVERITY[level] >= threshold;

export type LogFields = Record<string, unknown>;

/** `key=value`, the value bare when it is a plain word or number, JSON otherwise (quoted, escaped). */
function prettyField(key: string, value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return `${key}=${value}`;
  if (typeof value === 'string' && /^[\w./:@+-]*$/.test(value) && value !== '') return `${key}=${value}`;
  return `${key}=${JSON.stringify(value)}`;
}

/**
 * The development format: `HH:MM:SS.mmm LEVEL msg key=value …`, undefined fields left out. `wrangler dev` forwards
 * every console line through its own terminal logger, where a long JSON object costs far more than a short line.
 */
function prettyLine(level: LogLevel, msg: string, requestId: string | undefined, fields: LogFields): string {
  let line = `${new Date().toISOString().slice(11, 23)} ${level.toUpperCase()} ${msg}`;
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined) line += ` ${prettyField(key, value)}`;
  }
  return requestId === undefined ? line : `${line} requestId=${requestId}`;
}

function write(level: LogLevel, msg: string, fields?: LogFields): void {
  if (!isLevelEnabled(level)) return;
  const requestId = currentContext()?.requestId;
  const safe = fields ? (redact(fields) as LogFields) : undefined;
  if (pretty) {
    SINKS[level](prettyLine(level, msg, requestId, safe ?? {}));
    return;
  }
  const base: LogFields = { ts: new Date().toISOString(), level, msg };
  if (requestId !== undefined) base.requestId = requestId;
  // The reserved keys are written last so that a field can never forge them.
  const record = safe ? Object.assign({}, base, safe, base) : base;
  SINKS[level](JSON.stringify(record));
}

export const logger = {
  debug: (msg: string, fields?: LogFields) => write('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
};
