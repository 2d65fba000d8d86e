/** POST /runs to one API, trying the others when it does not answer (it may have just been killed). */
export async function postRun(urls: string[], first: number, body: Record<string, unknown>, attempts = 20): Promise<{ runId: string; url: string }> {
  let last = '';
  for (let i = 0; i < attempts; i++) {
    const url = urls[(first + i) % urls.length]!;
    try {
      const res = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
      if (res.status === 202) return { runId: ((await res.json()) as { runId: string }).runId, url };
      last = `${url}: ${res.status} ${(await res.text()).slice(0, 300)}`;
      if (res.status < 500) break; // the request is wrong: another instance would say the same
    } catch (err) {
      last = `${url}: ${err instanceof Error ? err.message : String(err)}`;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`POST /runs failed: ${last}`);
}

/** GET a run's status from any API that answers. */
export async function runStatus(urls: string[], runId: string): Promise<string | undefined> {
  for (const url of urls) {
    try {
      const res = await fetch(`${url}/api/v1/runs/${runId}`, { signal: AbortSignal.timeout(10_000) });
      if (res.ok) return ((await res.json()) as { run: { status: string } }).run.status;
    } catch {
      // next instance
    }
  }
  return undefined;
}
