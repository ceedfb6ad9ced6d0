// Public API of the password module: hashing, policy and strength estimation.

export type { FeedbackLanguage } from './feedback-messages';
export {
  hashPassword,
  PASSWORD_HASH_SCHEME,
  type PasswordVerification,
  PBKDF2_ITERATIONS,
  verifyAgainstDummy,
  verifyPassword,
} from './hash';
export {
  checkPasswordPolicy,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MIN_STRENGTH_SCORE,
  type PolicyFailure,
  type PolicyFailureCode,
} from './policy';
export { estimateStrength, type StrengthEstimate, type StrengthScore } from './strength';
