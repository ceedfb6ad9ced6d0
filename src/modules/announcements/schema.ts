// Announcements contract: what managers post and every member reads.
import { z } from '@hono/zod-openapi';
import { PageQuerySchema, pageSchema } from '../../platform/paging';
import { PersonRefSchema, resourceMetaFields } from '../../platform/resource-schema';

export const TITLE_MAX = 200;
export const BODY_MAX = 10_000;

export const EXAMPLE = {
  id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  buildingId: '0193a1b2-0000-7e5f-8a9b-0c1d2e3f4a5b',
  title: 'Water off on Tuesday',
  body: 'The water will be off from 9:00 to 11:00 for pipe repairs.',
  author: { id: '0193a1b2-1111-7e5f-8a9b-0c1d2e3f4a5b', name: 'Dana Cohen' },
  createdAt: '2025-01-31T09:30:00.000Z',
  updatedAt: '2025-01-31T09:30:00.000Z',
  version: 1,
};

export const AnnouncementSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid', example: EXAMPLE.id }),
    buildingId: z.string().openapi({ format: 'uuid', example: EXAMPLE.buildingId }),
    title: z.string().openapi({ example: EXAMPLE.title }),
    body: z.string().openapi({ example: EXAMPLE.body }),
    author: PersonRefSchema,
    ...resourceMetaFields,
  })
  .openapi('Announcement', { example: EXAMPLE });

export type Announcement = z.infer<typeof AnnouncementSchema>;

const title = z.string().trim().min(1).max(TITLE_MAX).openapi({ example: EXAMPLE.title });
const body = z.string().trim().min(1).max(BODY_MAX).openapi({ example: EXAMPLE.body });

export const CreateAnnouncementBodySchema = z
  .object({ title, body })
  .strict()
  .openapi('CreateAnnouncementRequest', { example: { title: EXAMPLE.title, body: EXAMPLE.body } });

export type CreateAnnouncementInput = z.infer<typeof CreateAnnouncementBodySchema>;

export const UpdateAnnouncementBodySchema = z
  .object({ title: title.optional(), body: body.optional() })
  .strict()
  .refine((changes) => changes.title !== undefined || changes.body !== undefined, {
    message: 'Send at least one of title, body.',
  })
  .openapi('UpdateAnnouncementRequest', { example: { title: 'Water off on Wednesday' } });

export type UpdateAnnouncementInput = z.infer<typeof UpdateAnnouncementBodySchema>;

export const AnnouncementListQuerySchema = PageQuerySchema;

export const AnnouncementPageSchema = pageSchema(AnnouncementSchema, 'AnnouncementPage').openapi({
  example: { data: [EXAMPLE], page: { limit: 20, nextCursor: null } },
});
