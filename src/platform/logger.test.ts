import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/helpers/logs';
import { LOG_LEVELS } from '../env';
import { runWithContext } from './context';
import { configureLogger, logger } from './logger';
import { RequestMetrics } from './metrics';

afterEach(() => configureLogger('debug', 'development'));

describe('log level filtering (1.3)', () => {
  it('filters below the configured level and always keeps errors', () => {
    const logs = captureLogs();
    configureLogger('warn', 'development');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(logs.records().map((r) => r.msg)).toEqual(['w', 'e']);
    logs.restore();
  });

  it('never writes debug in production, even when LOG_LEVEL says debug', () => {
    const logs = captureLogs();
    configureLogger('debug', 'production');
    logger.debug('hidden');
    logger.info('shown');
    logger.error('always');
    expect(logs.records().map((r) => r.msg)).toEqual(['shown', 'always']);
    logs.restore();
  });

  it('writes error at every level setting', () => {
    for (const level of LOG_LEVELS) {
      const logs = captureLogs();
      configureLogger(level, 'production');
      logger.error('boom');
      expect(logs.records()).toHaveLength(1);
      logs.restore();
    }
  });
});

describe('Property 5: Structured log format', () => {
  it('every line is one JSON object with ts, level, msg, the request ID and the fields', () => {
    configureLogger('debug', 'development');
    const safeKey = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter(
        (k) =>
          !/pass|secret|token|auth|cookie|key|sign|cred|^d$/i.test(k) &&
          !['ts', 'level', 'msg', 'requestId', '__proto__'].includes(k),
      );
    fc.assert(
      fc.property(
        fc.constantFrom(...LOG_LEVELS),
        fc.string({ maxLength: 40 }),
        fc.dictionary(safeKey, fc.oneof(fc.integer(), fc.boolean(), fc.constantFrom('a', 'b c', 'ünï')), {
          maxKeys: 5,
        }),
        fc.stringMatching(/^[A-Za-z0-9]{8,20}$/),
        (level, msg, fields, requestId) => {
          const logs = captureLogs();
          runWithContext(
            {
              requestId,
              method: 'GET',
              path: '/',
              startedAt: 0,
              metrics: new RequestMetrics(),
              language: 'en',
            },
            () => logger[level](msg, fields),
          );
          const lines = logs.raw();
          logs.restore();
          expect(lines).toHaveLength(1);
          expect(lines[0]).not.toContain('\n');
          const record = JSON.parse(lines[0] as string);
          expect(record).toMatchObject({ level, msg, requestId, ...fields });
          expect(new Date(record.ts).toISOString()).toBe(record.ts);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a field cannot forge the reserved keys', () => {
    const logs = captureLogs();
    logger.info('real', { level: 'error', msg: 'forged', ts: 'x' });
    const [record] = logs.records();
    logs.restore();
    expect(record).toMatchObject({ level: 'info', msg: 'real' });
    expect(record?.ts).not.toBe('x');
  });
});

describe('readable development format (LOG_FORMAT=pretty)', () => {
  it('writes one short line per call: time, level, message, key=value fields, request ID; secrets still redacted', () => {
    const logs = captureLogs();
    configureLogger('debug', 'development', 'pretty');
    runWithContext(
      {
        requestId: 'req-0001',
        method: 'GET',
        path: '/',
        startedAt: 0,
        metrics: new RequestMetrics(),
        language: 'en',
      },
      () =>
        logger.info('response', {
          method: 'GET',
          route: '/api/v2/buildings/:id',
          status: 200,
          userId: undefined,
          note: 'two words',
          password: 'hunter2',
          header: 'Bearer abc.def.ghi',
        }),
    );
    const lines = logs.raw();
    logs.restore();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\d{2}:\d{2}:\d{2}\.\d{3} INFO response method=GET route=\/api\/v2\/buildings\/:id status=200 note="two words" password="\[REDACTED\]" header="Bearer \[REDACTED\]" requestId=req-0001$/,
    );
    expect(lines[0]).not.toContain('hunter2');
    expect(lines[0]).not.toContain('userId');
  });

  it('is JSON outside development whatever LOG_FORMAT says', () => {
    for (const environment of ['staging', 'production'] as const) {
      const logs = captureLogs();
      configureLogger('info', environment, 'pretty');
      logger.info('shown', { n: 1 });
      expect(logs.records()).toMatchObject([{ msg: 'shown', n: 1 }]);
      logs.restore();
    }
  });
});
