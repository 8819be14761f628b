'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStandin, connect, joinAndLogin } = require('./helpers');

let s;
before(async () => {
    s = await startStandin([]);
});
after(() => s.stop());
beforeEach(async () => {
    await s.api('POST', '/reset');
    await s.api('PUT', '/channels/reg', {
        registered: true,
        accounts: [
            { name: 'bot', password: 'secret', rank: 2 },
            { name: 'Owner', password: 'pw', rank: 4 },
        ],
    });
    await s.api('PUT', '/channels/unreg', { registered: false });
});

const JOIN_ORDER = ['rank', 'setPermissions', 'setPlaylistLocked', 'emoteList'];
const AFTER_BACKLOG = ['drinkCount', 'channelCSSJS', 'setMotd', 'channelOpts', 'setPlaylistMeta', 'playlist'];

function afterJoin(c) {
    const names = c.names();
    return names.slice(names.indexOf('rank', names.indexOf('rank') + 1));
}

test('join sends the events in the real order, with the last 15 chat lines as backlog on every join', async () => {
    const backlog = [];
    for (let i = 1; i <= 20; i++) backlog.push({ username: 'alice', msg: `line ${i}` });
    await s.api('PUT', '/channels/reg', { backlog, media: { id: 'xyz', title: 'A video', seconds: 212, type: 'yt' } });
    for (let round = 0; round < 2; round++) {
        const c = connect(s.url);
        await c.waitFor('$connect');
        c.emit('joinChannel', { name: 'reg' });
        await c.waitFor('usercount');
        const seq = afterJoin(c);
        const chats = seq.filter((n) => n === 'chatMsg').length;
        assert.equal(chats, 15);
        const expected = [...JOIN_ORDER, ...Array(15).fill('chatMsg'), ...AFTER_BACKLOG, 'setCurrent', 'changeMedia', 'userlist', 'usercount'];
        assert.deepEqual(seq, expected);
        const lines = c.events.filter((e) => e.event === 'chatMsg').map((e) => e.data.msg);
        assert.equal(lines[0], 'line 6');
        assert.equal(lines[14], 'line 20');
        assert.equal(c.events.find((e) => e.event === 'rank').data, -1);
        assert.deepEqual(c.events.find((e) => e.event === 'changeMedia').data, {
            id: 'xyz', title: 'A video', seconds: 212, duration: '03:32', type: 'yt', meta: {}, currentTime: 0, paused: false,
        });
        c.close();
    }
});

test('an unregistered channel sends channelNotRegistered; nothing plays: no setCurrent/changeMedia', async () => {
    const c = connect(s.url);
    await c.waitFor('$connect');
    c.emit('joinChannel', { name: 'unreg' });
    await c.waitFor('channelNotRegistered');
    assert.deepEqual(afterJoin(c), [...JOIN_ORDER, ...AFTER_BACKLOG, 'userlist', 'usercount', 'channelNotRegistered']);
    c.close();
});

test('registered login: success payload and the events after it, in order', async () => {
    const c = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    await c.waitFor('setUserRank');
    const names = c.names();
    const from = names.indexOf('usercount') + 1;
    const after = c.events.slice(from).filter((e) => !(e.event === 'chatMsg' && e.data.username === '[server]'));
    assert.deepEqual(after.map((e) => e.event), ['rank', 'login', 'addUser', 'rank', 'setPlaylistMeta', 'playlist', 'setUserRank']);
    // the account's global rank first, as CyTube; the channel rank comes with the second rank and setUserRank
    assert.equal(after[0].data, 1);
    assert.deepEqual(after[1].data, { success: true, name: 'bot' });
    assert.equal(after[3].data, 2);
    assert.equal(after[2].data.name, 'bot');
    assert.equal(after[2].data.rank, 2);
    assert.deepEqual(after[6].data, { name: 'bot', rank: 2 });
    c.close();
});

test('names are matched case-insensitively and the account spelling is returned', async () => {
    const c = await joinAndLogin(s.url, 'reg', 'owner', 'pw');
    assert.deepEqual(c.events.find((e) => e.event === 'login').data, { success: true, name: 'Owner' });
    c.close();
});

test('guest login: success payload with guest:true and rank 0', async () => {
    const c = await joinAndLogin(s.url, 'unreg', 'visitor');
    assert.deepEqual(c.events.find((e) => e.event === 'login').data, { success: true, name: 'visitor', guest: true });
    const ranks = c.events.filter((e) => e.event === 'rank').map((e) => e.data);
    assert.deepEqual(ranks.slice(-2), [0, 0]);
    c.close();
});

test('login errors carry the real texts', async () => {
    const loginResult = async (name, pw, opts) => {
        const c = await joinAndLogin(s.url, 'reg', name, pw, opts);
        const r = c.events.find((e) => e.event === 'login').data;
        c.close();
        return r;
    };
    assert.deepEqual(await loginResult('bot', 'wrong'), { success: false, error: 'Invalid username/password combination' });
    assert.deepEqual(await loginResult('nobody', 'pw'), { success: false, error: 'User does not exist' });
    // a guest may not take a registered name (nor a look-alike of it)
    assert.deepEqual(await loginResult('B0T'), { success: false, error: 'That username is registered.' });
    assert.deepEqual(await loginResult('bad name'), {
        success: false,
        error: 'Invalid username.  Usernames must be 1-20 characters long and consist only of characters a-z, A-Z, 0-9, -, or _.',
    });
});

test('a guest name in use on the channel, and the one guest login per IP per 60 s', async () => {
    const a = await s.api('POST', '/users', { channel: 'unreg', name: 'alice' });
    assert.equal(a.loggedIn, true);
    const c = await joinAndLogin(s.url, 'unreg', 'alice');
    assert.deepEqual(c.events.find((e) => e.event === 'login').data, { success: false, error: 'That name is already in use on this channel.' });
    c.emit('login', { name: 'carol' });
    await c.waitFor((e) => e.event === 'login' && e.data.success);
    c.close();
    const d = await joinAndLogin(s.url, 'unreg', 'dave');
    assert.deepEqual(d.events.find((e) => e.event === 'login').data, {
        success: false,
        error: 'Guest logins are restricted to one per IP address per 60 seconds.',
    });
    d.close();
    // the delay is per IP: another address may log in as a guest
    const e = await joinAndLogin(s.url, 'unreg', 'erin', undefined, { localAddress: '127.0.9.9' });
    assert.equal(e.events.find((x) => x.event === 'login').data.success, true);
    e.close();
});

test('the guest delay error names the configured delay, and a simulated user at an address takes its slot', async () => {
    await s.api('POST', '/config', { guestLoginDelay: 7 });
    const neighbour = await s.api('POST', '/users', { channel: 'unreg', name: 'neighbour', ip: '127.0.0.1' });
    assert.equal(neighbour.loggedIn, true);
    const c = await joinAndLogin(s.url, 'unreg', 'late');
    assert.deepEqual(c.events.find((e) => e.event === 'login').data, {
        success: false,
        error: 'Guest logins are restricted to one per IP address per 7 seconds.',
    });
    c.close();
});

test('chat and PMs before the channel loaded and login succeeded are dropped silently', async () => {
    const watcher = await s.api('POST', '/users', { channel: 'unreg', name: 'watcher' });
    const c = connect(s.url);
    await c.waitFor('$connect');
    c.emit('chatMsg', { msg: 'before join', meta: {} }); // no handler yet: dropped
    c.emit('joinChannel', { name: 'unreg' });
    c.emit('chatMsg', { msg: 'before login', meta: {} }); // rank -1: dropped
    await c.waitFor('userlist');
    c.emit('login', { name: 'late' });
    await c.waitFor('login');
    c.emit('chatMsg', { msg: 'after login', meta: {} });
    await c.waitFor((e) => e.event === 'chatMsg' && e.data.msg === 'after login');
    const got = await s.api('GET', `/users/${watcher.id}/received?event=chatMsg`);
    assert.deepEqual(got.entries.map((e) => e.data.msg), ['after login']);
    assert.ok(!c.events.some((e) => e.event === 'errorMsg' || e.event === 'cooldown'));
    c.close();
});

test('a second login with the same name elsewhere kicks the first with "Duplicate login"', async () => {
    const first = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const second = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const kick = await first.waitFor('kick');
    assert.deepEqual(kick.data, { reason: 'Duplicate login' });
    await first.waitFor('$disconnect');
    assert.deepEqual(second.events.find((e) => e.event === 'login').data, { success: true, name: 'bot' });
    const ch = await s.api('GET', '/channels/reg');
    assert.deepEqual(ch.users.map((u) => u.name), ['bot']);
    second.close();
});

test('userlist, addUser, userLeave and setUserRank are kept up to date', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const alice = await s.api('POST', '/users', { channel: 'reg', name: 'alice' });
    const add = await bot.waitFor((e) => e.event === 'addUser' && e.data.name === 'alice');
    assert.equal(add.data.rank, 0);
    assert.deepEqual(add.data.profile, { image: '', text: '' });
    assert.equal(add.data.meta.afk, false);
    // bot is a moderator: it sees the masked ip and aliases
    assert.ok('ip' in add.data.meta && 'aliases' in add.data.meta);
    await s.api('POST', '/channels/reg/rank', { name: 'bot', rank: 3 });
    await bot.waitFor((e) => e.event === 'setUserRank' && e.data.name === 'bot' && e.data.rank === 3);
    await s.api('DELETE', `/users/${alice.id}`);
    const leave = await bot.waitFor((e) => e.event === 'userLeave');
    assert.deepEqual(leave.data, { name: 'alice' });
    const c2 = connect(s.url, { localAddress: '127.0.9.1' });
    await c2.waitFor('$connect');
    c2.emit('joinChannel', { name: 'reg' });
    const ul = await c2.waitFor('userlist');
    assert.deepEqual(ul.data.map((u) => [u.name, u.rank]), [['bot', 3]]);
    assert.deepEqual(Object.keys(ul.data[0].meta), ['afk', 'muted']);
    c2.close();
    bot.close();
});

test('changeMedia is preceded by queue and setCurrent when media changes live', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    const from = bot.events.length;
    await s.api('POST', '/channels/reg/media', { id: 'abc', title: 'Next', seconds: 61, type: 'yt' });
    await bot.waitFor('changeMedia', 5000, from);
    assert.deepEqual(bot.names().slice(from), ['queue', 'setPlaylistMeta', 'setCurrent', 'changeMedia']);
    assert.equal(bot.events.at(-1).data.duration, '01:01');
    bot.close();
});
