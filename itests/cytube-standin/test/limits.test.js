'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStandin, connect } = require('./helpers');

let s;
before(async () => {
    s = await startStandin(['--unregistered-channel', 'lobby']);
});
after(() => s.stop());
beforeEach(() => s.api('POST', '/reset'));

async function outcome(c) {
    const e = await c.waitFor((x) => x.event === '$connect' || x.event === '$connect_error');
    return e.event === '$connect' ? 'connected' : e.data;
}

test('per IP: a burst of 5 new connections, the 6th gets connect_error "Rate limit exceeded"', async () => {
    const clients = [];
    const results = [];
    for (let i = 0; i < 6; i++) {
        const c = connect(s.url);
        clients.push(c);
        results.push(await outcome(c));
    }
    assert.deepEqual(results, ['connected', 'connected', 'connected', 'connected', 'connected', 'Rate limit exceeded']);
    const log = await s.api('GET', '/connections?kind=connect&sim=false');
    assert.deepEqual(log.entries.map((e) => e.result), ['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'rate-limited']);
    const stats = await s.api('GET', '/connections/stats?window=10000&sim=false');
    assert.equal(stats.maxInWindow, 6);
    assert.equal(stats.count, 6);
    clients.forEach((c) => c.close());
});

test('per IP: at most 10 at once, the 11th is kicked with the real reason', async () => {
    await s.api('POST', '/config', { connBurst: 100 });
    const clients = [];
    for (let i = 0; i < 10; i++) {
        const c = connect(s.url);
        clients.push(c);
        assert.equal(await outcome(c), 'connected');
    }
    const eleventh = connect(s.url);
    const kick = await eleventh.waitFor('kick');
    assert.deepEqual(kick.data, { reason: 'Too many connections from your IP address' });
    await eleventh.waitFor('$disconnect');
    // one closes: there is room again
    clients[0].close();
    const start = Date.now();
    let again = null;
    while (!again && Date.now() - start < 5000) {
        const c = connect(s.url);
        const got = await c.waitFor((e) => e.event === 'rank' || e.event === 'kick');
        if (got.event === 'rank') again = c;
        else c.close();
    }
    assert.ok(again, 'a connection is accepted once one closed');
    const log = await s.api('GET', '/connections?kind=connect&result=too-many-connections');
    assert.ok(log.entries.length >= 1);
    again.close();
    clients.forEach((c) => c.close());
});

test('the limits can be switched off or changed through the control API', async () => {
    await s.api('POST', '/config', { limits: false });
    const clients = [];
    for (let i = 0; i < 15; i++) {
        const c = connect(s.url);
        clients.push(c);
        assert.equal(await outcome(c), 'connected');
    }
    clients.forEach((c) => c.close());
    await s.api('POST', '/config', { limits: true, connBurst: 2, connPerSecond: 0.1 });
    const results = [];
    const sockets = [];
    for (let i = 0; i < 3; i++) {
        const c = connect(s.url);
        sockets.push(c);
        results.push(await outcome(c));
    }
    assert.deepEqual(results, ['connected', 'connected', 'Rate limit exceeded']);
    sockets.forEach((x) => x.close());
});

test('simulated users connect from addresses of their own and do not use up the bot\'s budget', async () => {
    for (let i = 0; i < 8; i++) {
        const u = await s.api('POST', '/users', { channel: 'lobby', name: `sim${i}` });
        assert.equal(u.loggedIn, true);
    }
    const ips = new Set((await s.api('GET', '/users')).users.map((u) => u.ip));
    assert.equal(ips.size, 8);
    const bot = connect(s.url);
    assert.equal(await outcome(bot), 'connected');
    const stats = await s.api('GET', '/connections/stats?sim=false');
    assert.equal(stats.count, 1);
    bot.close();
});

test('simulated users sharing an address share its limits', async () => {
    const results = [];
    for (let i = 0; i < 6; i++) {
        const u = await s.api('POST', '/users', { ip: '127.0.7.7' });
        results.push(u.connected ? 'connected' : u.connectError);
    }
    assert.deepEqual(results.slice(-2), ['connected', 'Rate limit exceeded']);
});
