// Password strength estimate (zxcvbn-ts score 0-4) with feedback localised through feedback-messages.ts.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { loadDictionaries } from './dictionaries';
import { type FeedbackLanguage, suggestionMessage, warningMessage } from './feedback-messages';

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface StrengthEstimate {
  score: StrengthScore;
  feedback: { warning: string | null; suggestions: string[] };
}

// The dictionaries (1.2 MB of JSON, a static asset) are read on the first estimate rather than at isolate
// start-up, and the built factory is kept per isolate.
let factoryPromise: Promise<ZxcvbnFactory> | undefined;

export async function estimateStrength(
  password: string,
  userInputs: string[] = [],
  lang: FeedbackLanguage = 'en',
): Promise<StrengthEstimate> {
  const zxcvbn = await getFactory();
  const result = zxcvbn.check(password, expandUserInputs(userInputs));
  // No translations are given to the factory, so zxcvbn hands back its translation keys.
  const { warning, suggestions } = result.feedback;
  return {
    score: result.score,
    feedback: {
      warning: warning ? warningMessage(warning, lang) : null,
      suggestions: [...new Set(suggestions.map((key) => suggestionMessage(key, lang)))],
    },
  };
}

function getFactory(): Promise<ZxcvbnFactory> {
  factoryPromise ??= buildFactory().catch((error: unknown) => {
    // Forget a failed load so the next request retries instead of failing for the isolate's lifetime.
    factoryPromise = undefined;
    throw error;
  });
  return factoryPromise;
}

async function buildFactory(): Promise<ZxcvbnFactory> {
  // English last names (251 KiB gzip) and Wikipedia words (132 KiB) are left out: the common passwords, common
  // English words and first names carry nearly all the signal for our users (docs/performance.md). The lists come
  // from the static assets rather than the bundle (dictionaries.ts).
  const [core, { dictionary, graphs }] = await Promise.all([import('@zxcvbn-ts/core'), loadDictionaries()]);
  return new core.ZxcvbnFactory({
    dictionary,
    graphs,
    // Levenshtein matching stays off: it compares against every dictionary word and cost ~600 ms of CPU
    // per check when measured. The l33t cap is lowered from 100 because enumerating substitutions
    // dominated the cost of symbol-heavy passwords (about 400 ms vs 90 ms for 128 random characters)
    // without changing the score of any realistic l33t password tried.
    l33tMaxSubstitutions: 20,
  });
}

// zxcvbn only matches whole user inputs, so "dana.cohen@example.com" alone would not flag a password
// containing "cohen"; the parts of each input are added as well.
function expandUserInputs(userInputs: string[]): string[] {
  const expanded = new Set<string>();
  for (const input of userInputs) {
    const trimmed = input.trim();
    if (trimmed === '') continue;
    expanded.add(trimmed);
    for (const part of trimmed.split(/[^\p{L}\p{N}]+/u)) {
      if ([...part].length >= 3) expanded.add(part);
    }
  }
  return [...expanded];
}
