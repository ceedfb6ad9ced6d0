// POST /buildings/{id}/announcements: a manager posts an announcement to the building.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/app-env';
import { announcementResource } from '../resource';
import { CreateAnnouncementBodySchema } from '../schema';
import { createAnnouncement } from '../service';

export const registerPostAnnouncement = (app: OpenAPIHono<AppEnv>) =>
  announcementResource.create(app, {
    summary: 'Post an announcement',
    description:
      'Managers (and platform admins) only; residents get 403. The caller is the author. Answers 201 with ' +
      '`Location` and `ETag`. Unknown properties are refused (422).',
    access: 'manager',
    body: CreateAnnouncementBodySchema,
    create: ({ db, building, user, body }) =>
      createAnnouncement(db, { buildingId: building.buildingId, authorId: user.id, input: body }),
  });
