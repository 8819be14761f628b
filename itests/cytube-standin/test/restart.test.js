'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStandin, connect, joinAndLogin } = require('./helpers');

let s;
before(async () => {
    s = await startStandin(['--channel', 'reg', '--unregistered-channel', 'loose', '--account', 'bot:secret:1']);
});
after(() => s.stop());
beforeEach(() => s.api('POST', '/reset'));

test('stop closes every socket and the port; start listens on the SAME port again; control stays up', async () => {
    const bot = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    bot.emit('chatMsg', { msg: 'said before the restart', meta: {} });
    await bot.waitFor((e) => e.event === 'chatMsg' && e.data.msg === 'said before the restart');
    const stopped = await s.api('POST', '/cytube/stop', {});
    assert.equal(stopped.running, false);
    const gone = await bot.waitFor('$disconnect');
    assert.equal(gone.data, 'transport close');
    await assert.rejects(fetch(`${s.url}/socketconfig/reg.json`));
    const status = await s.api('GET', '/status');
    assert.equal(status.running, false);
    assert.equal(status.clients.length, 0);

    const started = await s.api('POST', '/cytube/start', {});
    assert.equal(started.port, s.cytubePort);
    assert.equal((await fetch(`${s.url}/socketconfig/reg.json`)).status, 200);
    const again = await joinAndLogin(s.url, 'reg', 'bot', 'secret');
    // a registered channel keeps its backlog over a restart
    const backlog = again.events.filter((e) => e.event === 'chatMsg' && e.data.username === 'bot').map((e) => e.data.msg);
    assert.deepEqual(backlog, ['said before the restart']);
    const kinds = (await s.api('GET', '/connections?kind=server-stop,server-start')).entries.map((e) => e.kind);
    assert.deepEqual(kinds, ['server-start', 'server-stop', 'server-start']); // the reset started it once
    again.close();
});

test('restart with a down time; an unregistered channel loses its backlog like the real server', async () => {
    const g = await joinAndLogin(s.url, 'loose', 'guest1');
    g.emit('chatMsg', { msg: 'fleeting', meta: {} });
    await g.waitFor((e) => e.event === 'chatMsg' && e.data.msg === 'fleeting');
    const t0 = Date.now();
    const r = await s.api('POST', '/cytube/restart', { downMs: 300 });
    assert.ok(Date.now() - t0 >= 300);
    assert.equal(r.port, s.cytubePort);
    await g.waitFor('$disconnect');
    // a restart is a new process: the guest-login delay and connection throttle start afresh
    const h = await joinAndLogin(s.url, 'loose', 'guest2');
    assert.equal(h.events.find((e) => e.event === 'login').data.success, true);
    assert.ok(!h.events.some((e) => e.event === 'chatMsg' && e.data.msg === 'fleeting'));
    h.close();
});

test('graceful stop sends close frames; abrupt (the default) just cuts the TCP connections', async () => {
    const a = connect(s.url);
    await a.waitFor('$connect');
    await s.api('POST', '/cytube/stop', { abrupt: false });
    assert.equal((await a.waitFor('$disconnect')).data, 'transport close');
    await s.api('POST', '/cytube/start', {});
    const b = connect(s.url);
    await b.waitFor('$connect');
    b.close();
});
