#!/usr/bin/env node
'use strict';

// CyTube stand-in for the Daz integration tests. See README.md.
//   node server.js [--port N] [--control-port M] [options]
// Prints one JSON line on stdout when ready: {"cytubePort":..,"controlPort":..}

const { Standin } = require('./lib/standin');
const { createControlServer } = require('./lib/control');

const USAGE = `usage: node server.js [options]
  --port N                     CyTube side (discovery + socket.io) port, 0 = ephemeral (default 0)
  --control-port M             control API port, 0 = ephemeral (default 0)
  --channel NAME[,NAME..]      a registered channel (repeatable)
  --unregistered-channel NAME  an unregistered channel (repeatable)
  --account NAME:PASSWORD[:RANK]  a site account; RANK (default 1) counts in every channel (repeatable)
  --ping-interval MS           Engine.IO pingInterval (default 25000)
  --ping-timeout MS            Engine.IO pingTimeout (default 120000)
  --no-limits                  switch the per-IP connection limits off (default on)
  --conn-burst N               connections per IP in a burst (default 5)
  --conn-per-second X          then X per second (default 0.1)
  --ip-connection-limit N      concurrent connections per IP (default 10)
  --guest-login-delay S        seconds between guest logins per IP (default 60, 0 = off)
  --auto-create-channels       socketconfig answers for any valid channel name, as the real server does
  --exit-with-stdin            exit when standard input closes (the parent died)
`;

function parseArgs(argv) {
    const out = { port: 0, controlPort: 0, config: {}, channels: [], accounts: [], exitWithStdin: false };
    const need = (i, flag) => {
        if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
        return argv[i + 1];
    };
    const num = (v, flag) => {
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) throw new Error(`${flag}: not a number: ${v}`);
        return n;
    };
    for (let i = 0; i < argv.length; i++) {
        let a = argv[i];
        let inline = null;
        if (a.startsWith('--') && a.includes('=')) {
            inline = a.substring(a.indexOf('=') + 1);
            a = a.substring(0, a.indexOf('='));
        }
        const value = () => {
            if (inline !== null) return inline;
            const v = need(i, a);
            i++;
            return v;
        };
        switch (a) {
            case '--port': out.port = num(value(), a); break;
            case '--control-port': out.controlPort = num(value(), a); break;
            case '--channel':
            case '--channels':
                for (const n of value().split(',').filter(Boolean)) out.channels.push({ name: n, cfg: { registered: true } });
                break;
            case '--unregistered-channel':
                for (const n of value().split(',').filter(Boolean)) out.channels.push({ name: n, cfg: { registered: false } });
                break;
            case '--account': {
                const [name, password, rank] = value().split(':');
                out.accounts.push({ name, password, rank: rank === undefined ? 1 : num(rank, a) });
                break;
            }
            case '--ping-interval': out.config.pingInterval = num(value(), a); break;
            case '--ping-timeout': out.config.pingTimeout = num(value(), a); break;
            case '--no-limits': out.config.limits = false; break;
            case '--conn-burst': out.config.connBurst = num(value(), a); break;
            case '--conn-per-second': out.config.connPerSecond = num(value(), a); break;
            case '--ip-connection-limit': out.config.ipConnectionLimit = num(value(), a); break;
            case '--guest-login-delay': out.config.guestLoginDelay = num(value(), a); break;
            case '--auto-create-channels': out.config.autoCreateChannels = true; break;
            case '--exit-with-stdin': out.exitWithStdin = true; break;
            case '--help':
            case '-h':
                process.stdout.write(USAGE);
                process.exit(0);
                break;
            default:
                throw new Error(`unknown option ${a}`);
        }
    }
    return out;
}

async function main() {
    let args;
    try {
        args = parseArgs(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`${e.message}\n${USAGE}`);
        process.exit(2);
    }
    const standin = new Standin(args.config);
    standin.initial.accounts = args.accounts;
    standin.initial.channels = args.channels;
    for (const a of args.accounts) standin.putAccount(a);
    for (const c of args.channels) standin.createChannel(c.name, c.cfg);

    const control = createControlServer(standin);
    await new Promise((resolve, reject) => {
        control.once('error', reject);
        control.listen(args.controlPort, '127.0.0.1', resolve);
    });
    standin.controlPort = control.address().port;
    await standin.cytube.start(args.port);

    let stopping = false;
    const shutdown = async () => {
        if (stopping) return;
        stopping = true;
        const hard = setTimeout(() => process.exit(0), 2000);
        hard.unref();
        try {
            await standin.sims.removeAll();
            await standin.cytube.stop({ abrupt: true });
        } finally {
            control.closeAllConnections();
            control.close(() => process.exit(0));
        }
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
    if (args.exitWithStdin) {
        process.stdin.on('end', shutdown);
        process.stdin.on('error', shutdown);
        process.stdin.resume();
    }
    process.stdout.write(JSON.stringify({ cytubePort: standin.cytube.port, controlPort: standin.controlPort }) + '\n');
}

// a bug in a handler must not take the stand-in (and every test using it) down: report it and go on
process.on('uncaughtException', (e) => process.stderr.write(`cytube-standin: uncaught ${e.stack || e}\n`));
process.on('unhandledRejection', (e) => process.stderr.write(`cytube-standin: unhandled ${e && e.stack ? e.stack : e}\n`));

main().catch((e) => {
    process.stderr.write(`cytube-standin failed to start: ${e.stack || e}\n`);
    process.exit(1);
});
