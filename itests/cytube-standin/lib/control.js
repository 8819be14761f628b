'use strict';

// The test-control HTTP API (JSON), on its own port so the CyTube side can stop and start under it.
// Every endpoint is listed in README.md.

const http = require('node:http');

const MAX_BODY = 64 * 1024 * 1024;
const MAX_WAIT_MS = 60000;

function httpError(status, message) {
    return Object.assign(new Error(message), { status });
}

function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', (c) => {
            size += c.length;
            if (size > MAX_BODY) {
                reject(httpError(413, 'body too large'));
                req.destroy();
                return;
            }
            chunks.push(c);
        });
        req.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (!text.trim()) return resolve({});
            try {
                resolve(JSON.parse(text));
            } catch (e) {
                reject(httpError(400, `body is not JSON: ${e.message}`));
            }
        });
        req.on('error', reject);
    });
}

function bool(v) {
    if (v === undefined || v === null || v === '') return undefined;
    return v === true || v === 'true' || v === '1';
}

function int(v, dflt) {
    if (v === undefined || v === null || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n)) throw httpError(400, `not a number: ${v}`);
    return Math.floor(n);
}

function list(v) {
    if (v === undefined || v === null || v === '') return null;
    return new Set(String(v).split(',').map((s) => s.trim()).filter(Boolean));
}

/** A filter over log entries from query parameters (all optional, combined with AND). */
function entryFilter(q) {
    const dir = q.dir;
    const events = list(q.event);
    const types = list(q.type);
    const kinds = list(q.kind);
    const results = list(q.result);
    const sid = q.sid;
    const name = q.name ? String(q.name).toLowerCase() : null;
    const channel = q.channel ? String(q.channel).toLowerCase() : null;
    const ip = q.ip;
    const sim = bool(q.sim);
    return (e) =>
        (!dir || e.dir === dir) &&
        (!events || events.has(e.event)) &&
        (!types || types.has(e.type)) &&
        (!kinds || kinds.has(e.kind)) &&
        (!results || results.has(e.result)) &&
        (!sid || e.sid === sid) &&
        (!name || String(e.name || '').toLowerCase() === name) &&
        (!channel || e.channel === channel) &&
        (!ip || e.ip === ip) &&
        (sim === undefined || Boolean(e.sim) === sim);
}

async function pollLog(log, q) {
    const filter = entryFilter(q);
    const since = int(q.since, 0);
    if (bool(q.count)) {
        const r = log.query(since, filter, Number.MAX_SAFE_INTEGER);
        return { count: r.entries.length, next: r.next, end: r.end };
    }
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, int(q.wait, 0)));
    const r = await log.poll(since, filter, Math.max(1, int(q.limit, 10000)), wait);
    return { entries: r.entries, next: r.next, end: r.end };
}

/** The largest number of matching entries within any window of `window` ms. */
function maxInWindow(entries, windowMs) {
    let best = 0;
    let bestStart = null;
    let lo = 0;
    for (let hi = 0; hi < entries.length; hi++) {
        while (entries[hi].t - entries[lo].t >= windowMs) lo++;
        if (hi - lo + 1 > best) {
            best = hi - lo + 1;
            bestStart = entries[lo].t;
        }
    }
    return { max: best, windowStart: bestStart };
}

function targetOf(body) {
    if (body.target && typeof body.target === 'object') return body.target;
    const t = {};
    for (const k of ['sid', 'name', 'channel', 'last']) if (body[k] !== undefined) t[k] = body[k];
    return t;
}

function routes(standin) {
    const side = standin.cytube;
    const sims = standin.sims;
    const r = [];
    const add = (method, pattern, handler) => {
        const re = new RegExp('^' + pattern.replace(/:(\w+)/g, '(?<$1>[^/]+)') + '$');
        r.push({ method, re, handler });
    };

    add('GET', '/status', () => standin.status());
    add('POST', '/config', ({ body }) => ({ config: standin.setConfig(body) }));
    add('GET', '/config', () => ({ config: standin.config }));
    add('POST', '/reset', async () => {
        await standin.reset();
        return standin.status();
    });

    // the CyTube side
    add('POST', '/cytube/stop', async ({ body }) => {
        await side.stop({ abrupt: body.abrupt !== false });
        return { running: false, port: side.port };
    });
    add('POST', '/cytube/start', async () => {
        await side.start();
        return { running: true, port: side.port };
    });
    add('POST', '/cytube/restart', async ({ body }) => {
        await side.stop({ abrupt: body.abrupt !== false });
        const down = Math.max(0, int(body.downMs, 0));
        if (down > 0) await new Promise((res) => setTimeout(res, down));
        await side.start();
        return { running: true, port: side.port };
    });

    // channels and accounts
    add('GET', '/channels', () => ({ channels: [...standin.channels.values()].map((c) => c.snapshot()) }));
    const putChannel = ({ params, body }) => {
        try {
            return standin.createChannel(params.name, body).snapshot();
        } catch (e) {
            throw e.status ? e : httpError(400, e.message);
        }
    };
    add('PUT', '/channels/:name', putChannel);
    add('PATCH', '/channels/:name', putChannel);
    add('POST', '/channels/:name', putChannel);
    add('GET', '/channels/:name', ({ params }) => standin.channel(params.name).snapshot());
    add('DELETE', '/channels/:name', ({ params }) => {
        standin.deleteChannel(params.name);
        return { deleted: params.name };
    });
    add('POST', '/channels/:name/chat', ({ params, body }) => {
        if (typeof body.msg !== 'string') throw httpError(400, 'msg (string) is required');
        return standin.channel(params.name).say(body.username || '[server]', body.msg, body.meta, Boolean(body.raw));
    });
    add('POST', '/channels/:name/media', ({ params, body }) => {
        try {
            standin.channel(params.name).setMedia(body);
        } catch (e) {
            throw e.status ? e : httpError(400, e.message);
        }
        return standin.channel(params.name).snapshot();
    });
    add('DELETE', '/channels/:name/media', ({ params }) => {
        standin.channel(params.name).setMedia(null);
        return standin.channel(params.name).snapshot();
    });
    add('POST', '/channels/:name/rank', ({ params, body }) => {
        if (typeof body.name !== 'string' || typeof body.rank !== 'number') throw httpError(400, '{name, rank} required');
        standin.channel(params.name).setRank(body.name, body.rank);
        return standin.channel(params.name).snapshot();
    });
    add('POST', '/channels/:name/emit', ({ params, body }) => {
        if (typeof body.event !== 'string') throw httpError(400, 'event (string) is required');
        const ch = standin.channel(params.name);
        for (const u of ch.users) {
            if (body.data === undefined) u.emit(body.event);
            else u.emit(body.event, body.data);
        }
        return { sentTo: ch.users.length };
    });
    add('GET', '/accounts', () => ({ accounts: [...standin.accounts.values()].map((a) => ({ name: a.name, rank: a.rank })) }));
    add('PUT', '/accounts/:name', ({ params, body }) => {
        const a = standin.putAccount({ name: params.name, password: body.password, rank: body.rank });
        return { name: a.name, rank: a.rank };
    });
    add('POST', '/accounts', ({ body }) => {
        const a = standin.putAccount(body);
        return { name: a.name, rank: a.rank };
    });
    add('DELETE', '/accounts/:name', ({ params }) => {
        standin.accounts.delete(params.name.toLowerCase());
        return { deleted: params.name };
    });

    // connected clients (the bot's socket and any other)
    add('GET', '/clients', ({ query }) => {
        const sim = bool(query.sim);
        return {
            clients: [...side.conns.values()]
                .filter((i) => sim === undefined || i.sim === sim)
                .map((i) => side.describe(i)),
        };
    });
    add('POST', '/clients/pings', ({ body }) => {
        const info = side.resolve(targetOf(body));
        if (body.enabled === false) side.stopPings(info);
        else side.resumePings(info);
        return side.describe(info);
    });
    add('POST', '/clients/freeze', ({ body }) => {
        const info = side.resolve(targetOf(body));
        if (body.frozen === false) side.unfreeze(info);
        else side.freeze(info);
        return side.describe(info);
    });
    add('POST', '/clients/inject', ({ body }) => {
        const info = side.resolve(targetOf(body));
        let frames = body.frames;
        if (!Array.isArray(frames)) {
            frames = [];
            if (typeof body.text === 'string') frames.push({ text: body.text });
            if (typeof body.base64 === 'string') frames.push({ base64: body.base64, binary: body.binary });
        }
        if (frames.length === 0) throw httpError(400, 'give frames [...], text or base64');
        side.inject(info, frames);
        return { sid: info.id, frames: frames.length };
    });
    add('POST', '/clients/emit', ({ body }) => {
        if (typeof body.event !== 'string') throw httpError(400, 'event (string) is required');
        const info = side.resolve(targetOf(body));
        if (!info.client) throw httpError(409, 'that connection has no Socket.IO socket');
        if (body.data === undefined) info.client.socket.emit(body.event);
        else info.client.socket.emit(body.event, body.data);
        return side.describe(info);
    });
    add('POST', '/clients/kick', ({ body }) => {
        const info = side.resolve(targetOf(body));
        if (!info.client) throw httpError(409, 'that connection has no Socket.IO socket');
        const d = side.describe(info);
        info.client.kick(typeof body.reason === 'string' ? body.reason : 'Kicked');
        return d;
    });
    add('POST', '/clients/disconnect', ({ body }) => {
        const info = side.resolve(targetOf(body));
        const d = side.describe(info);
        const transport = info.conn.transport;
        if (body.abrupt !== false && transport && transport.name === 'websocket' && transport.socket) {
            transport.socket.terminate();
        } else {
            info.conn.close();
        }
        return d;
    });

    // logs
    add('GET', '/log', ({ query }) => pollLog(standin.traffic, query));
    add('GET', '/connections', ({ query }) => pollLog(standin.connections, query));
    add('GET', '/connections/stats', ({ query }) => {
        const windowMs = Math.max(1, int(query.window, 10000));
        const q = { kind: 'open', ...query };
        const filter = entryFilter(q);
        const entries = standin.connections.query(int(query.since, 0), filter, Number.MAX_SAFE_INTEGER).entries;
        const { max, windowStart } = maxInWindow(entries, windowMs);
        return {
            window: windowMs,
            count: entries.length,
            maxInWindow: max,
            windowStart,
            first: entries.length ? entries[0].t : null,
            last: entries.length ? entries[entries.length - 1].t : null,
        };
    });

    // simulated users
    add('POST', '/users', ({ body }) => sims.create(body));
    add('GET', '/users', () => ({ users: sims.list() }));
    add('GET', '/users/:id', ({ params }) => sims.get(params.id).status());
    add('DELETE', '/users/:id', ({ params }) => {
        sims.remove(params.id);
        return { deleted: params.id };
    });
    add('POST', '/users/:id/chat', ({ params, body }) => {
        if (typeof body.msg !== 'string') throw httpError(400, 'msg (string) is required');
        sims.get(params.id).emit('chatMsg', { msg: body.msg, meta: body.meta || {} });
        return { sent: true };
    });
    add('POST', '/users/:id/pm', ({ params, body }) => {
        if (typeof body.msg !== 'string' || typeof body.to !== 'string') throw httpError(400, '{to, msg} are required');
        sims.get(params.id).emit('pm', { to: body.to, msg: body.msg, meta: body.meta || {} });
        return { sent: true };
    });
    add('POST', '/users/:id/emit', ({ params, body }) => {
        if (typeof body.event !== 'string') throw httpError(400, 'event (string) is required');
        sims.get(params.id).emit(body.event, body.data);
        return { sent: true };
    });
    add('POST', '/users/:id/join', async ({ params, body }) => {
        const u = sims.get(params.id);
        await u.join(String(body.channel), int(body.timeoutMs, 5000));
        return u.status();
    });
    add('POST', '/users/:id/login', async ({ params, body }) => {
        const u = sims.get(params.id);
        await u.login(String(body.name), body.password, int(body.timeoutMs, 5000));
        return u.status();
    });
    add('POST', '/users/:id/leave', ({ params }) => {
        const u = sims.get(params.id);
        u.leave();
        return u.status();
    });
    add('POST', '/users/:id/reconnect', ({ params, body }) => sims.get(params.id).start(int(body.timeoutMs, 5000)));
    add('GET', '/users/:id/received', ({ params, query }) => pollLog(sims.get(params.id).received, query));
    return r;
}

function createControlServer(standin) {
    const table = routes(standin);
    const server = http.createServer(async (req, res) => {
        const send = (status, obj) => {
            const text = JSON.stringify(obj);
            res.writeHead(status, {
                'Content-Type': 'application/json; charset=utf-8',
                'Content-Length': Buffer.byteLength(text),
            });
            res.end(text);
        };
        try {
            const url = new URL(req.url, 'http://127.0.0.1');
            const path = url.pathname.replace(/\/+$/, '') || '/';
            let matched = null;
            let pathMatched = false;
            for (const route of table) {
                const m = route.re.exec(path);
                if (!m) continue;
                pathMatched = true;
                if (route.method === req.method) {
                    matched = { route, params: Object.fromEntries(Object.entries(m.groups || {}).map(([k, v]) => [k, decodeURIComponent(v)])) };
                    break;
                }
            }
            if (!matched) throw httpError(pathMatched ? 405 : 404, `${req.method} ${path} is not an endpoint (see README.md)`);
            const body = req.method === 'GET' || req.method === 'DELETE' ? {} : await readBody(req);
            if (typeof body !== 'object' || body === null || Array.isArray(body)) throw httpError(400, 'the body must be a JSON object');
            const query = Object.fromEntries(url.searchParams);
            const result = await matched.route.handler({ params: matched.params, body, query });
            send(200, result === undefined ? {} : result);
        } catch (e) {
            send(e.status || 500, { error: e.message });
        }
    });
    server.keepAliveTimeout = 120000;
    server.headersTimeout = 125000;
    server.requestTimeout = 0;
    return server;
}

module.exports = { createControlServer, entryFilter, maxInWindow };
