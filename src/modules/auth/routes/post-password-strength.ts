// POST /auth/password-strength: score 0–4, the policy verdict and feedback, in the request language.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { t } from '../../../platform/i18n';
import { checkPasswordPolicy, estimateStrength, PASSWORD_MIN_LENGTH } from '../password';
import { PasswordStrengthBodySchema, PasswordStrengthSchema } from '../schema';

const route = defineRoute({
  method: 'post',
  path: '/auth/password-strength',
  operationId: 'auth.passwordStrength',
  tags: ['auth'],
  summary: 'Check a password',
  description:
    'For a strength meter while the user types: the zxcvbn score (0 weakest to 4), whether the password ' +
    'meets the registration policy, every unmet rule, and feedback in the request language. Nothing is stored.',
  request: {
    body: { required: true, content: { 'application/json': { schema: PasswordStrengthBodySchema } } },
  },
  responses: {
    200: { description: 'The verdict', content: { 'application/json': { schema: PasswordStrengthSchema } } },
  },
});

export const registerPostPasswordStrength = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { password, userInputs = [] } = c.req.valid('json');
    const language = c.var.requestContext.language;
    const [estimate, failures] = await Promise.all([
      estimateStrength(password, userInputs, language),
      checkPasswordPolicy(password, userInputs),
    ]);
    c.header('Cache-Control', 'no-store');
    c.header('Content-Language', language);
    return c.json(
      {
        score: estimate.score,
        meetsPolicy: failures.length === 0,
        failures: failures.map(({ code }) => ({
          code,
          message: t(language, `password.${code}`, { minimum: PASSWORD_MIN_LENGTH }),
        })),
        feedback: estimate.feedback,
      },
      200,
    );
  });
