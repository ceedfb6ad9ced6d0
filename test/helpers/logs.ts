// Captures the JSON log lines the Worker writes (console.* spied, nothing else faked).
import { type MockInstance, vi } from 'vitest';

export interface LogRecord {
  ts: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  requestId?: string;
  [field: string]: unknown;
}

export interface CapturedLogs {
  /** Every line, parsed; a line that is not JSON fails the test that reads it. */
  records(): LogRecord[];
  raw(): string[];
  restore(): void;
}

export function captureLogs(): CapturedLogs {
  const spies: MockInstance[] = (['debug', 'log', 'info', 'warn', 'error'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation(() => {}),
  );
  // mockRestore() forgets the calls: keep them, so lines can be read after the console is restored.
  let kept: string[] | undefined;
  const raw = () => kept ?? spies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0])));
  return {
    raw,
    records: () =>
      raw()
        .map((line) => JSON.parse(line) as LogRecord)
        .sort((a, b) => a.ts.localeCompare(b.ts)),
    restore: () => {
      kept = raw();
      for (const spy of spies) spy.mockRestore();
    },
  };
}
