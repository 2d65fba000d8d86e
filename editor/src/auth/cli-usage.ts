/** Where the examples keep the token: the user's home, outside any checkout, readable by its owner only. */
export const TOKEN_FILE = '~/.coinlab-token';

export interface CliStep {
  /** What the user does, said before the commands. */
  say: string;
  commands: { text: string; copyLabel: string }[];
}

/**
 * How to hand the CLI an API token without writing it into a command: a command-line word stays
 * in the shell's history, shows in `ps` and is echoed by `pnpm coinlab` itself. The CLI reads
 * the token from a file (`--token-file`) or the environment (`COINLAB_TOKEN`), and the token
 * reaches either through a prompt that keeps nothing: `cat` into a file made private by umask,
 * or `read -s`. The commands are the ones a user of this repository types (`pnpm coinlab`).
 */
export function cliUsageSteps(origin: string): CliStep[] {
  return [
    {
      say: 'Keep it in a file only you can read: run this, paste the token, press Enter, then Ctrl-D.',
      commands: [
        { text: `(umask 077; cat > ${TOKEN_FILE})`, copyLabel: 'Copy the command that saves the token to a file' },
        { text: tokenFileCommand(origin), copyLabel: 'Copy the command that runs a graph with the token file' },
      ],
    },
    {
      say: 'Or, for this shell only: run this, paste the token, press Enter.',
      commands: [
        { text: 'read -rs COINLAB_TOKEN && export COINLAB_TOKEN', copyLabel: 'Copy the command that reads the token into COINLAB_TOKEN' },
        { text: `pnpm coinlab --server ${origin} run graph.json`, copyLabel: 'Copy the command that runs a graph with COINLAB_TOKEN' },
      ],
    },
  ];
}

/** The one-line example: a graph run on this server with the token from its file. */
export const tokenFileCommand = (origin: string): string => `pnpm coinlab --server ${origin} --token-file ${TOKEN_FILE} run graph.json`;
