'use strict';

const { EventLog } = require('./eventlog');
const { Channel } = require('./channel');
const { CytubeSide, VALID_CHANNEL } = require('./cytube');
const { SimUsers } = require('./simusers');

const DEFAULT_CONFIG = Object.freeze({
    // Engine.IO: what the real server announces in its open packet
    pingInterval: 25000,
    pingTimeout: 120000,
    maxPayload: 1048576,
    // per-IP connection limits (ON like the real server): a burst of 5, then 1 per 10 s; 10 at once
    limits: true,
    connBurst: 5,
    connPerSecond: 0.1,
    ipConnectionLimit: 10,
    // one guest login per IP per 60 s
    guestLoginDelay: 60,
    // usercount is sent at most once per 10 s
    usercountThrottleMs: 10000,
    // socketconfig for any valid channel name (the real server) instead of 404 for unknown ones
    autoCreateChannels: false,
    // when set, every login of a real client (not a simulated user) is refused with this error
    refuseLogin: '',
});

const CONFIG_TYPES = {
    pingInterval: 'number',
    pingTimeout: 'number',
    maxPayload: 'number',
    limits: 'boolean',
    connBurst: 'number',
    connPerSecond: 'number',
    ipConnectionLimit: 'number',
    guestLoginDelay: 'number',
    usercountThrottleMs: 'number',
    autoCreateChannels: 'boolean',
    refuseLogin: 'string',
};

/** Everything the stand-in knows: configuration, channels, accounts, logs, the CyTube side, simulated users. */
class Standin {
    constructor(config = {}) {
        this.config = { ...DEFAULT_CONFIG };
        this.setConfig(config);
        this.initial = { config: { ...config }, accounts: [], channels: [] };
        this.channels = new Map();
        this.accounts = new Map(); // lower name -> {name, password, rank}
        this.traffic = new EventLog(300000); // every Engine.IO packet in and out
        this.connections = new EventLog(100000); // opens, connects (accepted / rejected), closes, discovery
        this.cytube = new CytubeSide(this);
        this.sims = new SimUsers(this);
    }

    setConfig(patch) {
        for (const [key, value] of Object.entries(patch || {})) {
            if (!(key in CONFIG_TYPES)) throw Object.assign(new Error(`unknown setting ${key}`), { status: 400 });
            if (typeof value !== CONFIG_TYPES[key]) {
                throw Object.assign(new Error(`${key} must be a ${CONFIG_TYPES[key]}`), { status: 400 });
            }
            this.config[key] = value;
        }
        if (this.cytube) {
            if (this.cytube.io) {
                const opts = this.cytube.io.engine.opts;
                opts.pingInterval = this.config.pingInterval;
                opts.pingTimeout = this.config.pingTimeout;
                opts.maxHttpBufferSize = this.config.maxPayload;
            }
            if ('connBurst' in (patch || {}) || 'connPerSecond' in (patch || {})) this.cytube.resetThrottles();
        }
        return this.config;
    }

    createChannel(name, cfg = {}) {
        if (!VALID_CHANNEL.test(name)) {
            throw Object.assign(new Error(`invalid channel name "${name}" (1-30 of a-z A-Z 0-9 - _)`), { status: 400 });
        }
        const lower = name.toLowerCase();
        const existing = this.channels.get(lower);
        if (existing) {
            existing.configure(cfg);
            return existing;
        }
        const ch = new Channel(this, lower, cfg);
        this.channels.set(lower, ch);
        return ch;
    }

    channel(name) {
        const ch = this.channels.get(String(name).toLowerCase());
        if (!ch) throw Object.assign(new Error(`no channel ${name}`), { status: 404 });
        return ch;
    }

    deleteChannel(name) {
        const ch = this.channel(name);
        for (const u of [...ch.users]) {
            u.kick('This channel has been deleted.');
        }
        ch.stopTimers();
        this.channels.delete(ch.name);
    }

    putAccount({ name, password, rank = 1 }) {
        if (typeof name !== 'string' || !/^[\w-]{1,20}$/.test(name)) {
            throw Object.assign(new Error(`invalid account name "${name}"`), { status: 400 });
        }
        if (typeof password !== 'string' || password === '') {
            throw Object.assign(new Error(`account ${name} needs a non-empty password`), { status: 400 });
        }
        const account = { name, password, rank: +rank || 1 };
        this.accounts.set(name.toLowerCase(), account);
        return account;
    }

    /** db.users.isUsernameTaken: case-insensitive, and I l 1 o O 0 match each other (SQL LIKE with _). */
    isUsernameTaken(name) {
        const pattern = name
            .split('')
            .map((ch) => (/[Il1oO0]/.test(ch) ? '.' : ch.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')))
            .join('');
        const re = new RegExp(`^${pattern}$`, 'i');
        for (const a of this.accounts.values()) {
            if (re.test(a.name)) return true;
        }
        return false;
    }

    status() {
        return {
            cytubePort: this.cytube.port,
            controlPort: this.controlPort,
            running: this.cytube.running,
            config: this.config,
            channels: [...this.channels.keys()],
            accounts: [...this.accounts.values()].map((a) => ({ name: a.name, rank: a.rank })),
            clients: [...this.cytube.conns.values()].map((i) => this.cytube.describe(i)),
            simUsers: this.sims.list(),
            trafficEnd: this.traffic.end,
            connectionsEnd: this.connections.end,
        };
    }

    /**
     * Back to the state right after startup, on the same ports: every socket closed, the simulated users
     * gone, logs emptied, configuration, channels and accounts as the command line made them; the
     * CyTube side running.
     */
    async reset() {
        await this.sims.removeAll();
        const port = this.cytube.port;
        await this.cytube.stop({ abrupt: true });
        for (const ch of this.channels.values()) ch.stopTimers();
        this.channels.clear();
        this.accounts.clear();
        this.config = { ...DEFAULT_CONFIG };
        this.setConfig(this.initial.config);
        for (const a of this.initial.accounts) this.putAccount(a);
        for (const c of this.initial.channels) this.createChannel(c.name, c.cfg);
        this.traffic.clear();
        this.connections.clear();
        await this.cytube.start(port);
    }
}

module.exports = { Standin, DEFAULT_CONFIG };
