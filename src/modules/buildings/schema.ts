// Buildings contract: request and response bodies of buildings, members, invites and joining.
import { z } from '@hono/zod-openapi';
import { MoneySchema } from '../../platform/money';
import { pageSchema } from '../../platform/paging';
import { MEMBER_ROLES } from './tables';

export const MAX_MONTHLY_DUES = 100_000_000;
export const DEFAULT_INVITE_HOURS = 7 * 24;
export const MAX_INVITE_HOURS = 30 * 24;

// An IANA name ("Asia/Jerusalem", "UTC"); the shape check keeps out the UTC offsets ("+02:00") that newer
// runtimes also accept as time zones.
const IANA_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

export const isTimeZone = (value: string): boolean => {
  if (value.length > 64 || !IANA_SHAPE.test(value)) return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

let currencies: ReadonlySet<string> | undefined;
/** ISO 4217 codes the runtime knows; only the shape is checked where the runtime cannot list them. */
export const isCurrency = (value: string): boolean => {
  if (!/^[A-Z]{3}$/.test(value)) return false;
  currencies ??= new Set(
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : [],
  );
  return currencies.size === 0 || currencies.has(value);
};

let regions: Intl.DisplayNames | undefined;
/** ISO 3166-1 alpha-2 codes the runtime's CLDR data names ("IL"); "ZZ" is CLDR's "unknown region". */
export const isCountry = (value: string): boolean => {
  if (!/^[A-Z]{2}$/.test(value) || value === 'ZZ') return false;
  try {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    return regions.of(value) !== undefined;
  } catch {
    return true;
  }
};

const IdParam = z.string().openapi({
  param: { name: 'id', in: 'path' },
  format: 'uuid',
  example: '0190f3c1-7b1a-7cc3-9f1e-2a6f1d0c9b11',
});
const UserIdParam = z.string().openapi({
  param: { name: 'userId', in: 'path' },
  format: 'uuid',
  example: '0190f3c0-11aa-7bbb-8ccc-3d4e5f607182',
});

export const BuildingParamsSchema = z.object({ id: IdParam });
export const MemberParamsSchema = z.object({ id: IdParam, userId: UserIdParam });

export const AddressSchema = z
  .object({
    line1: z.string().trim().min(1).max(200).openapi({ example: '12 Herzl St' }),
    line2: z.string().trim().max(200).optional().openapi({ example: 'Entrance B' }),
    city: z.string().trim().min(1).max(100).openapi({ example: 'Tel Aviv' }),
    postalCode: z.string().trim().max(20).optional().openapi({ example: '6578101' }),
    country: z
      .string()
      .refine(isCountry, 'Must be an ISO 3166-1 alpha-2 country code in capitals, such as IL.')
      .openapi({ description: 'ISO 3166-1 alpha-2', example: 'IL', pattern: '^[A-Z]{2}$' }),
  })
  .strict()
  .openapi('Address');

const name = z.string().trim().min(1).max(120).openapi({ example: 'Herzl 12' });
const timeZone = z
  .string()
  .refine(isTimeZone, 'Must be an IANA time zone, such as Asia/Jerusalem.')
  .openapi({ description: 'IANA time zone', example: 'Asia/Jerusalem' });
const currency = z
  .string()
  .refine(isCurrency, 'Must be an ISO 4217 currency code in capitals, such as ILS.')
  .openapi({ description: 'ISO 4217', example: 'ILS', pattern: '^[A-Z]{3}$' });
const monthlyDues = z
  .number()
  .int()
  .min(0)
  .max(MAX_MONTHLY_DUES)
  .openapi({ description: 'Minor units of `currency` (agorot, cents)', example: 45000 });

export const CreateBuildingSchema = z
  .object({ name, address: AddressSchema, timeZone, currency, monthlyDues })
  .strict()
  .openapi('CreateBuilding', {
    example: {
      name: 'Herzl 12',
      address: { line1: '12 Herzl St', city: 'Tel Aviv', postalCode: '6578101', country: 'IL' },
      timeZone: 'Asia/Jerusalem',
      currency: 'ILS',
      monthlyDues: 45000,
    },
  });
export type CreateBuilding = z.infer<typeof CreateBuildingSchema>;

export const UpdateBuildingSchema = z
  .object({
    name: name.optional(),
    address: AddressSchema.optional().openapi({ description: 'Replaces the whole address.' }),
    timeZone: timeZone.optional(),
    currency: currency.optional(),
    monthlyDues: monthlyDues.optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'Send at least one field to change.',
  })
  .openapi('UpdateBuilding', { example: { name: 'Herzl 12 (North)', monthlyDues: 50000 } });
export type UpdateBuilding = z.infer<typeof UpdateBuildingSchema>;

const timestamp = z.string().openapi({ format: 'date-time', example: '2025-06-01T09:30:00.000Z' });
const roleInBuilding = z.enum(['manager', 'resident', 'admin']).openapi({
  description: '`admin` when a platform admin who is not a member looks at the building.',
  example: 'manager',
});

const BUILDING_EXAMPLE = {
  id: '0190f3c1-7b1a-7cc3-9f1e-2a6f1d0c9b11',
  name: 'Herzl 12',
  address: { line1: '12 Herzl St', city: 'Tel Aviv', postalCode: '6578101', country: 'IL' },
  timeZone: 'Asia/Jerusalem',
  currency: 'ILS',
  monthlyDues: { amount: 45000, currency: 'ILS', formatted: '₪450.00' },
  myRole: 'manager' as const,
  createdAt: '2025-06-01T09:30:00.000Z',
  updatedAt: '2025-06-01T09:30:00.000Z',
  version: 1,
};

export const BuildingSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    address: AddressSchema,
    timeZone: z.string(),
    currency: z.string(),
    monthlyDues: MoneySchema,
    myRole: roleInBuilding,
    createdAt: timestamp,
    updatedAt: timestamp,
    version: z.number().int().openapi({ description: 'Grows by one with every change.', example: 1 }),
  })
  .openapi('Building', { example: BUILDING_EXAMPLE });
export type Building = z.infer<typeof BuildingSchema>;

export const BuildingPageSchema = pageSchema(BuildingSchema, 'BuildingPage').openapi({
  example: { data: [BUILDING_EXAMPLE], page: { limit: 20, nextCursor: null } },
});

const memberRole = z.enum(MEMBER_ROLES).openapi({ example: 'resident' });

export const MemberSchema = z
  .object({
    userId: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    role: memberRole,
    joinedAt: timestamp,
  })
  .openapi('Member', {
    example: {
      userId: '0190f3c0-11aa-7bbb-8ccc-3d4e5f607182',
      name: 'Dana Levi',
      role: 'resident',
      joinedAt: '2025-06-02T18:04:00.000Z',
    },
  });
export type Member = z.infer<typeof MemberSchema>;

export const MemberPageSchema = pageSchema(MemberSchema, 'MemberPage').openapi({
  example: {
    data: [
      {
        userId: '0190f3c0-11aa-7bbb-8ccc-3d4e5f607182',
        name: 'Dana Levi',
        role: 'manager',
        joinedAt: '2025-06-01T09:30:00.000Z',
      },
    ],
    page: { limit: 20, nextCursor: null },
  },
});

export const ChangeMemberRoleSchema = z
  .object({ role: memberRole })
  .strict()
  .openapi('ChangeMemberRole', { example: { role: 'manager' } });

export const CreateInviteSchema = z
  .object({
    role: memberRole
      .optional()
      .openapi({ description: 'The role the invite grants; `resident` by default.' }),
    expiresInHours: z
      .number()
      .int()
      .min(1)
      .max(MAX_INVITE_HOURS)
      .optional()
      .openapi({
        description: `Hours until the code expires; ${DEFAULT_INVITE_HOURS} by default.`,
        example: 48,
      }),
  })
  .strict()
  .openapi('CreateInvite', { example: { role: 'resident', expiresInHours: 48 } });
export type CreateInvite = z.infer<typeof CreateInviteSchema>;

export const InviteSchema = z
  .object({
    code: z.string().openapi({ description: 'Shown once; only its hash is stored.', example: 'K7MQ2XWP9D' }),
    role: memberRole,
    expiresAt: timestamp,
  })
  .openapi('Invite', {
    example: { code: 'K7MQ2XWP9D', role: 'resident', expiresAt: '2025-06-08T09:30:00.000Z' },
  });

export const JoinBuildingSchema = z
  .object({
    code: z.string().min(1).max(64).openapi({
      description: 'Case, spaces and dashes are ignored.',
      example: 'K7MQ2XWP9D',
    }),
  })
  .strict()
  .openapi('JoinBuilding', { example: { code: 'K7MQ2XWP9D' } });
