// Identifiers: UUIDv7 (time-ordered, so primary keys and cursors sort by creation time).
import { v7 } from 'uuid';

export const newId = (): string => v7();

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
