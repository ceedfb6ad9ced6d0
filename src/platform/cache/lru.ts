// The in-isolate L1: a small LRU of stored texts by full key, each with its own expiry, within a size budget.

interface Entry {
  readonly text: string;
  readonly expiresAt: number;
}

export class Lru {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;
  private readonly maxEntries: number;
  private readonly maxChars: number;

  constructor(maxEntries: number, maxChars: number) {
    this.maxEntries = maxEntries;
    this.maxChars = maxChars;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The text while `now < expiresAt`; a hit becomes the most recently used entry. */
  get(key: string, now: number): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (now >= entry.expiresAt) {
      this.chars -= entry.text.length;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.text;
  }

  /** Keeps `text` until `expiresAt`; a text larger than an eighth of the budget is not kept at all. */
  set(key: string, text: string, expiresAt: number, now: number): void {
    this.delete(key);
    if (expiresAt <= now || text.length > this.maxChars / 8) return;
    this.entries.set(key, { text, expiresAt });
    this.chars += text.length;
    while (this.entries.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.chars -= entry.text.length;
  }
}
