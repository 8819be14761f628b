'use strict';

const { cutChat, formatText } = require('./text');

const VALID_USER = /^[\w-]{1,20}$/;
const BACKLOG = 15;
const MAX_CHAT_LIMIT = 1000;
// chat and PMs share one limiter per user: a burst of 20, then 10 per second (chat.js MIN_ANTIFLOOD)
const MIN_ANTIFLOOD = Object.freeze({ burst: 20, sustained: 10 });

// src/channel/permissions.js DEFAULT_PERMISSIONS (registered) and loadUnregistered()
const REGISTERED_PERMISSIONS = {
    seeplaylist: -1, playlistadd: 1.5, playlistnext: 1.5, playlistmove: 1.5, playlistdelete: 2,
    playlistjump: 1.5, playlistaddlist: 1.5, oplaylistadd: -1, oplaylistnext: 1.5, oplaylistmove: 1.5,
    oplaylistdelete: 2, oplaylistjump: 1.5, oplaylistaddlist: 1.5, playlistaddcustom: 3,
    playlistaddrawfile: 2, playlistaddlive: 1.5, exceedmaxlength: 2, addnontemp: 2, settemp: 2,
    playlistshuffle: 2, playlistclear: 2, pollctl: 1.5, pollvote: -1, viewhiddenpoll: 1.5, voteskip: -1,
    viewvoteskip: 1.5, mute: 1.5, kick: 1.5, ban: 2, motdedit: 3, filteredit: 3, filterimport: 3,
    emoteedit: 3, emoteimport: 3, playlistlock: 2, leaderctl: 2, drink: 1.5, chat: 0, chatclear: 2,
    exceedmaxitems: 2, deletefromchannellib: 2, exceedmaxdurationperuser: 2,
};
const UNREGISTERED_PERMISSIONS = {
    ...REGISTERED_PERMISSIONS,
    playlistadd: -1, playlistnext: 0, playlistmove: 0, playlistdelete: 0, playlistjump: 0,
    playlistaddlist: 0, oplaylistnext: 0, oplaylistmove: 0, oplaylistdelete: 0, oplaylistjump: 0,
    oplaylistaddlist: 0, playlistaddcustom: 0, playlistaddlive: 0, exceedmaxlength: 0, addnontemp: 0,
    settemp: 0, playlistshuffle: 0, playlistclear: 0, pollctl: 0, leaderctl: 0, drink: 0,
};

function defaultOpts(name) {
    // src/channel/opts.js
    return {
        allow_voteskip: true,
        voteskip_ratio: 0.5,
        afk_timeout: 600,
        pagetitle: name,
        maxlength: 0,
        externalcss: '',
        externaljs: '',
        chat_antiflood: false,
        chat_antiflood_params: { burst: 4, sustained: 1, cooldown: 4 },
        show_public: false,
        enable_link_regex: true,
        password: false,
        allow_dupes: false,
        torbanned: false,
        allow_ascii_control: false,
        playlist_max_per_user: 0,
        new_user_chat_delay: 0,
        new_user_chat_link_delay: 0,
    };
}

function isObject(x) {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function formatDuration(seconds) {
    const s = Math.floor(+seconds || 0);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    const two = (n) => String(n).padStart(2, '0');
    return h > 0 ? `${two(h)}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}

function maskIp(ip) {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip || '');
    return m ? `x.x.${m[3]}.${m[4]}` : 'x.x.x.x';
}

/** A typecheck failure answered the way CyTube's typecheckedOn does: errorMsg, message dropped. */
function typeError(client, event, message) {
    client.emit('errorMsg', { msg: `Unexpected error for message ${event}: ${message}` });
}

function checkTypes(data, spec) {
    if (!isObject(data)) return `Expected an object, got ${Array.isArray(data) ? 'array' : typeof data}`;
    for (const [key, type] of Object.entries(spec)) {
        const optional = type.endsWith(',optional');
        const want = type.replace(',optional', '');
        const v = data[key];
        if (v === undefined && optional) continue;
        const got = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
        if (got !== want) return `Expected ${key} to be of type ${want}, got ${got}`;
    }
    return null;
}

class Channel {
    constructor(server, name, cfg = {}) {
        this.server = server; // the Standin (accounts, config)
        this.name = name.toLowerCase();
        this.users = []; // Clients in the channel, in join order
        this.backlog = [];
        this.ranks = new Map(); // lower name -> channel rank
        this.media = null;
        this.playlistUid = 0;
        this.drinks = 0;
        this.registered = true;
        this.maxLength = 320;
        this.motd = '';
        this.filters = null; // null: follow `registered`
        this.escapeQuotes = false;
        this.emotes = [];
        this.css = '';
        this.js = '';
        this.opts = defaultOpts(this.name);
        this.permissionOverrides = {};
        this.lastUsercount = 0;
        this.usercountTimer = null;
        this.createdBy = cfg.createdBy || 'control';
        this.configure(cfg);
    }

    get permissions() {
        const base = this.registered ? REGISTERED_PERMISSIONS : UNREGISTERED_PERMISSIONS;
        return { ...base, ...this.permissionOverrides };
    }

    get openPlaylist() {
        return !this.registered;
    }

    get filtersOn() {
        return this.filters === null ? this.registered : this.filters;
    }

    /** Applies a control-API channel configuration (every key optional). */
    configure(cfg) {
        if (!isObject(cfg)) throw new Error('channel configuration must be an object');
        if ('registered' in cfg) this.registered = Boolean(cfg.registered);
        if ('maxLength' in cfg) {
            const n = Math.floor(+cfg.maxLength);
            if (!(n >= 1)) throw new Error('maxLength must be a positive number');
            this.maxLength = Math.min(MAX_CHAT_LIMIT, n);
        }
        if ('antiflood' in cfg) {
            const af = cfg.antiflood;
            if (isObject(af)) {
                const burst = Math.min(20, Math.max(0, Math.floor(+af.burst || 4)));
                const sustained = Math.min(10, +af.sustained > 0 ? +af.sustained : 1);
                const cooldown = +af.cooldown > 0 ? +af.cooldown : burst / sustained;
                this.opts.chat_antiflood = af.enabled !== false;
                this.opts.chat_antiflood_params = { burst, sustained, cooldown };
            } else {
                this.opts.chat_antiflood = Boolean(af);
            }
        }
        if ('motd' in cfg) this.motd = String(cfg.motd);
        if ('filters' in cfg) this.filters = cfg.filters === null ? null : Boolean(cfg.filters);
        if ('linkify' in cfg) this.opts.enable_link_regex = Boolean(cfg.linkify);
        if ('escapeQuotes' in cfg) this.escapeQuotes = Boolean(cfg.escapeQuotes);
        if ('allowAsciiControl' in cfg) this.opts.allow_ascii_control = Boolean(cfg.allowAsciiControl);
        if ('emotes' in cfg) this.emotes = Array.isArray(cfg.emotes) ? cfg.emotes : [];
        if ('css' in cfg) this.css = String(cfg.css);
        if ('js' in cfg) this.js = String(cfg.js);
        if ('opts' in cfg && isObject(cfg.opts)) Object.assign(this.opts, cfg.opts);
        if ('permissions' in cfg && isObject(cfg.permissions)) Object.assign(this.permissionOverrides, cfg.permissions);
        if ('accounts' in cfg) {
            if (!Array.isArray(cfg.accounts)) throw new Error('accounts must be an array');
            for (const a of cfg.accounts) {
                if (!isObject(a) || typeof a.name !== 'string') throw new Error('an account needs a name');
                const rank = a.rank === undefined ? 1 : +a.rank;
                this.server.putAccount({ name: a.name, password: a.password, rank: rank >= 255 ? rank : 1 });
                this.ranks.set(a.name.toLowerCase(), rank);
            }
        }
        if ('ranks' in cfg && isObject(cfg.ranks)) {
            for (const [name, rank] of Object.entries(cfg.ranks)) this.ranks.set(name.toLowerCase(), +rank);
        }
        if ('backlog' in cfg) {
            if (!Array.isArray(cfg.backlog)) throw new Error('backlog must be an array');
            const now = Date.now();
            const n = cfg.backlog.length;
            this.backlog = cfg.backlog
                .map((b, idx) => this.backlogEntry(b, now - (n - idx) * 1000))
                .slice(-BACKLOG);
        }
        if ('media' in cfg) this.setMedia(cfg.media);
    }

    backlogEntry(b, defaultTime) {
        if (typeof b === 'string') b = { msg: b };
        if (!isObject(b)) throw new Error('a backlog line is a string or {username, msg, time?, meta?}');
        return {
            username: typeof b.username === 'string' ? b.username : 'someone',
            msg: String(b.msg ?? ''),
            meta: isObject(b.meta) ? b.meta : {},
            time: Number.isFinite(+b.time) && b.time !== undefined ? +b.time : defaultTime,
        };
    }

    rankFor(client) {
        if (!client.loggedIn) return -1;
        if (client.guest) return 0;
        const channelRank = this.ranks.get(client.lowerName);
        return Math.max(client.globalRank, channelRank === undefined ? 0 : channelRank);
    }

    snapshot() {
        return {
            name: this.name,
            registered: this.registered,
            maxLength: this.maxLength,
            antiflood: this.opts.chat_antiflood,
            antifloodParams: this.opts.chat_antiflood_params,
            filters: this.filtersOn,
            linkify: this.opts.enable_link_regex,
            escapeQuotes: this.escapeQuotes,
            motd: this.motd,
            ranks: Object.fromEntries(this.ranks),
            users: this.users.map((u) => ({ name: u.name, rank: u.rank, loggedIn: u.loggedIn, sim: u.sim, sid: u.sid })),
            usercount: this.users.length,
            backlog: this.backlog,
            media: this.media,
            drinks: this.drinks,
        };
    }

    // ---- user packing (Channel.prototype.packUserData) ----

    pack(user, forRank, forGlobalRank) {
        const base = {
            name: user.name,
            rank: user.rank,
            profile: { image: '', text: '' },
            meta: { afk: user.afk, muted: false },
        };
        if (forGlobalRank >= 255) {
            base.meta = { afk: user.afk, muted: false, smuted: false, aliases: [user.name], ip: user.ip };
        } else if (forRank >= 2) {
            base.meta = { afk: user.afk, muted: false, smuted: false, aliases: [user.name], ip: maskIp(user.ip) };
        }
        return base;
    }

    userlistFor(client) {
        return this.users.filter((u) => u.name !== '').map((u) => this.pack(u, client.rank, client.globalRank));
    }

    broadcast(event, data) {
        for (const u of this.users) u.emit(event, data);
    }

    // ---- join / login / part ----

    join(client) {
        client.channel = this;
        client.rank = this.rankFor(client);
        client.emit('rank', client.rank);
        client.emit('setPermissions', this.permissions);
        client.emit('setPlaylistLocked', !this.openPlaylist);
        client.emit('emoteList', this.emotes);
        for (const m of this.backlog) client.emit('chatMsg', m);
        client.emit('drinkCount', this.drinks);
        client.emit('channelCSSJS', { css: this.css, cssHash: hash(this.css), js: this.js, jsHash: hash(this.js) });
        client.emit('setMotd', this.motd);
        client.emit('channelOpts', this.opts);
        this.sendPlaylist(client);
        if (this.media) {
            client.emit('setCurrent', this.media.uid);
            client.emit('changeMedia', this.changeMediaPayload());
        }
        this.users.push(client);
        if (client.loggedIn) {
            this.announceLogin(client);
        }
        client.emit('userlist', this.userlistFor(client));
        client.emit('usercount', this.users.length);
        this.scheduleUsercount(client);
        if (!this.registered) {
            client.emit('channelNotRegistered');
        }
    }

    /** After a successful login of a user in this channel (Channel.acceptUser's U_LOGGED_IN branch and the modules). */
    announceLogin(client) {
        client.rank = this.rankFor(client);
        for (const u of [...this.users]) {
            if (u !== client && u.lowerName === client.lowerName) {
                u.kick('Duplicate login');
            }
        }
        for (const u of this.users) {
            u.emit('addUser', this.pack(client, u.rank, u.globalRank));
        }
        this.sendModMessage(`${client.name} joined (aliases: ${client.name})`, 2);
        client.emit('rank', client.rank);
        this.sendPlaylist(client);
        this.broadcast('setUserRank', { name: client.name, rank: client.rank });
    }

    part(client) {
        const idx = this.users.indexOf(client);
        if (idx < 0) return;
        this.users.splice(idx, 1);
        client.channel = null;
        if (client.loggedIn) {
            this.broadcast('userLeave', { name: client.name });
        }
        this.scheduleUsercount();
        if (this.users.length === 0 && !this.registered) {
            // an unregistered channel is unloaded when empty: nothing of it is saved
            this.backlog = [];
            this.drinks = 0;
            this.media = null;
        }
    }

    /**
     * usercount to everyone in the channel, at most one per throttle period (usercountThrottleMs); the
     * joiner, if given, got its own in the join sequence and is left out of an immediate broadcast.
     */
    scheduleUsercount(joiner) {
        if (this.usercountTimer) return;
        const send = (skip) => {
            this.usercountTimer = null;
            this.lastUsercount = Date.now();
            for (const u of this.users) if (u !== skip) u.emit('usercount', this.users.length);
        };
        const wait = this.lastUsercount + this.server.config.usercountThrottleMs - Date.now();
        if (wait <= 0) send(joiner);
        else this.usercountTimer = setTimeout(() => send(undefined), wait);
    }

    stopTimers() {
        if (this.usercountTimer) clearTimeout(this.usercountTimer);
        this.usercountTimer = null;
    }

    // ---- playlist / media ----

    playlistItems() {
        if (!this.media) return [];
        const { uid, ...media } = this.media;
        return [{ media: { id: media.id, title: media.title, seconds: media.seconds, duration: media.duration, type: media.type, meta: media.meta }, uid, temp: true, queueby: media.queueby }];
    }

    playlistMeta() {
        const seconds = this.media ? this.media.seconds : 0;
        return { count: this.media ? 1 : 0, rawTime: seconds, time: formatDuration(seconds) };
    }

    sendPlaylist(client) {
        client.emit('setPlaylistMeta', this.playlistMeta());
        client.emit('playlist', this.playlistItems());
    }

    changeMediaPayload() {
        const m = this.media;
        return {
            id: m.id,
            title: m.title,
            seconds: m.seconds,
            duration: m.duration,
            type: m.type,
            meta: m.meta,
            currentTime: m.currentTime,
            paused: m.paused,
        };
    }

    setMedia(media) {
        if (media === null || media === undefined || media === false) {
            this.media = null;
            return;
        }
        if (!isObject(media)) throw new Error('media must be an object {id, title, seconds, type}');
        const seconds = Math.max(0, Math.floor(+media.seconds || 0));
        this.media = {
            uid: ++this.playlistUid,
            id: String(media.id ?? 'dQw4w9WgXcQ'),
            title: String(media.title ?? 'Untitled'),
            seconds,
            duration: formatDuration(seconds),
            type: String(media.type ?? 'yt'),
            meta: isObject(media.meta) ? media.meta : {},
            currentTime: +media.currentTime || 0,
            paused: Boolean(media.paused),
            queueby: String(media.queueby ?? ''),
        };
        if (this.users.length > 0) {
            const item = this.playlistItems()[0];
            this.broadcast('queue', { item, after: null });
            this.broadcast('setPlaylistMeta', this.playlistMeta());
            this.broadcast('setCurrent', this.media.uid);
            this.broadcast('changeMedia', this.changeMediaPayload());
        }
    }

    setRank(name, rank) {
        const lower = name.toLowerCase();
        this.ranks.set(lower, +rank);
        for (const u of this.users) {
            if (u.loggedIn && !u.guest && u.lowerName === lower) {
                u.rank = this.rankFor(u);
                u.emit('rank', u.rank);
                this.broadcast('setUserRank', { name: u.name, rank: u.rank });
            }
        }
    }

    // ---- chat (src/channel/chat.js) ----

    formatMessage(username, data) {
        return {
            username,
            msg: formatText(data.msg, {
                filters: this.filtersOn,
                linkify: this.opts.enable_link_regex,
                escapeQuotes: this.escapeQuotes,
            }),
            meta: data.meta,
            time: Date.now(),
        };
    }

    handleChatMsg(client, data) {
        const err = checkTypes(data, { msg: 'string', meta: 'object,optional' });
        if (err) return typeError(client, 'chatMsg', err);
        if (client.rank < this.permissions.chat) return; // not logged in (rank -1): dropped silently
        let msg = cutChat(data.msg, this.maxLength, this.opts.allow_ascii_control);
        if (!msg.trim()) return; // no blank posting
        if (!client.loggedIn) return;
        const meta = {};
        const inMeta = data.meta || {};
        if (client.rank >= 2 && 'modflair' in inMeta && inMeta.modflair === client.rank) {
            meta.modflair = inMeta.modflair;
        }
        this.processChatMsg(client, { msg, meta });
    }

    processChatMsg(client, data) {
        const msgobj = this.formatMessage(client.name, data);
        let antiflood = MIN_ANTIFLOOD;
        if (this.opts.chat_antiflood && client.rank < 2) {
            antiflood = this.opts.chat_antiflood_params;
        }
        if (client.chatLimiter.throttle(antiflood)) {
            client.emit('cooldown', 1000 / antiflood.sustained);
            return;
        }
        if (data.msg.indexOf('>') === 0) {
            msgobj.meta.addClass = 'greentext';
        }
        if (data.msg.indexOf('/') === 0) {
            const space = data.msg.indexOf(' ');
            const cmd = space < 0 ? data.msg.substring(1) : data.msg.substring(1, space);
            const handler = COMMANDS[cmd];
            if (handler) {
                handler(this, client, data.msg, data.meta);
                return;
            }
        }
        if (data.msg.indexOf('/afk') === -1 && client.afk) {
            this.setAfk(client, false);
        }
        this.sendMessage(msgobj);
    }

    sendMessage(msgobj) {
        this.broadcast('chatMsg', msgobj);
        this.backlog.push(msgobj);
        if (this.backlog.length > BACKLOG) this.backlog.shift();
    }

    /** A chat line said by the server or a phantom user (control API), kept in the backlog like any other. */
    say(username, msg, meta, raw) {
        const msgobj = raw
            ? { username, msg: String(msg), meta: isObject(meta) ? meta : {}, time: Date.now() }
            : this.formatMessage(username, { msg: cutChat(String(msg), this.maxLength, this.opts.allow_ascii_control), meta: isObject(meta) ? meta : {} });
        this.sendMessage(msgobj);
        return msgobj;
    }

    sendModMessage(msg, minrank = 2) {
        const msgobj = {
            username: '[server]',
            msg,
            meta: { addClass: 'server-whisper', addClassToNameAndTimestamp: true },
            time: Date.now(),
        };
        for (const u of this.users) {
            if (u.rank >= minrank) u.emit('chatMsg', msgobj);
        }
    }

    setAfk(client, afk) {
        if (client.afk === afk) return;
        client.afk = afk;
        this.broadcast('setAFK', { name: client.name, afk });
    }

    handlePm(client, data) {
        const err = checkTypes(data, { msg: 'string', to: 'string', meta: 'object,optional' });
        if (err) return typeError(client, 'pm', err);
        if (!client.loggedIn) {
            return client.emit('errorMsg', { msg: 'You must be signed in to send PMs' });
        }
        const to = data.to.toLowerCase();
        if (to === client.lowerName) {
            return client.emit('errorMsg', { msg: "You can't PM yourself!" });
        }
        if (!VALID_USER.test(to)) {
            return client.emit('errorMsg', { msg: `PM failed: ${to} isn't a valid username.` });
        }
        if (client.chatLimiter.throttle(MIN_ANTIFLOOD)) {
            client.emit('cooldown', 1000 / MIN_ANTIFLOOD.sustained);
            return;
        }
        const msg = data.msg.substring(0, this.maxLength);
        const target = this.users.find((u) => u.lowerName === to);
        if (!target) {
            return client.emit('errorMsg', { msg: `PM failed: ${to} isn't connected to this channel.` });
        }
        const meta = {};
        const inMeta = data.meta || {};
        if (client.rank >= 2 && 'modflair' in inMeta && inMeta.modflair === client.rank) {
            meta.modflair = inMeta.modflair;
        }
        if (msg.indexOf('>') === 0) {
            meta.addClass = 'greentext';
        }
        const msgobj = this.formatMessage(client.name, { msg, meta });
        msgobj.to = target.name;
        target.emit('pm', msgobj);
        client.emit('pm', msgobj);
    }
}

function restOf(msg) {
    const args = msg.split(' ');
    args.shift();
    return args.join(' ');
}

// The chat commands CyTube handles itself; the moderation ones are accepted and do nothing here.
const COMMANDS = {
    me(ch, client, msg, meta) {
        meta.addClass = 'action';
        meta.action = true;
        ch.processChatMsg(client, { msg: restOf(msg), meta });
    },
    sp(ch, client, msg, meta) {
        meta.addClass = 'spoiler';
        ch.processChatMsg(client, { msg: restOf(msg), meta });
    },
    say: shout,
    rcv: shout,
    shout,
    clear(ch, client) {
        if (client.rank < ch.permissions.chatclear) return;
        ch.backlog = [];
        ch.broadcast('clearchat');
    },
    afk(ch, client) {
        ch.setAfk(client, !client.afk);
    },
    a() {},
    mute() {},
    smute() {},
    unmute() {},
    unsmute() {},
};

function shout(ch, client, msg, meta) {
    if (client.rank < 1.5) return;
    meta.addClass = 'shout';
    meta.addClassToNameAndTimestamp = true;
    meta.forceShowName = true;
    ch.processChatMsg(client, { msg: restOf(msg), meta });
}

function hash(s) {
    return require('node:crypto').createHash('sha256').update(s).digest('base64');
}

module.exports = { Channel, MIN_ANTIFLOOD, VALID_USER, formatDuration, isObject };
