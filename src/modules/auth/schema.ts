// Auth contract: registration, login, token pairs, the user, and the password-strength check.
import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX_LENGTH } from './password';

const EMAIL_MAX = 254;

const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { message: 'Must be an IANA time zone, such as Asia/Jerusalem.' })
  .openapi({ example: 'Asia/Jerusalem' });

const locale = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Must be a BCP 47 language tag, such as he or en-GB.')
  .max(35)
  .openapi({ example: 'he' });

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const RegisterBodySchema = z
  .object({
    email: z.email().max(EMAIL_MAX).openapi({ example: 'dana@example.com' }),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH).openapi({ example: 'Correct-Horse-Battery-9' }),
    name: z.string().trim().min(1).max(120).openapi({ example: 'Dana Cohen' }),
    locale: locale.optional(),
    timeZone: timeZone.optional(),
  })
  .strict()
  .openapi('RegisterRequest');

export const LoginBodySchema = z
  .object({
    email: z.string().min(1).max(EMAIL_MAX).openapi({ example: 'dana@example.com' }),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH).openapi({ example: 'Correct-Horse-Battery-9' }),
  })
  .strict()
  .openapi('LoginRequest');

export const RefreshBodySchema = z
  .object({ refreshToken: z.string().min(1).max(200).openapi({ example: 'drt_3q2…' }) })
  .strict()
  .openapi('RefreshRequest');

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }),
    email: z.string().openapi({ example: 'dana@example.com' }),
    name: z.string().openapi({ example: 'Dana Cohen' }),
    locale: z.string().openapi({ example: 'he' }),
    timeZone: z.string().openapi({ example: 'Asia/Jerusalem' }),
    isAdmin: z.boolean().openapi({ example: false }),
    createdAt: z.string().openapi({ example: '2026-11-25T10:00:00.000Z' }),
    updatedAt: z.string().openapi({ example: '2026-11-25T10:00:00.000Z' }),
    version: z.number().int().openapi({ example: 1 }),
  })
  .openapi('User');

export type User = z.infer<typeof UserSchema>;

export const TokenPairSchema = z
  .object({
    user: UserSchema,
    accessToken: z
      .string()
      .openapi({ description: 'JWT (EdDSA), 15 minutes', example: 'eyJhbGciOiJFZERTQSIs…' }),
    refreshToken: z
      .string()
      .openapi({ description: 'Opaque, single use, rotated on refresh', example: 'drt_3q2…' }),
    expiresIn: z
      .number()
      .int()
      .openapi({ description: 'Seconds until the access token expires', example: 900 }),
  })
  .openapi('TokenPair');

export const UpdateMeBodySchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    locale: locale.optional(),
    timeZone: timeZone.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field.' })
  .openapi('UpdateMeRequest', { example: { locale: 'he' } });

export const PasswordStrengthBodySchema = z
  .object({
    password: z.string().max(PASSWORD_MAX_LENGTH).openapi({ example: 'Correct-Horse-Battery-9' }),
    userInputs: z
      .array(z.string().max(100))
      .max(10)
      .optional()
      .openapi({
        description: 'Words the password should not contain, such as the email and name',
        example: ['dana@example.com'],
      }),
  })
  .strict()
  .openapi('PasswordStrengthRequest');

export const PasswordStrengthSchema = z
  .object({
    score: z.number().int().min(0).max(4).openapi({ example: 3 }),
    meetsPolicy: z.boolean().openapi({ example: true }),
    failures: z.array(z.object({ code: z.string(), message: z.string() })).openapi({ example: [] }),
    feedback: z.object({
      warning: z.string().nullable(),
      suggestions: z.array(z.string()),
    }),
  })
  .openapi('PasswordStrength');

export const JwksSchema = z
  .object({
    keys: z.array(
      z.object({
        kty: z.string(),
        crv: z.string(),
        x: z.string(),
        y: z.string().optional(),
        kid: z.string(),
        alg: z.string(),
        use: z.string(),
      }),
    ),
  })
  .openapi('JsonWebKeySet', {
    example: {
      keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'p218U5xk…', kid: 'dev-2026-11', alg: 'EdDSA', use: 'sig' }],
    },
  });
