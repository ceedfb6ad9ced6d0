// Auth module: accounts, sessions and the current user (mounted under /api/v2) and the JWKS (at the root);
// other modules reach it here: authenticate() on their routes, verifiedUserId() for the rate limiter.
import { createRouter } from '../../http/openapi';
import { registerGetJwks } from './routes/get-jwks';
import { registerGetMe } from './routes/get-me';
import { registerPatchMe } from './routes/patch-me';
import { registerPostLogin } from './routes/post-login';
import { registerPostLogout } from './routes/post-logout';
import { registerPostPasswordStrength } from './routes/post-password-strength';
import { registerPostRefresh } from './routes/post-refresh';
import { registerPostRegister } from './routes/post-register';

export { authenticate } from './authenticate';
export { verifiedUserId } from './authenticate/bearer';

export function authRoutes() {
  const app = createRouter();
  registerPostRegister(app);
  registerPostLogin(app);
  registerPostRefresh(app);
  registerPostLogout(app);
  registerPostPasswordStrength(app);
  registerGetMe(app);
  registerPatchMe(app);
  return app;
}

export function wellKnownRoutes() {
  const app = createRouter();
  registerGetJwks(app);
  return app;
}
