'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { io } = require('socket.io-client');
const WebSocket = require('ws');

const SERVER = path.join(__dirname, '..', 'server.js');

/** Starts `node server.js args...` and resolves once the ready line is read. */
async function startStandin(args = []) {
    const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const rl = readline.createInterface({ input: child.stdout });
    const ready = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no ready line within 10 s')), 10000);
        rl.once('line', (line) => {
            clearTimeout(timer);
            resolve(JSON.parse(line));
        });
        child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
    });
    const control = `http://127.0.0.1:${ready.controlPort}`;
    const api = async (method, p, body) => {
        const res = await fetch(control + p, {
            method,
            headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const json = await res.json();
        if (!res.ok && !api.allowErrors) throw new Error(`${method} ${p} -> ${res.status} ${JSON.stringify(json)}`);
        return Object.assign(json, { $status: res.status });
    };
    return {
        ...ready,
        url: `http://127.0.0.1:${ready.cytubePort}`,
        api,
        async stop() {
            child.kill('SIGTERM');
            await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
        },
    };
}

/** A "bot": a socket.io-client socket over the websocket transport, recording every event it receives. */
function connect(url, opts = {}) {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
    const events = [];
    const waiters = new Set();
    const push = (event, data) => {
        const e = { t: Date.now(), event, data };
        events.push(e);
        for (const w of [...waiters]) {
            if (w.pred(e)) {
                waiters.delete(w);
                clearTimeout(w.timer);
                w.resolve(e);
            }
        }
    };
    socket.onAny((event, data) => push(event, data));
    socket.on('connect', () => push('$connect', null));
    socket.on('connect_error', (err) => push('$connect_error', err.message));
    socket.on('disconnect', (reason) => push('$disconnect', reason));
    const client = {
        socket,
        events,
        names: () => events.map((e) => e.event),
        /** The first event (from index `from`) matching pred, waiting up to timeoutMs. */
        waitFor(pred, timeoutMs = 5000, from = 0) {
            if (typeof pred === 'string') {
                const name = pred;
                pred = (e) => e.event === name;
            }
            const found = events.slice(from).find(pred);
            if (found) return Promise.resolve(found);
            return new Promise((resolve, reject) => {
                const w = { pred, resolve };
                w.timer = setTimeout(() => {
                    waiters.delete(w);
                    reject(new Error(`timed out waiting; got ${JSON.stringify(events.map((e) => e.event))}`));
                }, timeoutMs);
                waiters.add(w);
            });
        },
        emit: (...a) => socket.emit(...a),
        close: () => socket.disconnect(),
    };
    return client;
}

async function joinAndLogin(url, channel, name, pw, opts) {
    const c = connect(url, opts);
    await c.waitFor('$connect');
    c.emit('joinChannel', { name: channel });
    await c.waitFor('userlist');
    if (name) {
        c.emit('login', pw ? { name, pw } : { name });
        const login = await c.waitFor('login');
        if (login.data.success) {
            c.name = login.data.name;
            // setUserRank is the last event of the login sequence
            await c.waitFor((e) => e.event === 'setUserRank' && e.data.name === login.data.name);
        }
    }
    return c;
}

/** A raw WebSocket to /socket.io/ (Engine.IO frames as text). */
function rawSocket(port) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    const frames = [];
    const errors = [];
    const waiters = new Set();
    ws.on('error', (e) => errors.push(e));
    ws.on('message', (data, isBinary) => {
        const f = { isBinary, data: isBinary ? data : data.toString('utf8'), raw: data };
        frames.push(f);
        for (const w of [...waiters]) {
            if (w.pred(f)) {
                waiters.delete(w);
                clearTimeout(w.timer);
                w.resolve(f);
            }
        }
    });
    return {
        ws,
        frames,
        errors,
        opened: new Promise((resolve, reject) => {
            ws.once('open', resolve);
            ws.once('error', reject);
        }),
        closed: new Promise((resolve) => ws.once('close', (code) => resolve(code))),
        waitFor(pred, timeoutMs = 5000) {
            const found = frames.find(pred);
            if (found) return Promise.resolve(found);
            return new Promise((resolve, reject) => {
                const w = { pred, resolve };
                w.timer = setTimeout(() => {
                    waiters.delete(w);
                    reject(new Error(`timed out; frames: ${JSON.stringify(frames.map((f) => String(f.data).slice(0, 80)))}`));
                }, timeoutMs);
                waiters.add(w);
            });
        },
        send: (t) => ws.send(t),
    };
}

/** Long-polls a simulated user's received events until one matches pred; returns all received so far. */
async function simWait(s, id, pred, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    let since = 0;
    const all = [];
    while (Date.now() < deadline) {
        const r = await s.api('GET', `/users/${id}/received?since=${since}&wait=${Math.max(1, deadline - Date.now())}`);
        all.push(...r.entries);
        since = r.next;
        if (r.entries.some(pred)) return all;
    }
    throw new Error(`simulated user ${id}: nothing matched; got ${JSON.stringify(all.map((e) => e.event))}`);
}

module.exports = { startStandin, connect, joinAndLogin, rawSocket, simWait };
