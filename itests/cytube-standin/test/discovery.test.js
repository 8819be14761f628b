'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStandin, rawSocket } = require('./helpers');

let s;
before(async () => {
    s = await startStandin(['--channel', 'known', '--unregistered-channel', 'loose']);
});
after(() => s.stop());
beforeEach(() => s.api('POST', '/reset'));

test('the ready line names both ports and the control API answers', async () => {
    assert.ok(s.cytubePort > 0 && s.controlPort > 0 && s.cytubePort !== s.controlPort);
    const st = await s.api('GET', '/status');
    assert.equal(st.cytubePort, s.cytubePort);
    assert.equal(st.running, true);
    assert.deepEqual(st.channels.sort(), ['known', 'loose']);
});

test('socketconfig of a known channel lists the server', async () => {
    const res = await fetch(`${s.url}/socketconfig/known.json`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { servers: [{ url: `http://127.0.0.1:${s.cytubePort}`, secure: false }] });
    const created = await fetch(`${s.url}/socketconfig/loose.json`);
    assert.equal(created.status, 200);
});

test('socketconfig of an unknown or invalid channel is a 404 with the real error text', async () => {
    const res = await fetch(`${s.url}/socketconfig/nosuch.json`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'Channel "nosuch" does not exist.' });
    const bad = await fetch(`${s.url}/socketconfig/${encodeURIComponent('bad name!')}.json`);
    assert.equal(bad.status, 404);
    assert.deepEqual(await bad.json(), { error: 'Channel "bad name!" does not exist.' });
});

test('an HTTP/2 upgrade offer (h2c, as java.net.http sends) is ignored and answered in HTTP/1.1', async () => {
    const http = require('node:http');
    const answer = await new Promise((resolve, reject) => {
        const req = http.request(`${s.url}/socketconfig/known.json`, {
            headers: { Connection: 'Upgrade, HTTP2-Settings', Upgrade: 'h2c', 'HTTP2-Settings': 'AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA' },
        });
        req.on('response', (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode, body }));
        });
        req.on('error', reject);
        req.end();
    });
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.body).servers[0].url, s.url);
});

test('channels made through the control API are discoverable; autoCreateChannels answers for any valid name', async () => {
    await s.api('PUT', '/channels/fresh', { registered: true });
    assert.equal((await fetch(`${s.url}/socketconfig/fresh.json`)).status, 200);
    await s.api('POST', '/config', { autoCreateChannels: true });
    assert.equal((await fetch(`${s.url}/socketconfig/anything.json`)).status, 200);
    assert.equal((await fetch(`${s.url}/socketconfig/no%20spaces.json`)).status, 404);
    const log = await s.api('GET', '/connections?kind=socketconfig');
    assert.deepEqual(log.entries.map((e) => [e.channel, e.status]), [['fresh', 200], ['anything', 200], ['no spaces', 404]]);
});

test('Engine.IO 4 over a plain websocket: open packet as the real server sends it, server pings', async () => {
    await s.api('POST', '/config', { pingInterval: 300, pingTimeout: 1000 });
    const ws = rawSocket(s.cytubePort);
    await ws.opened;
    const open = await ws.waitFor((f) => String(f.data).startsWith('0'));
    const handshake = JSON.parse(open.data.substring(1));
    assert.equal(typeof handshake.sid, 'string');
    assert.equal(handshake.pingInterval, 300);
    assert.equal(handshake.pingTimeout, 1000);
    assert.equal(handshake.maxPayload, 1048576);
    ws.send('40');
    const connected = await ws.waitFor((f) => String(f.data).startsWith('40'));
    assert.match(connected.data, /^40\{"sid":"[^"]+"\}$/);
    await ws.waitFor((f) => f.data === '2');
    ws.send('3');
    ws.ws.close();
});

test('a frame over maxPayload (1 MiB) closes the connection', async () => {
    const ws = rawSocket(s.cytubePort);
    await ws.opened;
    await ws.waitFor((f) => String(f.data).startsWith('0'));
    ws.send('40');
    await ws.waitFor((f) => String(f.data).startsWith('40'));
    ws.send('42["chatMsg",{"msg":"' + 'x'.repeat(1048576) + '"}]');
    assert.equal(await ws.closed, 1009);
});

test('the defaults are the real server\'s: pingInterval 25000, pingTimeout 120000, limits on', async () => {
    const { config } = await s.api('GET', '/config');
    assert.equal(config.pingInterval, 25000);
    assert.equal(config.pingTimeout, 120000);
    assert.equal(config.maxPayload, 1048576);
    assert.equal(config.limits, true);
    assert.equal(config.connBurst, 5);
    assert.equal(config.connPerSecond, 0.1);
    assert.equal(config.ipConnectionLimit, 10);
    assert.equal(config.guestLoginDelay, 60);
});
