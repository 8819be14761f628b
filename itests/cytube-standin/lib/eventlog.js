'use strict';

/**
 * An append-only log with absolute indexes ("since" cursors) and long-poll waiting.
 * Old entries are dropped past `max`; indexes stay absolute, so a cursor never points at the wrong entry.
 */
class EventLog {
    constructor(max = 200000) {
        this.max = max;
        this.entries = [];
        this.base = 0; // absolute index of entries[0]
        this.waiters = new Set();
    }

    /** The index the next entry will get. */
    get end() {
        return this.base + this.entries.length;
    }

    push(entry) {
        entry.i = this.end;
        this.entries.push(entry);
        if (this.entries.length > this.max) {
            const drop = Math.ceil(this.max / 10);
            this.entries.splice(0, drop);
            this.base += drop;
        }
        for (const w of [...this.waiters]) {
            if (w.filter(entry)) {
                this.waiters.delete(w);
                clearTimeout(w.timer);
                w.resolve();
            }
        }
        return entry;
    }

    clear() {
        this.base = this.end;
        this.entries = [];
    }

    /**
     * Entries with index >= since that pass `filter`, at most `limit` of them.
     * `next` is the cursor to pass as `since` next time (past the last entry looked at).
     */
    query(since = 0, filter = () => true, limit = 10000) {
        const out = [];
        let idx = Math.max(since, this.base) - this.base;
        for (; idx < this.entries.length; idx++) {
            const e = this.entries[idx];
            if (filter(e)) {
                out.push(e);
                if (out.length >= limit) {
                    idx++;
                    break;
                }
            }
        }
        return { entries: out, next: this.base + idx, end: this.end, dropped: this.base };
    }

    /** Like query, but when nothing matches yet waits up to waitMs for a matching entry. */
    async poll(since = 0, filter = () => true, limit = 10000, waitMs = 0) {
        let result = this.query(since, filter, limit);
        if (result.entries.length > 0 || waitMs <= 0) {
            return result;
        }
        await new Promise((resolve) => {
            const w = { filter, resolve, timer: null };
            w.timer = setTimeout(() => {
                this.waiters.delete(w);
                resolve();
            }, waitMs);
            this.waiters.add(w);
        });
        return this.query(since, filter, limit);
    }
}

module.exports = { EventLog };
