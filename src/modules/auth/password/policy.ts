// Password policy: reports every rule a new password breaks, with stable codes for clients and translation.
import { estimateStrength } from './strength';

export const PASSWORD_MIN_LENGTH = 12;
// PBKDF2 would accept any length; the cap exists so the API schema can bound request size and zxcvbn work.
export const PASSWORD_MAX_LENGTH = 128;
// Below 3 zxcvbn estimates fewer than 10^10 guesses, which is within reach of an offline attack on a stolen hash.
export const PASSWORD_MIN_STRENGTH_SCORE = 3;

export type PolicyFailureCode =
  | 'too_short'
  | 'missing_uppercase'
  | 'missing_lowercase'
  | 'missing_digit'
  | 'missing_symbol'
  | 'too_weak';

export interface PolicyFailure {
  code: PolicyFailureCode;
  message: string;
}

const MESSAGES: Record<PolicyFailureCode, string> = {
  too_short: `Password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
  missing_uppercase: 'Password must contain at least one uppercase letter.',
  missing_lowercase: 'Password must contain at least one lowercase letter.',
  missing_digit: 'Password must contain at least one digit.',
  missing_symbol:
    'Password must contain at least one symbol (a character that is not a letter, digit or space).',
  too_weak: 'Password is too easy to guess.',
};

const UPPERCASE = /\p{Lu}/u;
const LOWERCASE = /\p{Ll}/u;
const DIGIT = /\p{Nd}/u;
const SYMBOL = /[^\p{L}\p{Nd}\s]/u;

// Every failure is returned at once so the user can fix the password in one round trip; the order is fixed
// so clients can render the list as is.
export async function checkPasswordPolicy(
  password: string,
  userInputs: string[] = [],
): Promise<PolicyFailure[]> {
  const codes: PolicyFailureCode[] = [];
  // Code points, not UTF-16 units, so an emoji or a rare CJK character counts as one character.
  if ([...password].length < PASSWORD_MIN_LENGTH) codes.push('too_short');
  if (!UPPERCASE.test(password)) codes.push('missing_uppercase');
  if (!LOWERCASE.test(password)) codes.push('missing_lowercase');
  if (!DIGIT.test(password)) codes.push('missing_digit');
  if (!SYMBOL.test(password)) codes.push('missing_symbol');
  const { score } = await estimateStrength(password, userInputs);
  if (score < PASSWORD_MIN_STRENGTH_SCORE) codes.push('too_weak');
  return codes.map((code) => ({ code, message: MESSAGES[code] }));
}
