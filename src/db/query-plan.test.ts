import { describe, expect, it } from 'vitest';
import { fullScans, queryPlan } from '../../test/helpers/query-plan';

describe('indexes for hot queries (7.1)', () => {
  const hot: Array<[string, string, unknown[]]> = [
    ['user by email (login)', 'SELECT * FROM users WHERE email = ?', ['a@b.c']],
    ['refresh token by hash', 'SELECT * FROM refresh_tokens WHERE token_hash = ?', ['h']],
    ['refresh tokens of a login', 'UPDATE refresh_tokens SET revoked_at = 1 WHERE family_id = ?', ['f']],
    ['sessions of a user (revoke all)', 'UPDATE sessions SET revoked_at = 1 WHERE user_id = ?', ['u']],
    ['expired refresh tokens (hourly purge)', 'DELETE FROM refresh_tokens WHERE expires_at <= ?', [1]],
    ['expired sessions (hourly purge)', 'DELETE FROM sessions WHERE expires_at <= ?', [1]],
    ['idle login counters (hourly purge)', 'DELETE FROM login_throttles WHERE updated_at <= ?', [1]],
    ['old cache versions (hourly purge)', 'DELETE FROM cache_versions WHERE updated_at <= ?', [1]],
    ['memberships of a user', 'SELECT * FROM memberships WHERE user_id = ? ORDER BY building_id', ['u']],
    [
      'member of a building',
      'SELECT role FROM memberships WHERE building_id = ? AND user_id = ?',
      ['b', 'u'],
    ],
    ['members page', 'SELECT * FROM memberships WHERE building_id = ? ORDER BY user_id LIMIT 20', ['b']],
    ['invite by code', 'SELECT * FROM invites WHERE code_hash = ?', ['c']],
    [
      'announcements page',
      'SELECT * FROM announcements WHERE building_id = ? AND id > ? ORDER BY id LIMIT 21',
      ['b', '0'],
    ],
    [
      'maintenance page',
      'SELECT * FROM maintenance_requests WHERE building_id = ? AND id > ? ORDER BY id LIMIT 21',
      ['b', '0'],
    ],
    [
      'maintenance by status',
      'SELECT * FROM maintenance_requests WHERE building_id = ? AND status = ? ORDER BY id LIMIT 21',
      ['b', 'open'],
    ],
  ];

  for (const [name, sql, params] of hot) {
    it(`${name} uses an index`, async () => {
      expect(await fullScans(sql, params)).toEqual([]);
      expect(
        (await queryPlan(sql, params)).some((row) => /USING (COVERING )?INDEX|PRIMARY KEY/.test(row.detail)),
      ).toBe(true);
    });
  }

  it('the helper does see a full scan', async () => {
    expect(await fullScans('SELECT * FROM users WHERE name = ?', ['x'])).toEqual(['SCAN users']);
  });
});
