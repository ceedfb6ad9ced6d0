// English and Hebrew text for every feedback key zxcvbn-ts can emit, so strength feedback is localised here.
import type { TranslationKeys } from '@zxcvbn-ts/core';

export type FeedbackLanguage = 'en' | 'he';
export type WarningKey = keyof TranslationKeys['warnings'];
export type SuggestionKey = keyof TranslationKeys['suggestions'];

interface MessageTable {
  warnings: Record<WarningKey, string>;
  suggestions: Record<SuggestionKey, string>;
}

// Some English texts are reworded from @zxcvbn-ts/language-en: its "noNeed" tells people symbols are
// unnecessary, which contradicts our own policy, and its "userInputs" wording is unclear to end users.
const en: MessageTable = {
  warnings: {
    straightRow: 'Straight rows of keys on your keyboard are easy to guess.',
    keyPattern: 'Short keyboard patterns are easy to guess.',
    simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
    extendedRepeat: 'Repeated character patterns like "abcabcabc" are easy to guess.',
    sequences: 'Common character sequences like "abc" are easy to guess.',
    recentYears: 'Recent years are easy to guess.',
    dates: 'Dates are easy to guess.',
    topTen: 'This is one of the most used passwords.',
    topHundred: 'This is a very frequently used password.',
    common: 'This is a commonly used password.',
    similarToCommon: 'This is similar to a commonly used password.',
    wordByItself: 'Single words are easy to guess.',
    namesByThemselves: 'Single first names or surnames are easy to guess.',
    commonNames: 'Common first names and surnames are easy to guess.',
    userInputs: 'Passwords should not contain personal details such as your name or email address.',
    pwned: 'This password has been exposed in a data breach on the internet.',
  },
  suggestions: {
    l33t: 'Avoid predictable letter substitutions like "@" for "a".',
    reverseWords: 'Avoid reversed spellings of common words.',
    allUppercase: 'Capitalise some, but not all, letters.',
    capitalization: 'Capitalise more than just the first letter.',
    dates: 'Avoid dates and years that are associated with you.',
    recentYears: 'Avoid recent years.',
    associatedYears: 'Avoid years that are associated with you.',
    sequences: 'Avoid common character sequences.',
    repeated: 'Avoid repeated words and characters.',
    longerKeyboardPattern: 'Use longer keyboard patterns and change typing direction several times.',
    anotherWord: 'Add more words that are less common.',
    useWords: 'Use several words, but avoid common phrases.',
    noNeed: 'Length matters most: a long password made of several unrelated words is hard to guess.',
    pwned: 'If you use this password anywhere else, change it there too.',
  },
};

// Impersonal forms ("יש להימנע", "מומלץ") keep the text gender-neutral, as is usual in Hebrew interfaces.
const he: MessageTable = {
  warnings: {
    straightRow: 'רצף מקשים בשורה ישרה במקלדת קל לניחוש.',
    keyPattern: 'תבניות מקלדת קצרות קלות לניחוש.',
    simpleRepeat: 'תווים חוזרים כמו "aaa" קלים לניחוש.',
    extendedRepeat: 'תבניות תווים חוזרות כמו "abcabcabc" קלות לניחוש.',
    sequences: 'רצפי תווים נפוצים כמו "abc" קלים לניחוש.',
    recentYears: 'שנים מהתקופה האחרונה קלות לניחוש.',
    dates: 'תאריכים קלים לניחוש.',
    topTen: 'זו אחת הסיסמאות הנפוצות ביותר.',
    topHundred: 'זו סיסמה נפוצה מאוד.',
    common: 'זו סיסמה נפוצה.',
    similarToCommon: 'הסיסמה הזו דומה לסיסמה נפוצה.',
    wordByItself: 'מילה בודדת קלה לניחוש.',
    namesByThemselves: 'שם פרטי או שם משפחה לבדו קל לניחוש.',
    commonNames: 'שמות פרטיים ושמות משפחה נפוצים קלים לניחוש.',
    userInputs: 'אין לכלול בסיסמה פרטים אישיים כמו השם או כתובת האימייל שלך.',
    pwned: 'הסיסמה הזו נחשפה בדליפת מידע באינטרנט.',
  },
  suggestions: {
    l33t: 'יש להימנע מהחלפות אותיות צפויות, כמו "@" במקום "a".',
    reverseWords: 'יש להימנע מכתיבה הפוכה של מילים נפוצות.',
    allUppercase: 'מומלץ לכתוב רק חלק מהאותיות באותיות גדולות, ולא את כולן.',
    capitalization: 'מומלץ להשתמש באותיות גדולות לא רק בתחילת הסיסמה.',
    dates: 'יש להימנע מתאריכים ומשנים שקשורים אליך.',
    recentYears: 'יש להימנע משנים מהתקופה האחרונה.',
    associatedYears: 'יש להימנע משנים שקשורות אליך.',
    sequences: 'יש להימנע מרצפי תווים נפוצים.',
    repeated: 'יש להימנע ממילים ומתווים חוזרים.',
    longerKeyboardPattern: 'מומלץ להשתמש בתבניות מקלדת ארוכות יותר ולשנות את כיוון ההקלדה כמה פעמים.',
    anotherWord: 'מומלץ להוסיף עוד מילים, פחות נפוצות.',
    useWords: 'מומלץ לשלב כמה מילים, אבל להימנע מביטויים נפוצים.',
    noNeed: 'האורך הוא העיקר: סיסמה ארוכה שמורכבת מכמה מילים לא קשורות קשה לניחוש.',
    pwned: 'אם הסיסמה הזו משמשת אותך גם במקומות אחרים, כדאי להחליף אותה גם שם.',
  },
};

const TABLES: Record<FeedbackLanguage, MessageTable> = { en, he };

// Used when a future zxcvbn-ts version emits a key this table has not caught up with yet.
const GENERIC_WARNING = 'This password is easy to guess.';
const GENERIC_SUGGESTION = 'Choose a longer, less predictable password.';

export function warningMessage(key: string, lang: FeedbackLanguage = 'en'): string {
  return lookup(TABLES[lang].warnings, key) ?? lookup(en.warnings, key) ?? GENERIC_WARNING;
}

export function suggestionMessage(key: string, lang: FeedbackLanguage = 'en'): string {
  return lookup(TABLES[lang].suggestions, key) ?? lookup(en.suggestions, key) ?? GENERIC_SUGGESTION;
}

// Object.hasOwn keeps keys like "constructor" or "__proto__" from resolving to prototype members.
function lookup(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
