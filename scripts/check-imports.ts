/**
 * Dependency direction between the workspace packages (DESIGN.md: cli → relay/redis/emulator → zohokit), checked
 * on every import in packages/<name>/src, static or dynamic, type-only included (TypeScript's own pre-processor
 * finds them). Fails (exit 1, one line per import) when a package imports a workspace package it may not, reaches
 * into another package's files with a relative path, or imports a workspace package its package.json does not
 * declare (it would break once installed from npm).
 *
 * Node built-ins in the SDK core are NOT checked here: biome's `noNodejsModules` (biome.json override for
 * packages/zohokit/src except src/node/**) is their one home, so the editor shows them too.
 *
 *   node --import tsx scripts/check-imports.ts [root]     (root defaults to the repository)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Which workspace packages each one may import; a package not listed here may import none. */
export const ALLOWED: Record<string, string[]> = {
  zohokit: [],
  // A stand-in for Zoho, not a mirror of our client: it never imports the SDK, not even its types.
  '@zohokit/emulator': [],
  '@zohokit/redis': ['zohokit'],
  '@zohokit/relay': ['zohokit'],
  '@zohokit/cli': ['zohokit', '@zohokit/emulator', '@zohokit/redis', '@zohokit/relay'],
};

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));

interface Workspace {
  name: string;
  dir: string;
  declared: Set<string>;
}

const workspaces: Workspace[] = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }));
    return { name: manifest.name, dir: join(root, 'packages', dir), declared };
  });

/** `zohokit/node` → `zohokit`; `@zohokit/emulator/x` → `@zohokit/emulator`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'assets' ? [] : sources(path);
    return /\.[cm]?tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

const names = new Set(workspaces.map((w) => w.name));
const problems: string[] = [];
for (const workspace of workspaces) {
  const allowed = ALLOWED[workspace.name] ?? [];
  for (const file of sources(join(workspace.dir, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName: specifier } of importedFiles) {
      const where = `${relative(root, file)}: '${specifier}'`;
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (!target.startsWith(workspace.dir + sep)) problems.push(`${where} reaches outside ${workspace.name}`);
        continue;
      }
      const imported = packageOf(specifier);
      if (!names.has(imported) || imported === workspace.name) continue;
      if (!allowed.includes(imported)) {
        problems.push(
          `${where}: ${workspace.name} may not import ${imported} (allowed: ${allowed.join(', ') || 'no workspace package'})`,
        );
      } else if (!workspace.declared.has(imported)) {
        problems.push(`${where}: ${imported} is not in ${workspace.name}'s dependencies or peerDependencies`);
      }
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(
    `check-imports: ${problems.length} import(s) break the dependency direction (cli → relay/redis/emulator → zohokit):\n` +
      problems.map((p) => `  ${p}\n`).join(''),
  );
  process.exit(1);
}
