'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStandin, connect, joinAndLogin, rawSocket, simWait } = require('./helpers');

let s;
before(async () => {
    s = await startStandin(['--channel', 'reg', '--account', 'bot:secret:1']);
});
after(() => s.stop());
beforeEach(() => s.api('POST', '/reset'));

test('stopped pings make the client see a dead link; other clients keep being pinged', async () => {
    await s.api('POST', '/config', { pingInterval: 200, pingTimeout: 300 });
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const other = connect(s.url, { localAddress: '127.0.3.3' });
    await other.waitFor('$connect');
    const r = await s.api('POST', '/clients/pings', { name: 'bot', enabled: false });
    assert.equal(r.pingsStopped, true);
    const t0 = Date.now();
    const dead = await bot.waitFor('$disconnect', 5000);
    assert.equal(dead.data, 'ping timeout'); // socket.io-client's own dead-link detection
    assert.ok(Date.now() - t0 >= 300);
    assert.equal(other.socket.connected, true);
    const pings = await s.api('GET', `/log?dir=out&type=ping&ip=127.0.3.3&wait=2000`);
    assert.ok(pings.entries.length >= 1);
    other.close();
});

test('pings can be resumed', async () => {
    await s.api('POST', '/config', { pingInterval: 200, pingTimeout: 2000 });
    const bot = connect(s.url);
    await bot.waitFor('$connect');
    const { sid } = await s.api('POST', '/clients/pings', { enabled: false }); // the last non-simulated connection
    const mark = (await s.api('GET', '/status')).trafficEnd;
    await s.api('POST', '/clients/pings', { sid, enabled: true });
    const ping = await s.api('GET', `/log?since=${mark}&sid=${sid}&type=ping&wait=3000`);
    assert.equal(ping.entries.length, 1);
    assert.equal(bot.socket.connected, true);
    bot.close();
});

test('a frozen client neither receives nor is heard; unfreezing restores it', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const alice = await s.api('POST', '/users', { channel: 'reg', name: 'alice' });
    await s.api('POST', '/clients/freeze', { name: 'bot' });
    await s.api('POST', `/users/${alice.id}/chat`, { msg: 'can you hear me' });
    await simWait(s, alice.id, (e) => e.event === 'chatMsg' && e.data.msg === 'can you hear me');
    bot.emit('chatMsg', { msg: 'into the void', meta: {} });
    const dropped = await s.api('GET', '/log?dir=in&name=bot&event=chatMsg&wait=3000');
    assert.equal(dropped.entries[0].dropped, true);
    assert.ok(!bot.events.some((e) => e.event === 'chatMsg' && e.data.msg === 'can you hear me'));
    await s.api('POST', '/clients/freeze', { name: 'bot', frozen: false });
    bot.emit('chatMsg', { msg: 'back again', meta: {} });
    await simWait(s, alice.id, (e) => e.event === 'chatMsg' && e.data.msg === 'back again');
    const seen = await s.api('GET', `/users/${alice.id}/received?event=chatMsg`);
    assert.ok(!seen.entries.some((e) => e.data.msg === 'into the void'));
    bot.close();
});

test('raw frames are injected into a client\'s websocket: Engine.IO/Socket.IO text, binary, invalid UTF-8', async () => {
    const ws = rawSocket(s.cytubePort);
    await ws.opened;
    await ws.waitFor((f) => String(f.data).startsWith('0'));
    ws.send('40');
    await ws.waitFor((f) => String(f.data).startsWith('40'));
    await s.api('POST', '/users', { channel: 'reg', name: 'alice' }); // a simulated user is never "the last"
    await s.api('POST', '/clients/inject', { frames: [{ text: '42["mystery",{"x":1}]' }, { text: 'garbage{' }] });
    await ws.waitFor((f) => f.data === '42["mystery",{"x":1}]');
    await ws.waitFor((f) => f.data === 'garbage{');
    await s.api('POST', '/clients/inject', { base64: Buffer.from([1, 2, 3]).toString('base64'), binary: true });
    const bin = await ws.waitFor((f) => f.isBinary);
    assert.deepEqual([...bin.raw], [1, 2, 3]);
    const log = await s.api('GET', '/log?dir=out&sim=false');
    assert.ok(log.entries.some((e) => e.injected && e.raw === 'garbage{'));
    // invalid UTF-8 in a text frame: a conforming client fails the connection
    await s.api('POST', '/clients/inject', { base64: Buffer.from([0x34, 0xc3, 0x28]).toString('base64'), binary: false });
    await ws.closed;
    assert.equal(ws.errors[0].code, 'WS_ERR_INVALID_UTF8');
});

test('an injected Socket.IO event reaches a socket.io client as an ordinary event', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    await s.api('POST', '/clients/inject', { name: 'bot', text: '42["brandNewEvent",{"a":[1,2]}]' });
    assert.deepEqual((await bot.waitFor('brandNewEvent')).data, { a: [1, 2] });
    await s.api('POST', '/clients/emit', { name: 'bot', event: 'errorMsg', data: { msg: 'from the test' } });
    assert.deepEqual((await bot.waitFor('errorMsg')).data, { msg: 'from the test' });
    await s.api('POST', '/channels/reg/emit', { event: 'clearchat' });
    await bot.waitFor('clearchat');
    await s.api('POST', '/clients/kick', { name: 'bot', reason: 'Banned' });
    assert.deepEqual((await bot.waitFor('kick')).data, { reason: 'Banned' });
    assert.equal((await bot.waitFor('$disconnect')).data, 'io server disconnect');
});

test('the traffic log shows exactly what a client sent, and long-polls for more', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const sent = await s.api('GET', '/log?dir=in&sim=false&type=message');
    assert.deepEqual(sent.entries.map((e) => e.raw), ['40', '42["joinChannel",{"name":"reg"}]', '42["login",{"name":"bot","pw":"secret"}]']);
    assert.deepEqual(sent.entries[2].data, { name: 'bot', pw: 'secret' });
    const pending = s.api('GET', `/log?dir=in&event=chatMsg&since=${sent.next}&wait=5000`);
    bot.emit('chatMsg', { msg: 'later', meta: {} });
    const got = await pending;
    assert.equal(got.entries.length, 1);
    assert.deepEqual(got.entries[0].data, { msg: 'later', meta: {} });
    assert.equal(got.entries[0].name, 'bot');
    assert.equal(got.entries[0].channel, 'reg');
    const out = await s.api('GET', '/log?dir=out&name=bot&event=login');
    assert.deepEqual(out.entries[0].data, { success: true, name: 'bot' });
    bot.close();
});

test('simulated users join, chat, PM, leave and reconnect; received events can be long-polled', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const alice = await s.api('POST', '/users', { id: 'alice', channel: 'reg', name: 'alice' });
    assert.equal(alice.id, 'alice');
    assert.deepEqual(alice.login, { success: true, name: 'alice', guest: true });
    const end = alice.receivedEnd;
    const pending = s.api('GET', `/users/alice/received?since=${end}&event=chatMsg&wait=5000`);
    bot.emit('chatMsg', { msg: 'hi alice', meta: {} });
    const got = await pending;
    assert.equal(got.entries[0].data.msg, 'hi alice');
    assert.ok(got.entries[0].t > 0);
    // us: the same moment in epoch microseconds (monotonic clock), within a few ms of t
    assert.ok(Number.isInteger(got.entries[0].us));
    assert.ok(Math.abs(got.entries[0].us / 1000 - got.entries[0].t) < 50, `${got.entries[0].us} vs ${got.entries[0].t}`);
    await s.api('POST', '/users/alice/chat', { msg: 'hi bot' });
    await bot.waitFor((e) => e.event === 'chatMsg' && e.data.username === 'alice' && e.data.msg === 'hi bot');
    await s.api('POST', '/users/alice/leave');
    assert.deepEqual((await bot.waitFor('userLeave')).data, { name: 'alice' });
    // same address, guest again within 60 s: the real restriction applies to simulated users too
    const refused = await s.api('POST', '/users/alice/reconnect');
    assert.deepEqual(refused.login, { success: false, error: 'Guest logins are restricted to one per IP address per 60 seconds.' });
    await s.api('POST', '/config', { guestLoginDelay: 0 });
    const back = await s.api('POST', '/users/alice/reconnect');
    assert.equal(back.loggedIn, true);
    await bot.waitFor((e) => e.event === 'addUser' && e.data.name === 'alice' && bot.events.filter((x) => x.event === 'addUser' && x.data.name === 'alice').length === 2);
    const chan = await s.api('GET', '/channels/reg');
    assert.deepEqual(chan.users.map((u) => u.name).sort(), ['alice', 'bot']);
    bot.close();
});

test('an echo peer answers lines with its prefix from others at once, and nothing else', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    await s.api('POST', '/users', { id: 'peer', channel: 'reg', name: 'peer', echo: '!echo ' });
    bot.emit('chatMsg', { msg: 'not for the peer', meta: {} });
    bot.emit('chatMsg', { msg: '!echo 42', meta: {} });
    const answer = await bot.waitFor((e) => e.event === 'chatMsg' && e.data.username === 'peer');
    assert.equal(answer.data.msg, 'echo 42');
    const peerLines = bot.events.filter((e) => e.event === 'chatMsg' && e.data.username === 'peer');
    assert.equal(peerLines.length, 1); // not the other line, and not its own answer again
    bot.close();
});

test('lines said through the control API reach everyone and the backlog', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    await s.api('POST', '/channels/reg/chat', { username: 'ghost', msg: 'I was here <3' });
    assert.equal((await bot.waitFor((e) => e.event === 'chatMsg' && e.data.username === 'ghost')).data.msg, 'I was here &lt;3');
    await s.api('POST', '/channels/reg/chat', { username: '[server]', msg: '<b>raw</b>', raw: true, meta: { addClass: 'server-whisper' } });
    assert.equal((await bot.waitFor((e) => e.event === 'chatMsg' && e.data.username === '[server]' && e.data.msg === '<b>raw</b>')).data.meta.addClass, 'server-whisper');
    const ch = await s.api('GET', '/channels/reg');
    assert.deepEqual(ch.backlog.map((b) => b.username), ['ghost', '[server]']);
    bot.close();
});

test('errors of the control API are JSON with a status', async () => {
    s.api.allowErrors = true;
    try {
        assert.equal((await s.api('GET', '/nope')).$status, 404);
        assert.equal((await s.api('POST', '/clients/pings', { name: 'nobody', enabled: false })).$status, 404);
        assert.equal((await s.api('POST', '/config', { pingInterval: 'x' })).$status, 400);
        assert.equal((await s.api('PUT', '/channels/bad%20name', {})).$status, 400);
    } finally {
        s.api.allowErrors = false;
    }
});
