// Structured logging: one JSON object per line, with the request ID, filtered by level, secrets redacted.
import type { Environment, LogLevel } from '../env';
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

/** Sets the level for this isolate; production never logs debug, whatever LOG_LEVEL says. */
export function configureLogger(level: LogLevel, environment: Environment): void {
  const effective = environment === 'production' && level === 'debug' ? 'info' : level;
  threshold = SEVERITY[effective];
}

export const isLevelEnabled = (level: LogLevel): boolean => SEVERITY[level] >= threshold;

export type LogFields = Record<string, unknown>;

function write(level: LogLevel, msg: string, fields?: LogFields): void {
  if (!isLevelEnabled(level)) return;
  const context = currentContext();
  const base: LogFields = { ts: new Date().toISOString(), level, msg };
  if (context) base.requestId = context.requestId;
  // The reserved keys are written last so that a field can never forge them.
  const record = fields ? Object.assign({}, base, redact(fields) as LogFields, base) : base;
  SINKS[level](JSON.stringify(record));
}

export const logger = {
  debug: (msg: string, fields?: LogFields) => write('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
};
