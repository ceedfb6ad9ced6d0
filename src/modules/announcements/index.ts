// Announcements module: managers post, edit and delete; every member of the building reads.
import { createRouter } from '../../http/openapi';
import { registerDeleteAnnouncement } from './routes/delete-announcement';
import { registerGetAnnouncement } from './routes/get-announcement';
import { registerListAnnouncements } from './routes/list-announcements';
import { registerPatchAnnouncement } from './routes/patch-announcement';
import { registerPostAnnouncement } from './routes/post-announcement';

export function announcementRoutes() {
  const app = createRouter();
  registerListAnnouncements(app);
  registerPostAnnouncement(app);
  registerGetAnnouncement(app);
  registerPatchAnnouncement(app);
  registerDeleteAnnouncement(app);
  return app;
}
