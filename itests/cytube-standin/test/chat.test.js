'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStandin, joinAndLogin, simWait } = require('./helpers');

let s;
before(async () => {
    s = await startStandin([]);
});
after(() => s.stop());
beforeEach(async () => {
    await s.api('POST', '/reset');
    await s.api('PUT', '/channels/reg', { registered: true, accounts: [{ name: 'bot', password: 'secret', rank: 1 }, { name: 'mod', password: 'pw', rank: 2 }] });
    await s.api('PUT', '/channels/unreg', { registered: false });
});

/** Sends one chat line as the bot and returns what came back to it. */
async function say(bot, msg, meta = { foo: 1 }) {
    const from = bot.events.length;
    bot.emit('chatMsg', { msg, meta });
    return (await bot.waitFor((e) => e.event === 'chatMsg' && e.data.username === bot.name, 5000, from)).data;
}

test('a chat line is relayed to everyone, sender included, as {username, msg, meta, time}', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const alice = await s.api('POST', '/users', { channel: 'reg', name: 'alice' });
    const before = Date.now();
    const echoed = await say(bot, 'hello there');
    assert.deepEqual(Object.keys(echoed), ['username', 'msg', 'meta', 'time']);
    assert.equal(echoed.msg, 'hello there');
    assert.deepEqual(echoed.meta, {}); // the client's meta is not relayed
    assert.ok(echoed.time >= before && echoed.time <= Date.now());
    const got = await s.api('GET', `/users/${alice.id}/received?event=chatMsg&wait=5000`);
    assert.deepEqual(got.entries.at(-1).data, echoed);
    bot.close();
});

test('HTML is escaped AFTER the cut to 320 characters', async () => {
    const bot = await joinAndLogin(s.url, 'unreg', 'guestbot');
    assert.equal((await say(bot, '<script>alert("x")</script> & it\'s')).msg, '&lt;script&gt;alert("x")&lt;/script&gt; &amp; it\'s');
    const cut = await say(bot, 'a'.repeat(319) + '<<<<');
    assert.equal(cut.msg, 'a'.repeat(319) + '&lt;');
    assert.equal((await say(bot, 'x'.repeat(2000))).msg.length, 320);
    assert.equal((await say(bot, '&amp;')).msg, '&amp;amp;');
    assert.equal((await say(bot, 'a\u0001\u0002b\tc')).msg, 'a b c');
    bot.close();
});

test('the channel limit is configurable up to 1000, and quotes can be escaped the old way', async () => {
    await s.api('PATCH', '/channels/unreg', { maxLength: 100 });
    const bot = await joinAndLogin(s.url, 'unreg', 'guestbot');
    assert.equal((await say(bot, 'y'.repeat(500))).msg.length, 100);
    await s.api('PATCH', '/channels/unreg', { maxLength: 5000, escapeQuotes: true });
    assert.equal((await say(bot, 'y'.repeat(5000))).msg.length, 1000);
    assert.equal((await say(bot, `"it's" (x)`)).msg, '&quot;it&#39;s&quot; &#40;x&#41;');
    bot.close();
});

test('markup filters on registered channels only; links become anchors; greentext and /me', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    assert.equal((await say(bot, '*counts* _it_ `code` ~~gone~~')).msg, '<strong>counts</strong> <em>it</em> <code>code</code> <s>gone</s>');
    assert.equal((await say(bot, 'see https://example.com/a_b_c')).msg, 'see <a href="https://example.com/a_b_c" target="_blank">https://example.com/a_b_c</a>');
    const green = await say(bot, '>implying');
    assert.equal(green.msg, '&gt;implying');
    assert.deepEqual(green.meta, { addClass: 'greentext' });
    const me = await say(bot, '/me waves');
    assert.equal(me.msg, 'waves');
    assert.deepEqual(me.meta, { addClass: 'action', action: true });
    bot.close();
    const guest = await joinAndLogin(s.url, 'unreg', 'guestbot');
    assert.equal((await say(guest, '*plain*')).msg, '*plain*');
    guest.close();
});

test('PMs go to both sides as {username, msg, meta, time, to}; errors are errorMsg', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const alice = await s.api('POST', '/users', { channel: 'reg', name: 'Alice' });
    bot.emit('pm', { to: 'alice', msg: 'psst <3', meta: {} });
    const mine = await bot.waitFor('pm');
    assert.deepEqual(Object.keys(mine.data), ['username', 'msg', 'meta', 'time', 'to']);
    assert.equal(mine.data.msg, 'psst &lt;3');
    assert.equal(mine.data.to, 'Alice');
    const hers = await s.api('GET', `/users/${alice.id}/received?event=pm&wait=5000`);
    assert.deepEqual(hers.entries[0].data, mine.data);
    await s.api('POST', `/users/${alice.id}/pm`, { to: 'bot', msg: 'hi back' });
    await bot.waitFor((e) => e.event === 'pm' && e.data.username === 'Alice' && e.data.to === 'bot');
    bot.emit('pm', { to: 'bot', msg: 'me', meta: {} });
    assert.deepEqual((await bot.waitFor('errorMsg')).data, { msg: "You can't PM yourself!" });
    const from = bot.events.length;
    bot.emit('pm', { to: 'zed', msg: 'anyone?', meta: {} });
    assert.deepEqual((await bot.waitFor('errorMsg', 5000, from)).data, { msg: "PM failed: zed isn't connected to this channel." });
    bot.close();
});

test('flood limiter: a burst of 20 passes, the excess is DROPPED and answered with cooldown 100', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const alice = await s.api('POST', '/users', { channel: 'reg', name: 'alice' });
    const from = bot.events.length;
    for (let i = 1; i <= 30; i++) bot.emit('chatMsg', { msg: `m${i}`, meta: {} });
    await bot.waitFor((e) => e.event === 'cooldown', 5000, from);
    // the marker goes through once the limiter lets one more message pass (100 ms after the last one)
    let passed = null;
    const deadline = Date.now() + 5000;
    while (!passed && Date.now() < deadline) {
        const mark = bot.events.length;
        bot.emit('chatMsg', { msg: 'marker', meta: {} });
        const r = await bot.waitFor((e) => e.event === 'cooldown' || (e.event === 'chatMsg' && e.data.msg === 'marker'), 5000, mark);
        if (r.event === 'chatMsg') passed = r;
    }
    assert.ok(passed, 'a message passes again after the cooldown');
    const mine = bot.events.slice(from).filter((e) => e.event === 'chatMsg' && e.data.username === 'bot').map((e) => e.data.msg);
    assert.deepEqual(mine.slice(0, 20), Array.from({ length: 20 }, (_, i) => `m${i + 1}`));
    assert.equal(mine[20], 'marker');
    const cooldowns = bot.events.slice(from).filter((e) => e.event === 'cooldown');
    assert.ok(cooldowns.length >= 10);
    assert.ok(cooldowns.every((e) => e.data === 100));
    // what the others saw: the same 20, nothing of the dropped ones
    const seen = await simWait(s, alice.id, (e) => e.event === 'chatMsg' && e.data.msg === 'marker');
    const fromBot = seen.filter((e) => e.event === 'chatMsg' && e.data.username === 'bot').map((e) => e.data.msg);
    assert.deepEqual(fromBot, mine);
    // the traffic log counts the cooldowns the server sent to the bot
    const count = await s.api('GET', '/log?dir=out&event=cooldown&name=bot&count=true');
    assert.equal(count.count, cooldowns.length);
    bot.close();
});

test('chat and PMs share the limiter', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    await s.api('POST', '/users', { channel: 'reg', name: 'alice' });
    const from = bot.events.length;
    const count = (name) => bot.events.slice(from).filter((e) => e.event === name).length;
    for (let i = 0; i < 15; i++) bot.emit('chatMsg', { msg: `c${i}`, meta: {} });
    for (let i = 0; i < 10; i++) bot.emit('pm', { to: 'alice', msg: `p${i}`, meta: {} });
    await bot.waitFor(() => count('cooldown') === 5 && count('pm') === 5, 5000, from);
    const evs = bot.events.slice(from);
    assert.equal(evs.filter((e) => e.event === 'chatMsg' && e.data.username === 'bot').length, 15);
    assert.deepEqual(evs.filter((e) => e.event === 'pm').map((e) => e.data.msg), ['p0', 'p1', 'p2', 'p3', 'p4']);
    bot.close();
});

test('channel antiflood (burst 4, 1/s, cooldown 1000) applies to ranks below 2 only', async () => {
    await s.api('PATCH', '/channels/reg', { antiflood: true });
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const mod = await joinAndLogin(s.url, 'reg', 'mod', 'pw', { localAddress: '127.0.5.5' });
    let from = bot.events.length;
    for (let i = 0; i < 6; i++) bot.emit('chatMsg', { msg: `b${i}`, meta: {} });
    await bot.waitFor(() => bot.events.slice(from).filter((x) => x.event === 'cooldown').length === 2, 5000, from);
    assert.deepEqual(bot.events.slice(from).filter((e) => e.event === 'chatMsg' && e.data.username === 'bot').map((e) => e.data.msg), ['b0', 'b1', 'b2', 'b3']);
    assert.ok(bot.events.slice(from).filter((e) => e.event === 'cooldown').every((e) => e.data === 1000));
    from = mod.events.length;
    for (let i = 0; i < 6; i++) mod.emit('chatMsg', { msg: `m${i}`, meta: {} });
    await mod.waitFor((e) => e.event === 'chatMsg' && e.data.msg === 'm5', 5000, from);
    assert.ok(!mod.events.slice(from).some((e) => e.event === 'cooldown'));
    bot.close();
    mod.close();
});

test('the backlog keeps the last 15 lines and is replayed on every join', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    for (let i = 1; i <= 17; i++) await say(bot, `n${i}`);
    bot.close();
    const again = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const names = again.names();
    const backlog = again.events.slice(0, names.indexOf('userlist')).filter((e) => e.event === 'chatMsg');
    assert.deepEqual(backlog.map((e) => e.data.msg), Array.from({ length: 15 }, (_, i) => `n${i + 3}`));
    const ch = await s.api('GET', '/channels/reg');
    assert.equal(ch.backlog.length, 15);
    again.close();
});
