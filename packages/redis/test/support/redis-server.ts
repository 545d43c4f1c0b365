import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';

/**
 * A throwaway redis-server (the Debian package) on 127.0.0.1 and a free port, no persistence unless asked
 * (`aof`: an append-only file in a folder, so a restart on the same folder reloads what was written). Tests
 * never skip when it is missing: they fail, with the command that installs it.
 */
export interface RedisServer {
  port: number;
  url: string;
  /** SIGTERM and wait for exit. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit: Redis lost without a goodbye. */
  kill(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function missingMessage(): string {
  if (process.env.CI === 'true') {
    return `redis-server not found (${BINARY}) and CI=true: the Redis tests must run in CI. .ci/run installs it with 'apt-get update && apt-get install -y redis-server'`;
  }
  return `redis-server not found (${BINARY}). The @zohokit/redis tests need a real Redis: install it with 'sudo apt-get install -y redis-server' (Debian/Ubuntu) or 'brew install redis' (macOS), or set REDIS_SERVER_BIN`;
}

export interface RedisServerOptions {
  /** Persist with an AOF in `dir`, synced on every write (`always`, the default) or once a second. */
  aof?: { dir: string; fsync?: 'always' | 'everysec' };
}

/** Starts redis-server on `port` (default: a free one) and resolves once it answers PING. */
export async function startRedisServer(port?: number, options: RedisServerOptions = {}): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  if (options.aof) mkdirSync(options.aof.dir, { recursive: true });
  const persistence = options.aof
    ? ['--appendonly', 'yes', '--appendfsync', options.aof.fsync ?? 'always', '--dir', options.aof.dir]
    : ['--appendonly', 'no'];
  const child = spawn(
    BINARY,
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', ...persistence, '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(new Error(error.code === 'ENOENT' ? missingMessage() : `redis-server failed: ${error.message}`));
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before answering: ${output}`)));
  });
  failed.catch(() => undefined);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await Promise.race([ping(chosen), failed])) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on port ${chosen} did not answer PING within 10 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }

  const end = async (signal: NodeJS.Signals) => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}

/** One raw PING, so the helper does not depend on the client under test. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}
