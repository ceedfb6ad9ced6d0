// Connection tickets in the building's own SQLite: random, single use, 60 s, bound to one user and this building.
import { encodeBase64Url } from '../../src/platform/encoding';

export const TICKET_TTL_MS = 60_000;

export interface TicketHolder {
  userId: string;
  name: string;
}

const sha256 = async (text: string): Promise<string> =>
  encodeBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));

/**
 * Only a ticket's SHA-256 is stored, so the object's storage holds nothing a client could connect with. A ticket
 * lives in the object of the building it was issued for, so another building's object simply does not know it.
 * Redeeming is one `DELETE … RETURNING`: the object runs one statement at a time, so two sockets racing with
 * the same ticket cannot both get it.
 */
export class TicketStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      'CREATE TABLE IF NOT EXISTS tickets (hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, expires_at INTEGER NOT NULL)',
    );
  }

  async issue(holder: TicketHolder, now: number): Promise<{ ticket: string; expiresAt: number }> {
    const ticket = encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    const expiresAt = now + TICKET_TTL_MS;
    this.sql.exec(
      'INSERT INTO tickets (hash, user_id, name, expires_at) VALUES (?, ?, ?, ?)',
      await sha256(ticket),
      holder.userId,
      holder.name,
      expiresAt,
    );
    return { ticket, expiresAt };
  }

  /** The ticket's holder, once: the ticket is gone afterwards, used or expired. */
  async redeem(ticket: string, now: number): Promise<TicketHolder | null> {
    const hash = await sha256(ticket);
    const row = this.sql
      .exec<{ user_id: string; name: string; expires_at: number }>(
        'DELETE FROM tickets WHERE hash = ? RETURNING user_id, name, expires_at',
        hash,
      )
      .toArray()[0];
    if (!row || row.expires_at <= now) return null;
    return { userId: row.user_id, name: row.name };
  }

  /** Forgets expired tickets; returns how many are still pending. */
  purge(now: number): number {
    this.sql.exec('DELETE FROM tickets WHERE expires_at <= ?', now);
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM tickets').one().n;
  }
}
