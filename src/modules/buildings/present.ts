// Storage records turned into the API's representations (money formatted in the request's language).
import type { Language } from '../../platform/i18n';
import { money } from '../../platform/money';
import type { BuildingRecord } from './access';
import type { MemberRecord } from './members';
import type { Building, Member } from './schema';

export function presentBuilding(
  record: BuildingRecord,
  myRole: Building['myRole'],
  language: Language,
): Building {
  return {
    id: record.id,
    name: record.name,
    address: {
      line1: record.addressLine1,
      ...(record.addressLine2 === null ? {} : { line2: record.addressLine2 }),
      city: record.city,
      ...(record.postalCode === null ? {} : { postalCode: record.postalCode }),
      country: record.country,
    },
    timeZone: record.timeZone,
    currency: record.currency,
    monthlyDues: money(record.monthlyDues, record.currency, language),
    myRole,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    version: record.version,
  };
}

/**
 * A building as every event receiver sees it: no caller-specific `myRole`, and money formatted in English
 * (receivers format for their own users).
 */
export function buildingEventData(record: BuildingRecord): Omit<Building, 'myRole'> {
  const { myRole: _role, ...data } = presentBuilding(record, 'manager', 'en');
  return data;
}

export const presentMember = (record: MemberRecord): Member => ({
  userId: record.userId,
  name: record.name,
  role: record.role,
  joinedAt: record.joinedAt.toISOString(),
});
