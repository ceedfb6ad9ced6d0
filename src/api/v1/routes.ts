// Every v1 route (OpenAPI paths relative to the version), the methods it had, and what needs translating.
import type { BodyTranslation } from './translate';

export interface V1Route {
  path: string;
  methods: string[];
  body: BodyTranslation;
  list?: boolean;
}

export const V1_ROUTES: readonly V1Route[] = [
  { path: '/auth/register', methods: ['POST'], body: 'none' },
  { path: '/auth/login', methods: ['POST'], body: 'none' },
  { path: '/auth/refresh', methods: ['POST'], body: 'none' },
  { path: '/auth/logout', methods: ['POST'], body: 'none' },
  { path: '/me', methods: ['GET', 'PATCH'], body: 'none' },
  { path: '/buildings', methods: ['GET', 'POST'], body: 'building', list: true },
  { path: '/buildings/{id}', methods: ['GET', 'PATCH', 'DELETE'], body: 'building' },
];
