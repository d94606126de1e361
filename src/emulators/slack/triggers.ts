/** trigger_ids: issued with each slash command and click, usable once (views.open) within 3 seconds. */
export class TriggerStore {
  private readonly issued = new Map<string, { userId: string; at: number; used: boolean }>();
  private readonly ttlMs: number;
  private seq = 0;

  constructor(ttlMs = 3000) {
    this.ttlMs = ttlMs;
  }

  issue(userId: string): string {
    this.seq += 1;
    const id = `${this.seq}.${Date.now()}.${Math.random().toString(16).slice(2, 14)}`;
    this.issued.set(id, { userId, at: Date.now(), used: false });
    return id;
  }

  /** The user who owns the trigger, or why it cannot be used (Slack's error codes). */
  use(id: string): { userId: string } | { error: 'invalid_trigger_id' | 'expired_trigger_id' | 'trigger_exchanged' } {
    const t = this.issued.get(id);
    if (!t) return { error: 'invalid_trigger_id' };
    if (Date.now() - t.at > this.ttlMs) return { error: 'expired_trigger_id' };
    if (t.used) return { error: 'trigger_exchanged' };
    t.used = true;
    return { userId: t.userId };
  }
}
