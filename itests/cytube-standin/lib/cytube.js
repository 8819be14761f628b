'use strict';

// The CyTube side: HTTP discovery + Engine.IO 4 / Socket.IO 4 on one port, as CYTUBE-PROTOCOL.md describes.

const http = require('node:http');
const { Server } = require('socket.io');
const { RateLimiter, TokenBucket } = require('./ratelimit');
const { isObject, VALID_USER } = require('./channel');

const VALID_CHANNEL = /^[\w-]{1,30}$/;
const PACKET_DIGIT = { open: '0', close: '1', ping: '2', pong: '3', message: '4', upgrade: '5', noop: '6', error: '' };
const RAW_LOG_LIMIT = 65536;

function normIp(addr) {
    if (!addr) return '';
    return addr.startsWith('::ffff:') ? addr.substring(7) : addr;
}

/** Reads a Socket.IO packet (the Engine.IO message payload) far enough to log it. */
function parseSocketIo(data) {
    const out = { sio: data.charCodeAt(0) - 48 };
    let i = 1;
    if (data[i] === '/') {
        const comma = data.indexOf(',', i);
        out.nsp = data.substring(i, comma < 0 ? data.length : comma);
        i = comma < 0 ? data.length : comma + 1;
    }
    let ack = '';
    while (i < data.length && data[i] >= '0' && data[i] <= '9') ack += data[i++];
    if (ack) out.ack = Number(ack);
    if (i < data.length) {
        try {
            const payload = JSON.parse(data.substring(i));
            if ((out.sio === 2 || out.sio === 3) && Array.isArray(payload)) {
                if (out.sio === 2) {
                    out.event = payload[0];
                    out.data = payload[1];
                    if (payload.length > 2) out.args = payload.slice(1);
                } else {
                    out.data = payload.length === 1 ? payload[0] : payload;
                }
            } else {
                out.data = payload;
            }
        } catch (e) {
            out.malformed = true;
        }
    }
    return out;
}

/** A Socket.IO socket that got past the connection limits: the CyTube "User". */
class Client {
    constructor(side, socket, info) {
        this.side = side;
        this.socket = socket;
        this.info = info;
        this.sid = info.id; // the Engine.IO sid (what the client sees in `0{"sid":..}`)
        this.socketId = socket.id; // the Socket.IO sid (in `40{"sid":..}`)
        this.ip = info.ip;
        this.sim = info.sim;
        this.name = '';
        this.lowerName = '';
        this.rank = -1;
        this.globalRank = -1;
        this.loggedIn = false;
        this.loggingIn = false;
        this.guest = false;
        this.channel = null;
        this.afk = false;
        this.chatLimiter = new RateLimiter();
    }

    emit(event, ...args) {
        if (this.socket.connected) this.socket.emit(event, ...args);
    }

    /** User.prototype.kick: `kick {reason}`, then a namespace disconnect (`41`). */
    kick(reason) {
        this.emit('kick', { reason });
        this.socket.disconnect();
    }
}

class CytubeSide {
    constructor(standin) {
        this.standin = standin;
        this.httpServer = null;
        this.io = null;
        this.port = null;
        this.running = false;
        this.conns = new Map(); // engine sid -> ConnInfo
        this.rawSockets = new Set();
        this.resetVolatile();
    }

    get config() {
        return this.standin.config;
    }

    /** In-memory state a real server loses when its process restarts. */
    resetVolatile() {
        this.ipThrottle = new Map();
        this.ipCount = new Map();
        this.lastGuestLogin = new Map();
    }

    resetThrottles() {
        this.ipThrottle = new Map();
    }

    async start(port) {
        if (this.running) return this.port;
        const wanted = port ?? this.port ?? 0;
        this.resetVolatile();
        const httpServer = http.createServer((req, res) => this.handleHttp(req, res));
        httpServer.on('connection', (s) => {
            this.rawSockets.add(s);
            s.on('close', () => this.rawSockets.delete(s));
        });
        httpServer.on('clientError', (err, socket) => socket.destroy());
        httpServer.on('upgrade', (req, socket) => this.handleOtherUpgrade(req, socket));
        const io = new Server(httpServer, {
            path: '/socket.io/',
            serveClient: false,
            pingInterval: this.config.pingInterval,
            pingTimeout: this.config.pingTimeout,
            maxHttpBufferSize: this.config.maxPayload,
            transports: ['polling', 'websocket'],
            allowEIO3: false,
            connectTimeout: 45000,
        });
        io.engine.on('connection', (conn) => this.onEngineConnection(conn));
        io.use((socket, next) => this.throttleMiddleware(socket, next));
        io.on('connection', (socket) => this.onConnection(socket));
        await new Promise((resolve, reject) => {
            httpServer.once('error', reject);
            httpServer.listen(wanted, '127.0.0.1', () => {
                httpServer.removeListener('error', reject);
                resolve();
            });
        });
        this.httpServer = httpServer;
        this.io = io;
        this.port = httpServer.address().port;
        this.running = true;
        this.standin.connections.push({ t: Date.now(), kind: 'server-start', port: this.port });
        return this.port;
    }

    /** Closes every socket. abrupt: TCP connections are destroyed (like a killed process), no close frames. */
    async stop({ abrupt = true } = {}) {
        if (!this.running) return;
        this.running = false;
        const { httpServer, io } = this;
        this.httpServer = null;
        this.io = null;
        const destroyAll = () => {
            for (const s of this.rawSockets) s.destroy();
        };
        if (abrupt) destroyAll();
        // graceful: close frames go out; whatever has not closed after a second is cut
        const grace = setTimeout(destroyAll, abrupt ? 0 : 1000);
        await new Promise((resolve) => {
            io.close(() => resolve());
        });
        clearTimeout(grace);
        for (const s of this.rawSockets) s.destroy();
        this.rawSockets.clear();
        this.conns.clear();
        for (const ch of this.standin.channels.values()) {
            for (const u of [...ch.users]) ch.part(u);
            ch.stopTimers();
        }
        this.standin.connections.push({ t: Date.now(), kind: 'server-stop', port: this.port, abrupt });
    }

    // ---- HTTP: discovery ----

    /** The answer to a plain HTTP request: discovery, else 404. */
    discovery(req) {
        const url = new URL(req.url, 'http://127.0.0.1');
        const m = /^\/socketconfig\/(.*)\.json$/.exec(url.pathname);
        if (req.method !== 'GET' || !m) {
            return { status: 404, type: 'text/plain; charset=utf-8', body: 'Not Found' };
        }
        let name;
        try {
            name = decodeURIComponent(m[1]);
        } catch (e) {
            name = m[1];
        }
        const ok = VALID_CHANNEL.test(name) && (this.config.autoCreateChannels || this.standin.channels.has(name.toLowerCase()));
        this.standin.connections.push({
            t: Date.now(),
            kind: 'socketconfig',
            ip: normIp(req.socket.remoteAddress),
            channel: name,
            status: ok ? 200 : 404,
        });
        const body = ok
            ? { servers: [{ url: `http://127.0.0.1:${this.port}`, secure: false }] }
            : { error: `Channel "${name}" does not exist.` };
        return { status: ok ? 200 : 404, type: 'application/json; charset=utf-8', body: JSON.stringify(body) };
    }

    handleHttp(req, res) {
        const r = this.discovery(req);
        res.writeHead(r.status, { 'Content-Type': r.type, 'Content-Length': Buffer.byteLength(r.body) });
        res.end(r.body);
    }

    /**
     * An Upgrade request outside /socket.io/ (e.g. an HTTP/2 "h2c" upgrade offer of java.net.http): answered in
     * HTTP/1.1, the upgrade ignored, as an ordinary web server does.
     */
    handleOtherUpgrade(req, socket) {
        if (req.url.startsWith('/socket.io/')) return;
        const r = this.discovery(req);
        const reason = http.STATUS_CODES[r.status] || '';
        socket.on('error', () => {});
        socket.end(
            `HTTP/1.1 ${r.status} ${reason}\r\nContent-Type: ${r.type}\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\n` +
                `Connection: close\r\n\r\n${r.body}`,
        );
    }

    // ---- Engine.IO level: traffic log, pings, injection ----

    onEngineConnection(conn) {
        let simId = null;
        try {
            simId = new URL(conn.request.url, 'http://127.0.0.1').searchParams.get('standin_sim');
        } catch (e) {
            simId = null;
        }
        const info = {
            id: conn.id,
            conn,
            ip: normIp(conn.remoteAddress),
            sim: simId !== null,
            simId,
            openedAt: Date.now(),
            client: null,
            pingsStopped: false,
            frozen: false,
        };
        this.conns.set(conn.id, info);
        this.standin.connections.push({
            t: info.openedAt,
            kind: 'open',
            sid: conn.id,
            ip: info.ip,
            sim: info.sim,
            transport: conn.transport.name,
        });
        // the open packet went out before 'connection': log what it was
        this.logPacket(info, 'out', {
            type: 'open',
            data: JSON.stringify({
                sid: conn.id,
                upgrades: conn.transport.name === 'polling' ? ['websocket'] : [],
                pingInterval: this.io ? this.io.engine.opts.pingInterval : this.config.pingInterval,
                pingTimeout: this.io ? this.io.engine.opts.pingTimeout : this.config.pingTimeout,
                maxPayload: this.config.maxPayload,
            }),
        });
        conn.on('packet', (p) => this.logPacket(info, 'in', p));
        conn.on('packetCreate', (p) => this.logPacket(info, 'out', p));
        conn.on('close', (reason, description) => {
            this.conns.delete(conn.id);
            this.standin.connections.push({
                t: Date.now(),
                kind: 'close',
                sid: conn.id,
                ip: info.ip,
                sim: info.sim,
                reason,
                name: info.client ? info.client.name : '',
            });
        });
    }

    logPacket(info, dir, packet, extra) {
        const c = info.client;
        const e = {
            t: Date.now(),
            dir,
            sid: info.id,
            sim: info.sim,
            simId: info.simId,
            ip: info.ip,
            name: c ? c.name : '',
            channel: c && c.channel ? c.channel.name : null,
            type: packet.type,
        };
        const data = packet.data;
        if (typeof data === 'string') {
            const raw = (PACKET_DIGIT[packet.type] ?? '') + data;
            e.raw = raw.length > RAW_LOG_LIMIT ? raw.substring(0, RAW_LOG_LIMIT) : raw;
            if (raw.length > RAW_LOG_LIMIT) e.rawLength = raw.length;
            if (packet.type === 'message' && data.length > 0) Object.assign(e, parseSocketIo(data));
        } else if (data !== undefined && data !== null) {
            e.binary = true;
            e.length = data.length ?? data.byteLength;
        } else {
            e.raw = PACKET_DIGIT[packet.type] ?? '';
        }
        if (info.frozen) e.dropped = true;
        if (extra) Object.assign(e, extra);
        this.standin.traffic.push(e);
    }

    stopPings(info) {
        const conn = info.conn;
        if (info.pingsStopped) return;
        clearTimeout(conn.pingIntervalTimer);
        clearTimeout(conn.pingTimeoutTimer);
        conn.pingIntervalTimer = null;
        conn.pingTimeoutTimer = null;
        conn.schedulePing = function () {};
        conn.resetPingTimeout = function () {};
        info.pingsStopped = true;
    }

    resumePings(info) {
        if (!info.pingsStopped || info.frozen) return;
        const conn = info.conn;
        delete conn.schedulePing;
        delete conn.resetPingTimeout;
        info.pingsStopped = false;
        if (conn.readyState === 'open') conn.schedulePing();
    }

    /** A dead link: no pings, everything the server would send is dropped, everything received is ignored. */
    freeze(info) {
        if (info.frozen) return;
        this.stopPings(info);
        const transport = info.conn.transport;
        info.frozenTransport = transport;
        info.origSend = transport.send;
        info.origOnPacket = transport.onPacket;
        transport.send = function () {};
        transport.onPacket = (packet) => this.logPacket(info, 'in', packet, { dropped: true });
        info.frozen = true;
    }

    unfreeze(info) {
        if (!info.frozen) return;
        const transport = info.frozenTransport;
        transport.send = info.origSend;
        transport.onPacket = info.origOnPacket;
        info.frozen = false;
        this.resumePings(info);
    }

    /** Writes raw WebSocket frames, bypassing Engine.IO: text (string), or bytes as a binary or (possibly invalid) text frame. */
    inject(info, frames) {
        const transport = info.conn.transport;
        if (!transport || transport.name !== 'websocket' || !transport.socket) {
            const err = new Error('the client is not on the websocket transport');
            err.status = 409;
            throw err;
        }
        const ws = transport.socket;
        for (const f of frames) {
            if (typeof f.text === 'string') {
                ws.send(f.text, { binary: false });
                const parsed = f.text.startsWith('4') && f.text.length > 1 ? parseSocketIo(f.text.substring(1)) : {};
                this.logPacket(info, 'out', { type: 'raw', data: f.text }, { injected: true, ...parsed });
            } else if (typeof f.base64 === 'string') {
                const buf = Buffer.from(f.base64, 'base64');
                ws.send(buf, { binary: Boolean(f.binary) });
                this.logPacket(info, 'out', { type: 'raw', data: buf }, { injected: true, textFrame: !f.binary });
            } else {
                const err = new Error('a frame is {text} or {base64, binary?}');
                err.status = 400;
                throw err;
            }
        }
    }

    // ---- Socket.IO level: limits, join, login ----

    throttleMiddleware(socket, next) {
        const info = this.conns.get(socket.conn.id);
        const ip = info ? info.ip : normIp(socket.handshake.address);
        if (this.config.limits) {
            if (!this.ipThrottle.has(ip)) {
                this.ipThrottle.set(ip, new TokenBucket(this.config.connBurst, this.config.connPerSecond));
            }
            if (this.ipThrottle.get(ip).throttle()) {
                this.standin.connections.push({
                    t: Date.now(),
                    kind: 'connect',
                    result: 'rate-limited',
                    sid: socket.conn.id,
                    ip,
                    sim: info ? info.sim : false,
                });
                return next(new Error('Rate limit exceeded'));
            }
        }
        next();
    }

    onConnection(socket) {
        const info = this.conns.get(socket.conn.id);
        if (!info) {
            socket.disconnect(true);
            return;
        }
        const ip = info.ip;
        if (this.config.limits) {
            const count = this.ipCount.get(ip) || 0;
            if (count >= this.config.ipConnectionLimit) {
                this.standin.connections.push({ t: Date.now(), kind: 'connect', result: 'too-many-connections', sid: info.id, ip, sim: info.sim });
                socket.emit('kick', { reason: 'Too many connections from your IP address' });
                socket.disconnect(true);
                return;
            }
        }
        this.ipCount.set(ip, (this.ipCount.get(ip) || 0) + 1);
        socket.once('disconnect', () => {
            const n = (this.ipCount.get(ip) || 1) - 1;
            if (n <= 0) this.ipCount.delete(ip);
            else this.ipCount.set(ip, n);
        });
        this.standin.connections.push({ t: Date.now(), kind: 'connect', result: 'accepted', sid: info.id, ip, sim: info.sim });

        const client = new Client(this, socket, info);
        info.client = client;
        client.emit('rank', -1);
        socket.once('joinChannel', (data) => this.handleJoinChannel(client, data));
        socket.on('login', (data) => this.handleLogin(client, data));
        socket.on('disconnect', () => {
            if (client.channel) client.channel.part(client);
        });
    }

    handleJoinChannel(client, data) {
        if (!isObject(data) || typeof data.name !== 'string') return;
        if (client.channel) return;
        if (!VALID_CHANNEL.test(data.name)) {
            client.emit('errorMsg', {
                msg: 'Invalid channel name.  Channel names may consist of 1-30 characters in the set a-z, A-Z, 0-9, -, and _',
            });
            client.kick('Invalid channel name');
            return;
        }
        const name = data.name.toLowerCase();
        // like the real server, any valid name can be joined: an unknown one is a new unregistered channel
        const channel = this.standin.channels.get(name) || this.standin.createChannel(name, { registered: false, createdBy: 'join' });
        channel.join(client);
        client.socket.on('chatMsg', (d) => {
            if (client.channel === channel) channel.handleChatMsg(client, d);
        });
        client.socket.on('pm', (d) => {
            if (client.channel === channel) channel.handlePm(client, d);
        });
    }

    handleLogin(client, data) {
        if (!isObject(data)) {
            client.emit('errorMsg', { msg: 'Invalid login frame' });
            return;
        }
        const name = data.name;
        if (typeof name !== 'string') return;
        let pw = data.pw || '';
        if (typeof pw !== 'string') pw = '';
        if (client.loggingIn || client.loggedIn) return;
        if (this.config.refuseLogin && !client.sim) {
            // a test's refusal that retrying may fix (the real server has such answers when it is busy)
            client.emit('login', { success: false, error: this.config.refuseLogin });
            return;
        }
        if (!pw) this.guestLogin(client, name);
        else this.login(client, name, pw);
    }

    login(client, name, pw) {
        const account = this.standin.accounts.get(name.toLowerCase());
        if (!account) {
            client.emit('login', { success: false, error: 'User does not exist' });
            return;
        }
        if (account.password !== pw.substring(0, 100)) {
            client.emit('login', { success: false, error: 'Invalid username/password combination' });
            return;
        }
        client.name = account.name;
        client.lowerName = account.name.toLowerCase();
        client.guest = false;
        client.globalRank = account.rank;
        client.loggedIn = true;
        client.rank = client.channel ? client.channel.rankFor(client) : client.globalRank;
        // as CyTube: the account's global rank first; the channel rank comes later with rank and setUserRank
        client.emit('rank', client.globalRank);
        client.emit('login', { success: true, name: account.name });
        if (client.channel) client.channel.announceLogin(client);
    }

    guestLogin(client, name) {
        const delay = this.config.guestLoginDelay;
        const last = this.lastGuestLogin.get(client.ip);
        if (last !== undefined && delay > 0 && (Date.now() - last) / 1000 < delay) {
            client.emit('login', {
                success: false,
                error: `Guest logins are restricted to one per IP address per ${delay} seconds.`,
            });
            return;
        }
        if (!VALID_USER.test(name)) {
            client.emit('login', {
                success: false,
                error: 'Invalid username.  Usernames must be 1-20 characters long and consist only of characters a-z, A-Z, 0-9, -, or _.',
            });
            return;
        }
        if (this.standin.isUsernameTaken(name)) {
            client.emit('login', { success: false, error: 'That username is registered.' });
            return;
        }
        if (client.channel) {
            const lower = name.toLowerCase();
            if (client.channel.users.some((u) => u.lowerName === lower)) {
                client.emit('login', { success: false, error: 'That name is already in use on this channel.' });
                return;
            }
        }
        this.lastGuestLogin.set(client.ip, Date.now());
        client.name = name;
        client.lowerName = name.toLowerCase();
        client.guest = true;
        client.globalRank = 0;
        client.loggedIn = true;
        client.rank = 0;
        client.emit('rank', 0);
        client.emit('login', { success: true, name, guest: true });
        if (client.channel) client.channel.announceLogin(client);
    }

    // ---- targets for the control API ----

    describe(info) {
        const c = info.client;
        return {
            sid: info.id,
            socketId: c ? c.socketId : null,
            ip: info.ip,
            sim: info.sim,
            simId: info.simId,
            openedAt: info.openedAt,
            transport: info.conn.transport ? info.conn.transport.name : null,
            name: c ? c.name : '',
            channel: c && c.channel ? c.channel.name : null,
            rank: c ? c.rank : null,
            loggedIn: c ? c.loggedIn : false,
            pingsStopped: info.pingsStopped,
            frozen: info.frozen,
        };
    }

    /**
     * {sid} (Engine.IO or Socket.IO sid), {name[, channel]} (logged-in name; a real client before a
     * simulated one), or {} / {last:true}: the most recently opened connection that is not a simulated user.
     */
    resolve(target = {}) {
        const all = [...this.conns.values()].filter((i) => i.conn.readyState === 'open');
        let found;
        if (target.sid) {
            found = all.find((i) => i.id === target.sid || (i.client && i.client.socketId === target.sid));
        } else if (target.name) {
            const lower = String(target.name).toLowerCase();
            const matches = all
                .filter((i) => i.client && i.client.lowerName === lower)
                .filter((i) => !target.channel || (i.client.channel && i.client.channel.name === String(target.channel).toLowerCase()))
                .sort((a, b) => (a.sim - b.sim) || (b.openedAt - a.openedAt));
            found = matches[0];
        } else {
            found = all.filter((i) => !i.sim).sort((a, b) => b.openedAt - a.openedAt)[0];
        }
        if (!found) {
            const err = new Error(`no open connection matches ${JSON.stringify(target)}`);
            err.status = 404;
            throw err;
        }
        return found;
    }
}

module.exports = { CytubeSide, Client, VALID_CHANNEL, parseSocketIo, normIp };
