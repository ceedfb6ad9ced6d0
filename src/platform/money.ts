// Money in the v2 API: integer minor units, the ISO 4217 currency, and a localized display string.
import { z } from '@hono/zod-openapi';
import { formatMoney, type Language } from './i18n';

export const MoneySchema = z
  .object({
    amount: z.number().int().openapi({ description: 'Minor units of the currency', example: 45000 }),
    currency: z.string().length(3).openapi({ example: 'ILS' }),
    formatted: z.string().openapi({ description: "In the request's language", example: '‏450.00 ₪' }),
  })
  .openapi('Money');

export type Money = z.infer<typeof MoneySchema>;

export const money = (amount: number, currency: string, language: Language): Money => ({
  amount,
  currency,
  formatted: formatMoney(amount, currency, language),
});
