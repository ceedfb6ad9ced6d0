// Maintenance requests contract: what members open, and the status managers move them through.
import { z } from '@hono/zod-openapi';
import { PageQuerySchema, pageSchema } from '../../platform/paging';
import { PersonRefSchema, resourceMetaFields } from '../../platform/resource-schema';
import { MAINTENANCE_STATUSES } from './tables';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5_000;

export const EXAMPLE = {
  id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
  buildingId: '0193a1b2-0000-7e5f-8a9b-0c1d2e3f4a5b',
  title: 'Leaking tap',
  description: 'The kitchen tap on the 3rd floor drips all night.',
  status: 'open' as const,
  openedBy: { id: '0193a1b2-2222-7e5f-8a9b-0c1d2e3f4a5b', name: 'Noa Levi' },
  createdAt: '2025-01-31T09:30:00.000Z',
  updatedAt: '2025-01-31T09:30:00.000Z',
  version: 1,
};

export const MaintenanceStatusSchema = z.enum(MAINTENANCE_STATUSES).openapi('MaintenanceStatus', {
  description: 'open → in_progress → resolved; open or in_progress → rejected. Any other move is 409.',
  example: 'open',
});

export const MaintenanceRequestSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid', example: EXAMPLE.id }),
    buildingId: z.string().openapi({ format: 'uuid', example: EXAMPLE.buildingId }),
    title: z.string().openapi({ example: EXAMPLE.title }),
    description: z.string().openapi({ example: EXAMPLE.description }),
    status: MaintenanceStatusSchema,
    openedBy: PersonRefSchema,
    ...resourceMetaFields,
  })
  .openapi('MaintenanceRequest', { example: EXAMPLE });

export type MaintenanceRequest = z.infer<typeof MaintenanceRequestSchema>;

const title = z.string().trim().min(1).max(TITLE_MAX).openapi({ example: EXAMPLE.title });
const description = z.string().trim().min(1).max(DESCRIPTION_MAX).openapi({ example: EXAMPLE.description });

export const CreateMaintenanceRequestBodySchema = z
  .object({ title, description })
  .strict()
  .openapi('CreateMaintenanceRequestRequest', {
    example: { title: EXAMPLE.title, description: EXAMPLE.description },
  });

export type CreateMaintenanceRequestInput = z.infer<typeof CreateMaintenanceRequestBodySchema>;

export const UpdateMaintenanceRequestBodySchema = z
  .object({
    title: title.optional(),
    description: description.optional(),
    status: MaintenanceStatusSchema.optional().openapi({ description: 'Managers only.' }),
  })
  .strict()
  .refine((c) => c.title !== undefined || c.description !== undefined || c.status !== undefined, {
    message: 'Send at least one of title, description, status.',
  })
  .openapi('UpdateMaintenanceRequestRequest', { example: { status: 'in_progress' } });

export type UpdateMaintenanceRequestInput = z.infer<typeof UpdateMaintenanceRequestBodySchema>;

export const MaintenanceListQuerySchema = PageQuerySchema.safeExtend({
  status: MaintenanceStatusSchema.optional().openapi({ description: 'Only requests in this status.' }),
});

export type MaintenanceListQuery = z.infer<typeof MaintenanceListQuerySchema>;

export const MaintenanceRequestPageSchema = pageSchema(
  MaintenanceRequestSchema,
  'MaintenanceRequestPage',
).openapi({ example: { data: [EXAMPLE], page: { limit: 20, nextCursor: null } } });
