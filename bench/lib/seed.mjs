// Seeds the bench data through the API itself (register, create a building, post announcements). A step that fails
// becomes the reason its rows print "n/a (…)" instead of stopping the bench.
import { call } from './http.mjs';

export const PASSWORD = 'Quartz-Meadow-Lantern-42';
const RUN = Date.now().toString(36);

/** Throws "route missing" for 404/405 (no such route yet), else the status and the problem's title. */
async function expectOk(origin, request) {
  const res = await call(origin, request);
  if (res.status >= 200 && res.status < 300) return res;
  const label = `${request.method ?? 'GET'} ${request.path.replace(/[0-9a-f-]{36}/g, '{id}')} → ${res.status}`;
  if (res.status === 404 || res.status === 405) throw new Error(`route missing: ${label}`);
  throw new Error(`${label}${res.json?.title ? ` ${res.json.title}` : ''}`);
}

/** A new user who owns a new building; `announcements` > 0 also posts that many announcements to it. */
export async function seedTenant(origin, label, announcements = 0) {
  try {
    const registered = await expectOk(origin, {
      method: 'POST',
      path: '/api/v2/auth/register',
      body: { email: `bench-${RUN}-${label}@example.com`, password: PASSWORD, name: `Bench ${label}` },
    });
    const token = registered.json?.accessToken;
    if (!token) throw new Error('POST /api/v2/auth/register answered without accessToken');
    const created = await expectOk(origin, {
      method: 'POST',
      path: '/api/v2/buildings',
      token,
      body: {
        name: `Bench ${label}`,
        address: { line1: '12 Herzl St', city: 'Tel Aviv', country: 'IL' },
        timeZone: 'Asia/Jerusalem',
        currency: 'ILS',
        monthlyDues: 45000,
      },
    });
    const buildingId = created.json?.id;
    if (!buildingId) throw new Error('POST /api/v2/buildings answered without id');
    // Four at a time: quick, and far from any per-user limit.
    for (let next = 0; next < announcements; next += 4) {
      const batch = [];
      for (let i = next; i < Math.min(next + 4, announcements); i++) {
        batch.push(
          expectOk(origin, {
            method: 'POST',
            path: `/api/v2/buildings/${buildingId}/announcements`,
            token,
            body: {
              title: `Bench notice ${i + 1}`,
              body: `Announcement number ${i + 1} of the bench seed data.`,
            },
          }),
        );
      }
      await Promise.all(batch);
    }
    return { token, buildingId };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
