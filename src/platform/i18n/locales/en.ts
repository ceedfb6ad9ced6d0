// English texts: the complete set of keys, and the language every other one falls back to.
import type { ProblemCode } from '../../problems';

interface ProblemText {
  title: string;
  detail: string;
}

// Texts go to clients as they are (JSON, no HTML escaping); they never name internals. Interpolation uses
// {{name}}; keys ending in _one / _other are plural forms chosen by the `count` parameter.
export const en = {
  problems: {
    malformed_body: {
      title: 'Malformed request body',
      detail: 'The request body could not be read. Send valid JSON.',
    },
    unknown_field: {
      title: 'Unknown field',
      detail: 'Some of the requested fields do not exist. The allowed fields are listed in errors.',
    },
    invalid_cursor: {
      title: 'Invalid cursor',
      detail: 'The paging cursor is not valid. Start again from the first page.',
    },
    unauthenticated: {
      title: 'Authentication required',
      detail: 'Sign in to continue. The access token is missing, invalid or expired.',
    },
    invalid_credentials: {
      title: 'Incorrect email or password',
      detail: 'The email address or password is incorrect.',
    },
    invalid_refresh_token: {
      title: 'Session expired',
      detail: 'Your session has expired or is no longer valid. Sign in again.',
    },
    refresh_token_reused: {
      title: 'Session ended',
      detail:
        'This session was ended to protect your account because a refresh token was used twice. Sign in again.',
    },
    invalid_ticket: {
      title: 'Invalid ticket',
      detail: 'The connection ticket is missing, used, expired or for another building. Ask for a new one.',
    },
    forbidden: {
      title: 'Forbidden',
      detail: 'You do not have permission to do this.',
    },
    not_found: {
      title: 'Not found',
      detail: 'The requested resource was not found.',
    },
    method_not_allowed: {
      title: 'Method not allowed',
      detail: 'This resource does not support this request method.',
    },
    not_acceptable: {
      title: 'Not acceptable',
      detail: 'None of the requested representations is available.',
    },
    conflict: {
      title: 'Conflict',
      detail: 'The request conflicts with the current state of the resource.',
    },
    email_taken: {
      title: 'Email already registered',
      detail: 'An account with this email address already exists.',
    },
    already_member: {
      title: 'Already a member',
      detail: 'You are already a member of this building.',
    },
    invalid_transition: {
      title: 'Status change not allowed',
      detail: 'The resource cannot move from its current status to the requested one.',
    },
    idempotency_in_flight: {
      title: 'Request still in progress',
      detail: 'A request with this Idempotency-Key is still being processed. Try again shortly.',
    },
    api_version_sunset: {
      title: 'API version retired',
      detail: 'This version of the API is no longer available. Use /api/v2 instead.',
    },
    invite_expired: {
      title: 'Invite expired',
      detail: 'This invite code has expired. Ask the building manager for a new one.',
    },
    precondition_failed: {
      title: 'Precondition failed',
      detail: 'The resource has changed since you last fetched it. Fetch it again and retry.',
    },
    payload_too_large: {
      title: 'Request too large',
      detail: 'The request body is larger than the server accepts.',
    },
    unsupported_media_type: {
      title: 'Unsupported media type',
      detail: 'The Content-Type of the request is not supported here.',
    },
    upgrade_required: {
      title: 'Upgrade required',
      detail: 'This resource is a WebSocket: send the request with `Upgrade: websocket`.',
    },
    validation_failed: {
      title: 'Invalid input',
      detail: 'Some fields are missing or invalid.',
    },
    password_policy: {
      title: 'Password does not meet the requirements',
      detail: 'Choose a password that meets every requirement listed.',
    },
    idempotency_key_mismatch: {
      title: 'Idempotency-Key already used',
      detail: 'This Idempotency-Key was already used with a different request.',
    },
    precondition_required: {
      title: 'Precondition required',
      detail: 'This request must be conditional. Send an If-Match header.',
    },
    rate_limited: {
      title: 'Too many requests',
      detail: 'You have sent too many requests. Wait a moment and try again.',
    },
    internal: {
      title: 'Internal server error',
      detail: 'Something went wrong on our side. Try again later.',
    },
    misconfigured: {
      title: 'Server error',
      detail: 'The service cannot handle this request right now. Try again later.',
    },
    service_unavailable: {
      title: 'Service unavailable',
      detail: 'The service is temporarily unavailable. Try again later.',
    },
  } satisfies Record<ProblemCode, ProblemText>,

  // validation.<issue code> is a text for every zod v4 issue code that reads well with only zod's raw
  // parameters (minimum, maximum, expected, keys, values, divisor). validationMessage() in ../validation.ts
  // picks the more precise keys below from the details (origin, inclusive, exact, format).
  validation: {
    invalid_type: 'Expected {{expected}}.',
    too_small: 'Too small: the minimum is {{minimum}}.',
    too_big: 'Too big: the maximum is {{maximum}}.',
    invalid_format: 'This value has an invalid format.',
    not_multiple_of: 'Must be a multiple of {{divisor}}.',
    unrecognized_keys: 'Unknown field: {{keys}}.',
    unrecognized_keys_other: 'Unknown fields: {{keys}}.',
    invalid_union: 'Does not match any of the allowed forms.',
    invalid_value: 'Must be one of: {{values}}.',
    invalid_value_one: 'Must be {{values}}.',
    invalid_key: 'Contains an invalid key.',
    invalid_element: 'Contains an invalid item.',
    custom: 'This value is invalid.',
    offset_too_large:
      'Offsets stop at {{maximum}}. To read further, follow page.nextCursor (or the Link header) instead.',

    required: 'This field is required.',
    invalid: 'This value is invalid.',
    expected_type: 'Must be {{expected}}.',
    wrong_type: 'This value has the wrong type.',
    types: {
      string: 'text',
      number: 'a number',
      int: 'a whole number',
      bigint: 'a whole number',
      boolean: 'true or false',
      date: 'a date',
      array: 'a list',
      tuple: 'a list',
      set: 'a list',
      object: 'an object',
      record: 'an object',
      map: 'an object',
      file: 'a file',
      null: 'null',
    },
    too_small_string_one: 'Must be at least {{minimum}} character long.',
    too_small_string_other: 'Must be at least {{minimum}} characters long.',
    too_small_array_one: 'Must contain at least {{minimum}} item.',
    too_small_array_other: 'Must contain at least {{minimum}} items.',
    too_small_number: 'Must be at least {{minimum}}.',
    too_small_number_exclusive: 'Must be greater than {{minimum}}.',
    too_small_date: 'Must be on or after {{minimum}}.',
    too_small_date_exclusive: 'Must be after {{minimum}}.',
    too_small_file: 'The file must be at least {{minimum}} bytes.',
    too_big_string_one: 'Must be at most {{maximum}} character long.',
    too_big_string_other: 'Must be at most {{maximum}} characters long.',
    too_big_array_one: 'Must contain at most {{maximum}} item.',
    too_big_array_other: 'Must contain at most {{maximum}} items.',
    too_big_number: 'Must be at most {{maximum}}.',
    too_big_number_exclusive: 'Must be less than {{maximum}}.',
    too_big_date: 'Must be on or before {{maximum}}.',
    too_big_date_exclusive: 'Must be before {{maximum}}.',
    too_big_file: 'The file must be at most {{maximum}} bytes.',
    exact_string_one: 'Must be exactly {{count}} character long.',
    exact_string_other: 'Must be exactly {{count}} characters long.',
    exact_array_one: 'Must contain exactly {{count}} item.',
    exact_array_other: 'Must contain exactly {{count}} items.',
    formats: {
      email: 'Must be a valid email address.',
      url: 'Must be a valid URL.',
      uuid: 'Must be a valid UUID.',
      datetime: 'Must be a date and time in ISO 8601 format, such as 2025-01-31T09:30:00Z.',
      date: 'Must be a date in YYYY-MM-DD format.',
      time: 'Must be a time in HH:MM or HH:MM:SS format.',
      duration: 'Must be a duration in ISO 8601 format, such as P1D.',
      ipv4: 'Must be a valid IPv4 address.',
      ipv6: 'Must be a valid IPv6 address.',
      e164: 'Must be a phone number in international format, such as +972501234567.',
      base64: 'Must be valid Base64.',
      base64url: 'Must be valid Base64url.',
      json_string: 'Must be valid JSON.',
      jwt: 'Must be a valid JSON Web Token.',
      lowercase: 'Must not contain uppercase letters.',
      uppercase: 'Must not contain lowercase letters.',
      starts_with: 'Must start with "{{prefix}}".',
      ends_with: 'Must end with "{{suffix}}".',
      includes: 'Must contain "{{includes}}".',
    },
  },

  // One message per password-policy rule (the `code` of each errors[] entry of a password_policy problem).
  password: {
    too_short: 'Password must be at least {{minimum}} characters long.',
    missing_uppercase: 'Password must contain at least one uppercase letter.',
    missing_lowercase: 'Password must contain at least one lowercase letter.',
    missing_digit: 'Password must contain at least one digit.',
    missing_symbol: 'Password must contain at least one symbol, such as ! or #.',
    too_weak: 'Password is too easy to guess. Try a longer or less common one.',
  },

  buildings: {
    last_manager: 'A building needs at least one manager. Make another member a manager first.',
    remove_others: 'Residents may only remove themselves from a building.',
  },

  auth: {
    login_throttled:
      'Too many failed logins for this account. Wait {{seconds}} seconds before the next attempt.',
    limiter_unavailable: 'Logins are paused for a moment. Try again in a few seconds.',
  },

  health: {
    not_ready: 'Not ready: {{checks}} did not answer in time or failed.',
  },
};

export type Messages = typeof en;
