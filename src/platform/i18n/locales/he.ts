// Hebrew texts: English's keys (any may be missing and fall back to English), plus the dual plural forms.
import type { Messages } from './en';
import type { Translation } from './types';

// Addressed to the reader without grammatical gender: infinitives ("יש להתחבר"), impersonal forms and the
// past tense of the second person, which is written the same for everyone.
export const he: Translation<Messages> = {
  problems: {
    malformed_body: {
      title: 'גוף הבקשה פגום',
      detail: 'לא ניתן היה לקרוא את גוף הבקשה. יש לשלוח JSON תקין.',
    },
    unknown_field: {
      title: 'שדה לא מוכר',
      detail: 'חלק מהשדות המבוקשים אינם קיימים. השדות המותרים מפורטים ב-errors.',
    },
    invalid_cursor: {
      title: 'סמן דפדוף לא תקין',
      detail: 'סמן הדפדוף אינו תקין. יש להתחיל מחדש מהעמוד הראשון.',
    },
    unauthenticated: {
      title: 'נדרשת התחברות',
      detail: 'יש להתחבר כדי להמשיך. אסימון הגישה חסר, אינו תקין או שפג תוקפו.',
    },
    invalid_credentials: {
      title: 'אימייל או סיסמה שגויים',
      detail: 'כתובת האימייל או הסיסמה שגויות.',
    },
    invalid_refresh_token: {
      title: 'פג תוקף ההתחברות',
      detail: 'תוקף ההתחברות פג או שהיא כבר אינה בתוקף. יש להתחבר מחדש.',
    },
    refresh_token_reused: {
      title: 'ההתחברות הסתיימה',
      detail: 'כדי להגן על החשבון, ההתחברות נותקה כי נעשה שימוש כפול באסימון רענון. יש להתחבר מחדש.',
    },
    invalid_ticket: {
      title: 'כרטיס החיבור אינו תקף',
      detail: 'כרטיס החיבור חסר, כבר נוצל, פג תוקפו או שייך לבניין אחר. יש לבקש כרטיס חדש.',
    },
    forbidden: {
      title: 'אין הרשאה',
      detail: 'אין לך הרשאה לבצע את הפעולה הזו.',
    },
    not_found: {
      title: 'לא נמצא',
      detail: 'המשאב המבוקש לא נמצא.',
    },
    method_not_allowed: {
      title: 'שיטת הבקשה אינה מותרת',
      detail: 'המשאב הזה אינו תומך בשיטת הבקשה הזו.',
    },
    not_acceptable: {
      title: 'הייצוג המבוקש אינו זמין',
      detail: 'אף אחד מהייצוגים המבוקשים אינו זמין.',
    },
    conflict: {
      title: 'התנגשות',
      detail: 'הבקשה מתנגשת במצב הנוכחי של המשאב.',
    },
    email_taken: {
      title: 'כתובת האימייל כבר רשומה',
      detail: 'כבר קיים חשבון עם כתובת האימייל הזו.',
    },
    already_member: {
      title: 'כבר הצטרפת',
      detail: 'כבר הצטרפת לבניין הזה.',
    },
    invalid_transition: {
      title: 'לא ניתן לשנות את הסטטוס',
      detail: 'לא ניתן להעביר את המשאב מהסטטוס הנוכחי שלו לסטטוס המבוקש.',
    },
    idempotency_in_flight: {
      title: 'הבקשה עדיין בטיפול',
      detail: 'בקשה עם ה-Idempotency-Key הזה עדיין בעיבוד. יש לנסות שוב בעוד רגע.',
    },
    api_version_sunset: {
      title: 'גרסת ה-API הוצאה משימוש',
      detail: 'הגרסה הזו של ה-API אינה זמינה עוד. יש להשתמש ב-/api/v2 במקומה.',
    },
    invite_expired: {
      title: 'תוקף ההזמנה פג',
      detail: 'תוקף קוד ההזמנה הזה פג. אפשר לבקש קוד חדש מהנהלת הבניין.',
    },
    precondition_failed: {
      title: 'התנאי המקדים לא התקיים',
      detail: 'המשאב השתנה מאז שנטען לאחרונה. יש לטעון אותו מחדש ולנסות שוב.',
    },
    payload_too_large: {
      title: 'הבקשה גדולה מדי',
      detail: 'גוף הבקשה חורג מהגודל המרבי שהשרת מקבל.',
    },
    unsupported_media_type: {
      title: 'סוג התוכן אינו נתמך',
      detail: 'סוג התוכן (Content-Type) של הבקשה אינו נתמך כאן.',
    },
    upgrade_required: {
      title: 'נדרש שדרוג',
      detail: 'משאב זה הוא WebSocket: יש לשלוח את הבקשה עם `Upgrade: websocket`.',
    },
    validation_failed: {
      title: 'קלט לא תקין',
      detail: 'חלק מהשדות חסרים או שאינם תקינים.',
    },
    password_policy: {
      title: 'הסיסמה אינה עומדת בדרישות',
      detail: 'יש לבחור סיסמה שעומדת בכל הדרישות המפורטות.',
    },
    idempotency_key_mismatch: {
      title: 'ה-Idempotency-Key כבר נוצל',
      detail: 'ה-Idempotency-Key הזה כבר שימש לבקשה אחרת.',
    },
    precondition_required: {
      title: 'נדרש תנאי מקדים',
      detail: 'הבקשה הזו חייבת להיות מותנית. יש לשלוח כותרת If-Match.',
    },
    rate_limited: {
      title: 'יותר מדי בקשות',
      detail: 'נשלחו יותר מדי בקשות. יש להמתין רגע ולנסות שוב.',
    },
    internal: {
      title: 'שגיאת שרת פנימית',
      detail: 'משהו השתבש אצלנו. אפשר לנסות שוב מאוחר יותר.',
    },
    misconfigured: {
      title: 'שגיאת שרת',
      detail: 'השירות לא יכול לטפל בבקשה הזו כרגע. אפשר לנסות שוב מאוחר יותר.',
    },
    service_unavailable: {
      title: 'השירות אינו זמין',
      detail: 'השירות אינו זמין כרגע. אפשר לנסות שוב מאוחר יותר.',
    },
  },

  validation: {
    invalid_type: 'סוג הערך שגוי (נדרש: {{expected}}).',
    too_small: 'הערך קטן מדי: המינימום הוא {{minimum}}.',
    too_big: 'הערך גדול מדי: המקסימום הוא {{maximum}}.',
    invalid_format: 'הפורמט של הערך אינו תקין.',
    not_multiple_of: 'הערך צריך להיות כפולה של {{divisor}}.',
    unrecognized_keys: 'שדה לא מוכר: {{keys}}.',
    unrecognized_keys_two: 'שדות לא מוכרים: {{keys}}.',
    unrecognized_keys_other: 'שדות לא מוכרים: {{keys}}.',
    invalid_union: 'הערך אינו תואם אף אחת מהצורות המותרות.',
    invalid_value: 'הערך צריך להיות אחד מאלה: {{values}}.',
    invalid_value_one: 'הערך צריך להיות {{values}}.',
    invalid_key: 'אחד המפתחות אינו תקין.',
    invalid_element: 'אחד הפריטים אינו תקין.',
    custom: 'הערך אינו תקין.',
    offset_too_large:
      'ההיסט מוגבל ל-{{maximum}}. כדי להמשיך לקרוא, יש להשתמש ב-page.nextCursor (או בכותרת Link).',

    required: 'זהו שדה חובה.',
    invalid: 'הערך אינו תקין.',
    expected_type: 'הערך צריך להיות {{expected}}.',
    wrong_type: 'סוג הערך שגוי.',
    types: {
      string: 'טקסט',
      number: 'מספר',
      int: 'מספר שלם',
      bigint: 'מספר שלם',
      boolean: 'true או false',
      date: 'תאריך',
      array: 'רשימה',
      tuple: 'רשימה',
      set: 'רשימה',
      object: 'אובייקט',
      record: 'אובייקט',
      map: 'אובייקט',
      file: 'קובץ',
      null: 'null',
    },
    too_small_string_one: 'יש להזין לפחות תו אחד.',
    too_small_string_two: 'יש להזין לפחות שני תווים.',
    too_small_string_other: 'יש להזין לפחות {{minimum}} תווים.',
    too_small_array_one: 'יש לכלול לפחות פריט אחד.',
    too_small_array_two: 'יש לכלול לפחות שני פריטים.',
    too_small_array_other: 'יש לכלול לפחות {{minimum}} פריטים.',
    too_small_number: 'הערך צריך להיות {{minimum}} לפחות.',
    too_small_number_exclusive: 'הערך צריך להיות גדול מ-{{minimum}}.',
    too_small_date: 'התאריך צריך להיות {{minimum}} או מאוחר יותר.',
    too_small_date_exclusive: 'התאריך צריך להיות מאוחר מ-{{minimum}}.',
    too_small_file: 'גודל הקובץ צריך להיות {{minimum}} בתים לפחות.',
    too_big_string_one: 'אפשר להזין תו אחד לכל היותר.',
    too_big_string_two: 'אפשר להזין שני תווים לכל היותר.',
    too_big_string_other: 'אפשר להזין עד {{maximum}} תווים.',
    too_big_array_one: 'אפשר לכלול פריט אחד לכל היותר.',
    too_big_array_two: 'אפשר לכלול שני פריטים לכל היותר.',
    too_big_array_other: 'אפשר לכלול עד {{maximum}} פריטים.',
    too_big_number: 'הערך צריך להיות {{maximum}} לכל היותר.',
    too_big_number_exclusive: 'הערך צריך להיות קטן מ-{{maximum}}.',
    too_big_date: 'התאריך צריך להיות {{maximum}} או מוקדם יותר.',
    too_big_date_exclusive: 'התאריך צריך להיות מוקדם מ-{{maximum}}.',
    too_big_file: 'גודל הקובץ צריך להיות {{maximum}} בתים לכל היותר.',
    exact_string_one: 'יש להזין תו אחד בדיוק.',
    exact_string_two: 'יש להזין שני תווים בדיוק.',
    exact_string_other: 'יש להזין {{count}} תווים בדיוק.',
    exact_array_one: 'יש לכלול פריט אחד בדיוק.',
    exact_array_two: 'יש לכלול שני פריטים בדיוק.',
    exact_array_other: 'יש לכלול {{count}} פריטים בדיוק.',
    formats: {
      email: 'יש להזין כתובת אימייל תקינה.',
      url: 'יש להזין כתובת URL תקינה.',
      uuid: 'יש להזין מזהה UUID תקין.',
      datetime: 'יש להזין תאריך ושעה בפורמט ISO 8601, למשל 2025-01-31T09:30:00Z.',
      date: 'יש להזין תאריך בפורמט YYYY-MM-DD.',
      time: 'יש להזין שעה בפורמט HH:MM או HH:MM:SS.',
      duration: 'יש להזין משך זמן בפורמט ISO 8601, למשל P1D.',
      ipv4: 'יש להזין כתובת IPv4 תקינה.',
      ipv6: 'יש להזין כתובת IPv6 תקינה.',
      // U+200E (left-to-right mark) keeps the "+" in front of the number inside right-to-left text.
      e164: 'יש להזין מספר טלפון בפורמט בינלאומי, למשל \u200e+972501234567.',
      base64: 'יש להזין ערך תקין בקידוד Base64.',
      base64url: 'יש להזין ערך תקין בקידוד Base64url.',
      json_string: 'יש להזין JSON תקין.',
      jwt: 'יש להזין אסימון JWT תקין.',
      lowercase: 'הערך לא יכול להכיל אותיות גדולות.',
      uppercase: 'הערך לא יכול להכיל אותיות קטנות.',
      starts_with: 'הערך צריך להתחיל ב-"{{prefix}}".',
      ends_with: 'הערך צריך להסתיים ב-"{{suffix}}".',
      includes: 'הערך צריך לכלול את "{{includes}}".',
    },
  },

  password: {
    too_short: 'הסיסמה צריכה להכיל לפחות {{minimum}} תווים.',
    missing_uppercase: 'הסיסמה צריכה להכיל לפחות אות גדולה אחת (כמו A–Z).',
    missing_lowercase: 'הסיסמה צריכה להכיל לפחות אות קטנה אחת (כמו a–z).',
    missing_digit: 'הסיסמה צריכה להכיל לפחות ספרה אחת.',
    missing_symbol: 'הסיסמה צריכה להכיל לפחות סימן מיוחד אחד, כמו ! או #.',
    too_weak: 'קל מדי לנחש את הסיסמה. כדאי לבחור סיסמה ארוכה יותר או פחות שגרתית.',
  },

  buildings: {
    last_manager: 'לבניין חייב להיות לפחות מנהל אחד. יש למנות חבר אחר למנהל קודם.',
    remove_others: 'דיירים יכולים להסיר מהבניין רק את עצמם.',
  },

  auth: {
    login_throttled:
      'יותר מדי ניסיונות התחברות כושלים לחשבון הזה. יש להמתין {{seconds}} שניות לפני הניסיון הבא.',
    limiter_unavailable: 'ההתחברות מושהית לרגע. יש לנסות שוב בעוד כמה שניות.',
  },

  health: {
    not_ready: 'השירות אינו מוכן: {{checks}} לא ענו בזמן או נכשלו.',
  },
};
