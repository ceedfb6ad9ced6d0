// The building's short event log in the object's SQLite: ids for every event, replay after Last-Event-ID.
import { BUILDING_ROOM, type EventFrame } from './protocol';

/** The log keeps the last KEEP_EVENTS events or those of the last KEEP_MS, whichever is more. */
export const KEEP_EVENTS = 1000;
export const KEEP_MS = 10 * 60_000;

export interface NewEvent {
  room: string;
  event: string;
  data: unknown;
  /** Set for events sent to one user (`sendToUser`): only that user receives or replays them. */
  target?: string;
  eventId?: string;
  requestId?: string;
  from?: EventFrame['from'];
}

type Row = { id: number; room: string; event: string; body: string; ts: number };

export type Replay = { reset: true } | { reset: false; events: EventFrame[] };

/**
 * Ids come from a counter row, not AUTOINCREMENT, so they keep increasing after the log is trimmed empty.
 * Each row holds everything of its frame but the id, so a replay sends the very frame the sockets got.
 */
export class EventLog {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS events (
      id INTEGER PRIMARY KEY, room TEXT NOT NULL, target TEXT, event TEXT NOT NULL, body TEXT NOT NULL,
      ts INTEGER NOT NULL, event_id TEXT UNIQUE)`);
    sql.exec('CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)');
  }

  /** The id an earlier delivery of this domain event got, if it is still in the log (at-least-once delivery). */
  idOf(eventId: string): number | undefined {
    return this.sql.exec<{ id: number }>('SELECT id FROM events WHERE event_id = ?', eventId).toArray()[0]
      ?.id;
  }

  append(input: NewEvent, now: number): EventFrame {
    const id = this.sql
      .exec<{ value: number }>(
        `INSERT INTO counters (name, value) VALUES ('events', 1)
           ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .one().value;
    const frame: EventFrame = {
      type: 'event',
      id,
      room: input.room,
      event: input.event,
      data: input.data,
      ts: new Date(now).toISOString(),
      ...(input.eventId === undefined ? {} : { eventId: input.eventId }),
      ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
      ...(input.from === undefined ? {} : { from: input.from }),
    };
    const { type: _type, id: _id, ...body } = frame;
    this.sql.exec(
      'INSERT INTO events (id, room, target, event, body, ts, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      id,
      input.room,
      input.target ?? null,
      input.event,
      JSON.stringify(body),
      now,
      input.eventId ?? null,
    );
    this.trim(now);
    return frame;
  }

  /** Drops what is both beyond the last KEEP_EVENTS and older than KEEP_MS. */
  trim(now: number): void {
    this.sql.exec(
      'DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ? AND ts < ?',
      KEEP_EVENTS,
      now - KEEP_MS,
    );
  }

  /** The last id handed out (0 before any). */
  lastId(): number {
    return (
      this.sql.exec<{ value: number }>("SELECT value FROM counters WHERE name = 'events'").toArray()[0]
        ?.value ?? 0
    );
  }

  /**
   * What an SSE client that saw `lastEventId` missed in the building room (and what was sent to it alone), or
   * `reset` when some of it is no longer in the log, or the id is not one this log gave out.
   */
  since(lastEventId: number, userId: string): Replay {
    const last = this.lastId();
    const first =
      this.sql.exec<{ id: number | null }>('SELECT MIN(id) AS id FROM events').one().id ?? last + 1;
    if (!Number.isSafeInteger(lastEventId) || lastEventId < first - 1 || lastEventId > last) {
      return { reset: true };
    }
    const rows = this.sql
      .exec<Row>(
        `SELECT id, room, event, body, ts FROM events
         WHERE id > ? AND ((target IS NULL AND room = ?) OR target = ?) ORDER BY id`,
        lastEventId,
        BUILDING_ROOM,
        userId,
      )
      .toArray();
    return {
      reset: false,
      events: rows.map((row) => ({ type: 'event', id: row.id, ...JSON.parse(row.body) })),
    };
  }
}
