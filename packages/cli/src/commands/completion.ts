/**
 * `zohokit completion bash|zsh`: a completion script generated from the command tree itself, so it can never
 * list a command or option that does not exist. Commands and options complete; other words fall back to file
 * names (for `campaigns import <file>` and `-d @file`).
 */
import type { Command, Option } from 'commander';
import { EXIT } from '../runtime.js';

interface Node {
  path: string;
  commands: { name: string; description: string }[];
  options: string[];
}

function walk(command: Command, path: string, inherited: string[], out: Node[]): void {
  const own = command.options.map((o: Option) => o.long).filter((o): o is string => o !== undefined);
  const options = [...new Set([...own, ...inherited, '--help'])];
  const commands = command.commands.map((c) => ({
    name: c.name(),
    description:
      c
        .description()
        .split(/[.:;(]/)[0]
        ?.trim() ?? '',
  }));
  out.push({ path, commands, options });
  for (const sub of command.commands)
    walk(sub, path ? `${path} ${sub.name()}` : sub.name(), [...inherited, ...own], out);
}

export function completionScript(program: Command, shell: string): number {
  const nodes: Node[] = [];
  walk(program, '', [], nodes);
  if (shell === 'bash') process.stdout.write(bash(nodes));
  else if (shell === 'zsh') process.stdout.write(zsh(nodes));
  else {
    process.stderr.write(`error: unknown shell ${JSON.stringify(shell)}\n  fix:  Use bash or zsh\n`);
    return EXIT.usage;
  }
  return EXIT.ok;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function cases(nodes: Node[], body: (n: Node) => string): string {
  return nodes.map((n) => `    ${quote(n.path)}) ${body(n)} ;;`).join('\n');
}

function bash(nodes: Node[]): string {
  return `# zohokit completion for bash. Install:
#   zohokit completion bash > ~/.local/share/bash-completion/completions/zohokit
# or add to ~/.bashrc:  eval "$(zohokit completion bash)"
_zohokit_node() {
  case "$1" in
${cases(nodes, () => 'return 0')}
  esac
  return 1
}
_zohokit_words() {
  case "$1" in
${cases(nodes, (n) => `echo ${quote([...n.commands.map((c) => c.name), ...n.options].join(' '))}`)}
  esac
}
_zohokit_commands() {
  case "$1" in
${cases(nodes, (n) => `echo ${quote(n.commands.map((c) => c.name).join(' '))}`)}
  esac
}
_zohokit() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" zk_path="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    if _zohokit_node "\${zk_path:+$zk_path }$word"; then zk_path="\${zk_path:+$zk_path }$word"; fi
  done
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$(_zohokit_words "$zk_path")" -- "$cur") )
  else
    COMPREPLY=( $(compgen -W "$(_zohokit_commands "$zk_path")" -- "$cur") )
  fi
}
complete -o default -F _zohokit zohokit
`;
}

function zsh(nodes: Node[]): string {
  const esc = (text: string) => text.replace(/:/g, '\\:');
  return `#compdef zohokit
# zohokit completion for zsh. Install:
#   zohokit completion zsh > "\${fpath[1]}/_zohokit"   (then restart zsh)
# or add to ~/.zshrc after compinit:  source <(zohokit completion zsh)
_zohokit_node() {
  case "$1" in
${cases(nodes, () => 'return 0')}
  esac
  return 1
}
_zohokit_options() {
  case "$1" in
${cases(nodes, (n) => `reply=(${n.options.map(quote).join(' ')})`)}
  esac
}
_zohokit_commands() {
  case "$1" in
${cases(nodes, (n) => `reply=(${n.commands.map((c) => quote(`${esc(c.name)}:${c.description}`)).join(' ')})`)}
  esac
}
_zohokit() {
  local zk_path="" word i
  local -a reply
  for (( i = 2; i < CURRENT; i++ )); do
    word="\${words[i]}"
    [[ "$word" == -* ]] && continue
    if _zohokit_node "\${zk_path:+$zk_path }$word"; then zk_path="\${zk_path:+$zk_path }$word"; fi
  done
  if [[ "\${words[CURRENT]}" == -* ]]; then
    reply=(); _zohokit_options "$zk_path"; compadd -- "\${reply[@]}"
  else
    reply=(); _zohokit_commands "$zk_path"
    if (( \${#reply[@]} > 0 )); then _describe 'command' reply; else _files; fi
  fi
}
if [[ "\${funcstack[1]}" == _zohokit ]]; then _zohokit "$@"; else compdef _zohokit zohokit; fi
`;
}
