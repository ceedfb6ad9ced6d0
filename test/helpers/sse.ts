// Reads a Server-Sent Events response in tests: raw text so far, and the events parsed from it.
export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

export class SseReader {
  text = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(response: Response) {
    if (!response.body) throw new Error('no body');
    this.reader = response.body.getReader();
  }

  /** Every complete event so far (comments and retry lines skipped). */
  events(): SseEvent[] {
    const complete = this.text.slice(0, this.text.lastIndexOf('\n\n') + 2);
    return complete
      .split('\n\n')
      .filter((block) => block.split('\n').some((line) => /^(id|event|data):/.test(line)))
      .map((block) => {
        const event: SseEvent = {};
        for (const line of block.split('\n')) {
          const match = /^(id|event|data): ?(.*)$/.exec(line);
          if (match) event[match[1] as keyof SseEvent] = match[2];
        }
        return event;
      });
  }

  /** Reads until `done(this)` holds (bounded by the test's timeout). */
  async until(done: (reader: SseReader) => boolean): Promise<this> {
    while (!done(this)) {
      const { value, done: ended } = await this.reader.read();
      if (ended) throw new Error(`stream ended before the condition held; got:\n${this.text}`);
      this.text += this.decoder.decode(value, { stream: true });
    }
    return this;
  }

  /** Reads until the stream ends. */
  async toEnd(): Promise<this> {
    for (;;) {
      const { value, done } = await this.reader.read();
      if (done) return this;
      this.text += this.decoder.decode(value, { stream: true });
    }
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}
