/**
 * The `zohokit` binary. Start-up is most of a CLI call's time (bench/cli-startup.ts), so:
 *
 * - `zohokit --version` answers from here, before the CLI bundle (commander, the SDK) is even read.
 * - Everything else runs the bundle, cli.cjs, through a V8 code cache: compiling the ~400 KB bundle and the
 *   functions a command runs costs ~10 ms of CPU per start, reading their bytecode back ~1 ms. Node 22 has
 *   `module.enableCompileCache()` for this; Node 20 does not, so it is done here with `vm.Script`'s
 *   `cachedData`. One cache per command group (`desk`, `auth`, …), since each runs different functions, in
 *   the user's cache directory (0700). Its name carries the bundle's size and mtime, the CLI and Node versions
 *   and the CPU architecture, so a rebuilt bundle never meets a stale cache; V8 checks its own version and
 *   flags on top and rejects a cache that does not fit, and then the bundle is simply compiled.
 *   `ZOHOKIT_NO_COMPILE_CACHE=1` turns it off.
 *
 * Both files are CommonJS: Node 20 starts its ES module loader (~7 ms) for an ESM entry, which a CommonJS
 * program pays only when it imports an ES module (the emulator, prompts).
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${__ZOHOKIT_VERSION__}\n`);
} else {
  runBundle(join(__dirname, 'cli.cjs'));
}

function runBundle(file: string): void {
  const cacheFile = cachePath(file);
  if (cacheFile === undefined) {
    require(file);
    return;
  }
  let cached: Buffer | undefined;
  try {
    cached = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run makes it.
  }
  // The same wrapper Node puts around a CommonJS module, on the same line, so stack traces keep their lines.
  // The build makes cli.cjs pure ASCII (tsup.config.ts asciiOnly), so latin1 reads it as a one-byte string;
  // slicing off the shebang (and keeping its newline) shares the file's string instead of copying it.
  const text = readFileSync(file, 'latin1');
  const source = text.startsWith('#!') ? text.slice(text.indexOf('\n')) : text;
  const wrapped = `(function (exports, require, module, __filename, __dirname, __zohokitImport) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData: cached });
  if (cached === undefined || script.cachedDataRejected) {
    // At exit the functions this command ran are compiled too, so the cache holds them as well.
    process.once('exit', () => writeCache(cacheFile, script));
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  const wrapper = script.runInThisContext() as (...a: unknown[]) => void;
  // The bundle's `import()` calls come here (see routeDynamicImports in tsup.config.ts): same directory, so
  // the same resolution as from cli.cjs.
  const importModule = (specifier: string) => import(specifier);
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, __dirname, importModule);
}

function cachePath(file: string): string | undefined {
  if (process.env.ZOHOKIT_NO_COMPILE_CACHE === '1') return undefined;
  const base = process.env.XDG_CACHE_HOME || (process.env.HOME ? join(process.env.HOME, '.cache') : undefined);
  if (!base) return undefined;
  try {
    const { size, mtimeMs } = statSync(file);
    const group = commandWord()?.replace(/[^a-z]/g, '') || 'none';
    const key = [__ZOHOKIT_VERSION__, process.version, process.arch, size, Math.trunc(mtimeMs), group].join('-');
    return join(base, 'zohokit', `cli-${key}.v8cache`);
  } catch {
    return undefined;
  }
}

function writeCache(cacheFile: string, script: Script): void {
  try {
    const dir = join(cacheFile, '..');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, cacheFile);
  } catch {
    // A cache is an optimisation: an unwritable cache directory just means compiling next time too.
  }
}

/** The first word after the global options (`-p <name>` takes a value), as program.ts reads it. */
function commandWord(): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-p' || arg === '--profile') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}
