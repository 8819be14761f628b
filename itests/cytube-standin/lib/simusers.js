'use strict';

// Simulated users: real socket.io-client sockets inside this process, connecting to the CyTube side
// over the websocket transport, each from its own loopback address (127.0.1.x, ...) so the per-IP
// limits treat them as different people, as they would be on the real server.

const { io } = require('socket.io-client');
const { EventLog } = require('./eventlog');

const DEFAULT_WAIT_MS = 5000;

function httpError(status, message) {
    return Object.assign(new Error(message), { status });
}

class SimUser {
    constructor(manager, id, opts) {
        this.manager = manager;
        this.id = id;
        this.ip = opts.ip;
        this.channel = opts.channel || null;
        this.name = opts.name || null;
        this.password = opts.password || null;
        // a peer with no bot behind it: answers a line starting with this prefix at once (benchmarks' baseline)
        this.echo = opts.echo || null;
        this.received = new EventLog(100000);
        this.socket = null;
        this.sid = null;
        this.loginResult = null;
        this.connectError = null;
        this.disconnectReason = null;
    }

    get connected() {
        return Boolean(this.socket && this.socket.connected);
    }

    record(event, args, pseudo = false) {
        // t: epoch ms; us: epoch µs from the monotonic clock, for latencies finer than a millisecond
        const e = { t: Date.now(), us: Math.round((performance.timeOrigin + performance.now()) * 1000), event, data: args[0] };
        if (args.length > 1) e.args = args;
        if (pseudo) e.pseudo = true;
        this.received.push(e);
        if (this.echo && event === 'chatMsg') this.answerEcho(args[0]);
        if (event === 'login' && args[0] && typeof args[0] === 'object') this.loginResult = args[0];
    }

    /** Echo peers: `<echo prefix>rest` from someone else is answered with `echo rest`. */
    answerEcho(line) {
        if (!line || typeof line.msg !== 'string' || !line.msg.startsWith(this.echo)) return;
        if (this.name && String(line.username).toLowerCase() === this.name.toLowerCase()) return;
        if (this.connected) this.socket.emit('chatMsg', { msg: `echo ${line.msg.slice(this.echo.length)}`, meta: {} });
    }

    /** Resolves with the first received event (index >= since) whose name is in `events`, or null on timeout. */
    async waitFor(events, since, timeoutMs) {
        const want = new Set(events);
        const r = await this.received.poll(since, (e) => want.has(e.event), 1, timeoutMs);
        return r.entries[0] || null;
    }

    async connect(timeoutMs = DEFAULT_WAIT_MS) {
        if (this.socket) {
            this.socket.removeAllListeners();
            this.socket.offAny();
            this.socket.disconnect();
        }
        if (!this.manager.standin.cytube.running) throw httpError(409, 'the CyTube side is stopped');
        this.connectError = null;
        this.disconnectReason = null;
        this.loginResult = null;
        const since = this.received.end;
        const socket = io(`http://127.0.0.1:${this.manager.standin.cytube.port}`, {
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            timeout: timeoutMs,
            localAddress: this.ip,
            query: { standin_sim: this.id },
        });
        this.socket = socket;
        socket.onAny((event, ...args) => this.record(event, args));
        socket.on('connect', () => {
            this.sid = socket.io.engine ? socket.io.engine.id : null;
            this.record('$connect', [{ sid: this.sid, socketId: socket.id }], true);
        });
        socket.on('connect_error', (err) => {
            this.connectError = err.message;
            this.record('$connect_error', [{ message: err.message }], true);
        });
        socket.on('disconnect', (reason) => {
            this.disconnectReason = reason;
            this.record('$disconnect', [{ reason }], true);
        });
        await this.waitFor(['$connect', '$connect_error'], since, timeoutMs);
        return this.connected;
    }

    async join(channel, timeoutMs = DEFAULT_WAIT_MS) {
        this.requireConnected();
        this.channel = channel;
        const since = this.received.end;
        this.socket.emit('joinChannel', { name: channel });
        return this.waitFor(['userlist', 'kick', '$disconnect'], since, timeoutMs);
    }

    async login(name, password, timeoutMs = DEFAULT_WAIT_MS) {
        this.requireConnected();
        this.name = name;
        this.password = password || null;
        const since = this.received.end;
        const frame = { name };
        if (password) frame.pw = password;
        this.socket.emit('login', frame);
        const e = await this.waitFor(['login', '$disconnect'], since, timeoutMs);
        if (!e || e.event !== 'login') return null;
        if (e.data && e.data.success && this.channel) {
            // the login sequence ends with setUserRank: return once the server is done with it
            const want = String(e.data.name).toLowerCase();
            await this.received.poll(
                since,
                (x) => (x.event === 'setUserRank' && x.data && String(x.data.name).toLowerCase() === want) || x.event === '$disconnect',
                1,
                timeoutMs,
            );
        }
        return e.data;
    }

    /** Connects, joins (when a channel is set) and logs in (when a name is set), as a browser would. */
    async start(timeoutMs = DEFAULT_WAIT_MS) {
        const ok = await this.connect(timeoutMs);
        if (!ok) return this.status();
        if (this.channel) await this.join(this.channel, timeoutMs);
        if (this.name && this.connected) await this.login(this.name, this.password, timeoutMs);
        return this.status();
    }

    requireConnected() {
        if (!this.connected) throw httpError(409, `simulated user ${this.id} is not connected`);
    }

    emit(event, data) {
        this.requireConnected();
        if (data === undefined) this.socket.emit(event);
        else this.socket.emit(event, data);
    }

    leave() {
        if (this.socket) this.socket.disconnect();
    }

    status() {
        return {
            id: this.id,
            ip: this.ip,
            channel: this.channel,
            name: this.name,
            connected: this.connected,
            sid: this.sid,
            loggedIn: Boolean(this.loginResult && this.loginResult.success),
            login: this.loginResult,
            connectError: this.connectError,
            disconnectReason: this.disconnectReason,
            receivedEnd: this.received.end,
        };
    }
}

class SimUsers {
    constructor(standin) {
        this.standin = standin;
        this.users = new Map();
        this.counter = 0;
        this.ipCounter = 0;
    }

    nextIp() {
        const n = this.ipCounter++;
        return `127.0.${1 + Math.floor(n / 254) % 254}.${1 + (n % 254)}`;
    }

    async create(opts = {}) {
        if (opts.ip !== undefined && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(String(opts.ip))) {
            throw httpError(400, 'ip must be a loopback address 127.x.y.z');
        }
        const id = String(opts.id || `u${++this.counter}`);
        if (this.users.has(id)) throw httpError(409, `simulated user ${id} exists`);
        const user = new SimUser(this, id, {
            ip: opts.ip || this.nextIp(),
            channel: opts.channel,
            name: opts.name,
            password: opts.password,
            echo: opts.echo === undefined ? null : String(opts.echo),
        });
        this.users.set(id, user);
        try {
            return await user.start(+opts.timeoutMs || DEFAULT_WAIT_MS);
        } catch (e) {
            user.leave();
            this.users.delete(id);
            throw e;
        }
    }

    get(id) {
        const u = this.users.get(String(id));
        if (!u) throw httpError(404, `no simulated user ${id}`);
        return u;
    }

    list() {
        return [...this.users.values()].map((u) => u.status());
    }

    remove(id) {
        const u = this.get(id);
        u.leave();
        this.users.delete(u.id);
    }

    async removeAll() {
        for (const u of this.users.values()) u.leave();
        this.users.clear();
    }
}

module.exports = { SimUsers, SimUser };
