// createApp(): the global middleware in order, then the mounted modules, the OpenAPI document and the error handlers.
import { registerOpenApiDocuments } from './api/openapi-document';
import { registerApiReference } from './api/reference';
import { v1Routes } from './api/v1';
import { migrationGuide } from './api/v1/migration-guide';
import { v2Routes } from './api/v2';
import { createRouter } from './http/openapi';
import { bodyLimit } from './middleware/body-limit';
import { compression } from './middleware/compression';
import { conditionalGet } from './middleware/conditional-get';
import { edgeCache } from './middleware/edge-cache';
import { rateLimit } from './middleware/rate-limit';
import { requestContext } from './middleware/request-context';
import { cors, securityHeaders } from './middleware/security-headers';
import { verifiedUserId, wellKnownRoutes } from './modules/auth';
import { healthRoutes } from './modules/health';
import { handleError } from './platform/errors/error-handler';
import { notFoundHandler } from './platform/errors/not-found';

export function createApp() {
  const app = createRouter();

  // Global middleware, in the order a request meets it.
  app.use('*', requestContext());
  app.use('*', compression());
  app.use('*', conditionalGet());
  app.use('*', securityHeaders(), cors());
  app.use('*', rateLimit(verifiedUserId));
  app.use('*', bodyLimit());

  app.route('/', healthRoutes());
  app.route('/', wellKnownRoutes());
  app.route('/api/v2', v2Routes());
  app.route('/api/v1', v1Routes());

  registerOpenApiDocuments(app);
  app.get('/docs/migrations/v1-to-v2', edgeCache(), migrationGuide);
  registerApiReference(app);

  app.notFound(notFoundHandler(app));
  app.onError(handleError);
  return app;
}
