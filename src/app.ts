// createApp(): the global middleware in order, then the mounted modules, the OpenAPI document and the error handlers.
import { Scalar } from '@scalar/hono-api-reference';
import { requestContext } from './middleware/request-context';
import { v2Routes } from './api/v2';
import { wellKnownRoutes } from './modules/auth';
import { healthRoutes } from './modules/health';
import { handleError } from './platform/errors/error-handler';
import { notFoundHandler } from './platform/errors/not-found';
import { createRouter } from './platform/openapi';
import { registerOpenApiDocument } from './platform/openapi-document';

export function createApp() {
  const app = createRouter();

  // Global middleware, in the order a request meets it.
  app.use('*', requestContext());

  app.route('/', healthRoutes());
  app.route('/', wellKnownRoutes());
  app.route('/api/v2', v2Routes());

  registerOpenApiDocument(app, '/openapi.json');
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Doorman API reference' }));

  app.notFound(notFoundHandler(app));
  app.onError(handleError);
  return app;
}
