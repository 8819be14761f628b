'use strict';

// The algorithms on their own, with a fake clock.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { RateLimiter, TokenBucket } = require('../lib/ratelimit');
const { formatText, cutChat } = require('../lib/text');
const { EventLog } = require('../lib/eventlog');

test('the chat limiter: burst 20, then one per 100 ms since the last allowed, reset after 2 s quiet', () => {
    let now = 1_000_000;
    const l = new RateLimiter(() => now);
    const opts = { burst: 20, sustained: 10 };
    for (let i = 0; i < 20; i++) assert.equal(l.throttle(opts), false, `message ${i + 1}`);
    assert.equal(l.throttle(opts), true);
    now += 99;
    assert.equal(l.throttle(opts), true); // refused messages do not move the clock
    now += 1;
    assert.equal(l.throttle(opts), false);
    now += 50;
    assert.equal(l.throttle(opts), true);
    now += 2001; // more than burst/sustained = 2 s after the last allowed one
    for (let i = 0; i < 20; i++) assert.equal(l.throttle(opts), false);
    assert.equal(l.throttle(opts), true);
});

test('the channel antiflood: burst 4, one per second, 4 s to cool down', () => {
    let now = 0 + 10_000;
    const l = new RateLimiter(() => now);
    const opts = { burst: 4, sustained: 1, cooldown: 4 };
    for (let i = 0; i < 4; i++) assert.equal(l.throttle(opts), false);
    assert.equal(l.throttle(opts), true);
    now += 1000;
    assert.equal(l.throttle(opts), false);
    assert.equal(l.throttle(opts), true);
});

test('the connection throttle: 5 at once, then one per 10 s', () => {
    let now = 50_000;
    const b = new TokenBucket(5, 0.1, () => now);
    for (let i = 0; i < 5; i++) assert.equal(b.throttle(), false);
    assert.equal(b.throttle(), true);
    now += 9999;
    assert.equal(b.throttle(), true);
    now += 1;
    assert.equal(b.throttle(), false);
    assert.equal(b.throttle(), true);
    now += 60_000;
    for (let i = 0; i < 5; i++) assert.equal(b.throttle(), false);
    assert.equal(b.throttle(), true);
});

test('text: cut first, then escape; filters and links', () => {
    assert.equal(formatText(cutChat('<'.repeat(400), 320)), '&lt;'.repeat(320));
    assert.equal(formatText('a & b < c > d "e" \'f\' (g)'), 'a &amp; b &lt; c &gt; d "e" \'f\' (g)');
    assert.equal(formatText('"q"', { escapeQuotes: true }), '&quot;q&quot;');
    assert.equal(formatText('*b* _i_', { filters: true }), '<strong>b</strong> <em>i</em>');
    assert.equal(formatText('*b*', { filters: false }), '*b*');
    assert.equal(formatText('x http://a.b/c_d_e y', { filters: true }), 'x <a href="http://a.b/c_d_e" target="_blank">http://a.b/c_d_e</a> y');
    assert.equal(formatText('http://a.b', { linkify: false }), 'http://a.b');
    assert.equal(cutChat('a\x00\x01b\nc', 320), 'a b c');
    assert.equal(cutChat('a\x01b', 320, true), 'a\x01b');
});

test('the event log: absolute cursors, filters, long-poll', async () => {
    const log = new EventLog(10);
    for (let i = 0; i < 25; i++) log.push({ n: i });
    const all = log.query(0);
    assert.equal(all.entries[0].i, all.entries[0].n); // indexes stay absolute after old entries are dropped
    assert.equal(all.next, 25);
    const even = log.query(20, (e) => e.n % 2 === 0, 2);
    assert.deepEqual(even.entries.map((e) => e.n), [20, 22]);
    assert.equal(even.next, 23);
    const pending = log.poll(25, (e) => e.n === 99, 10, 5000);
    log.push({ n: 98 });
    log.push({ n: 99 });
    assert.deepEqual((await pending).entries.map((e) => e.n), [99]);
    const none = await log.poll(log.end, () => true, 10, 10);
    assert.equal(none.entries.length, 0);
});
