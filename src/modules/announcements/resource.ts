// Announcements as a building-scoped resource: their path, names and representation; the routes say the rest.
import { buildingScopedResource } from '../buildings';
import { AnnouncementSchema, EXAMPLE } from './schema';

export const announcementResource = buildingScopedResource({
  collection: 'announcements',
  itemParam: 'announcementId',
  itemExample: EXAMPLE.id,
  tag: 'announcements',
  operations: 'announcements',
  noun: 'announcement',
  plural: 'announcements',
  item: AnnouncementSchema,
});
