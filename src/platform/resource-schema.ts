// Schema pieces every resource shares: who (a person reference) and when/which version (timestamps, version).
import { z } from '@hono/zod-openapi';

export const PersonRefSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid', example: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }),
    name: z.string().openapi({ example: 'Dana Cohen' }),
  })
  .openapi('PersonRef', { description: 'A user, by ID and display name (never their email).' });

/** `createdAt`, `updatedAt` (ISO 8601 UTC) and `version` (grows by one on every change; the ETag carries it). */
export const resourceMetaFields = {
  createdAt: z.string().openapi({ format: 'date-time', example: '2026-11-25T09:30:00.000Z' }),
  updatedAt: z.string().openapi({ format: 'date-time', example: '2026-11-25T09:30:00.000Z' }),
  version: z.number().int().openapi({ description: 'Grows by one on every change.', example: 1 }),
};
