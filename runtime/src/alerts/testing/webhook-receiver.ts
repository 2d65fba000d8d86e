import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** What the receiver answered. */
  status: number;
}

/**
 * A real HTTP receiver on a fixed local port that can be down (nothing listening: connection
 * refused), up but failing (answers 500), or up and accepting (answers 204). Tests move it
 * between those states to see deliveries retried and then delivered.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private server: Server | undefined;
  private failuresLeft = 0;

  private constructor(readonly port: number) {}

  /** A receiver on a free port, down until `up()`. */
  static async reserve(): Promise<WebhookReceiver> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new WebhookReceiver(port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  get accepted(): ReceivedDelivery[] {
    return this.received.filter((r) => r.status < 300);
  }

  /** Starts listening; the next `failFirst` requests get a 500. */
  async up(failFirst = 0): Promise<void> {
    this.failuresLeft = failFirst;
    if (this.server) return;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = this.failuresLeft > 0 ? 500 : 204;
        if (this.failuresLeft > 0) this.failuresLeft -= 1;
        this.received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
