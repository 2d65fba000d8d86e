import { runCli, type CliResult } from './cli';

/** `coinlab serve` in a child process on the data folder, as `npm start` leaves it running. */
export function startServe(env: Record<string, string>): Promise<{ url: string; stop: () => Promise<CliResult> }> {
  return new Promise((resolve, reject) => {
    let kill: (sig: NodeJS.Signals) => void = () => undefined;
    const finished = runCli(['serve', '--port', '0', '--no-demo'], env, {
      timeoutMs: 900_000,
      onSpawn: (k, output) => {
        kill = k;
        const poll = setInterval(() => {
          const url = /running at (http:\/\/\S+)/.exec(output())?.[1];
          if (!url) return;
          clearInterval(poll);
          resolve({ url, stop: () => (kill('SIGTERM'), finished) });
        }, 100);
      },
    });
    void finished.then((r) => reject(new Error(`serve ended before it was up: ${r.stdout}${r.stderr}`)));
  });
}
