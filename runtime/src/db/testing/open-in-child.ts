/**
 * Test helper run in a separate process: opens a data folder the way a second coinlab
 * process would, and reports on stdout as one JSON line.
 *   try   DIR  — open, report, close, exit
 *   hold  DIR  — open, report, keep it open until killed or stdin closes
 *   leave DIR  — open, report, exit without close() (the exit hook must drop the lock)
 */
import { openDatabase } from '../open';

const [mode, dataDir] = process.argv.slice(2);
if (!dataDir || (mode !== 'try' && mode !== 'hold' && mode !== 'leave')) {
  console.error('usage: open-in-child.ts try|hold|leave DATA_DIR');
  process.exit(2);
}

try {
  const db = await openDatabase({ dataDir });
  console.log(JSON.stringify({ ok: true, pid: process.pid }));
  if (mode === 'try') {
    await db.close();
  } else if (mode === 'leave') {
    process.exit(0);
  } else {
    process.stdin.resume();
    process.stdin.on('end', () => void db.close().then(() => process.exit(0)));
  }
} catch (err) {
  const e = err as Error;
  console.log(JSON.stringify({ ok: false, name: e.name, message: e.message }));
  process.exitCode = 1;
}
