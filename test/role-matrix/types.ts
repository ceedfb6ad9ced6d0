// The shape of a role-matrix row: one route, and which callers it lets through.
import type { BuildingFixture } from '../helpers/fixtures';

export type Role = 'anonymous' | 'outsider' | 'resident' | 'manager' | 'admin';
export const ROLES: readonly Role[] = ['anonymous', 'outsider', 'resident', 'manager', 'admin'];

export interface MatrixRow {
  /** `METHOD /path/template` as in the OpenAPI document. */
  route: string;
  /** Async preparation (an invite code, …); what it returns reaches `path` and `body` as `extra`. */
  setup?: (f: BuildingFixture) => Promise<Record<string, string>>;
  path: (f: BuildingFixture, extra: Record<string, string>) => string;
  body?: (f: BuildingFixture, extra: Record<string, string>) => unknown;
  /** Roles that must get a success (2xx). Everyone else is refused: 401 anonymous, 404 outsiders, 403 members. */
  allowed: readonly Role[];
  /** Building-scoped routes hide the building from outsiders (404); others refuse with 403. */
  scope: 'building' | 'user' | 'platform';
}

export const EVERYONE_SIGNED_IN: readonly Role[] = ['outsider', 'resident', 'manager', 'admin'];
export const MEMBERS: readonly Role[] = ['resident', 'manager', 'admin'];
export const MANAGERS: readonly Role[] = ['manager', 'admin'];
