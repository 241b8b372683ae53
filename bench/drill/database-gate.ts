import net from 'node:net';

/**
 * One app host's way to PostgreSQL, which listens on 127.0.0.1 only: a TCP relay listening on
 * the bridge, one per host, so that one host can be cut from the database while the other
 * keeps it. `cut()` closes every connection through it and refuses new ones (the listener is
 * closed: a connect is refused at once); `open()` lets them through again.
 */
export class DatabaseGate {
  readonly #listenHost: string;
  readonly #listenPort: number;
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<net.Socket>();
  #server: net.Server | undefined;

  constructor(options: { listenHost: string; listenPort: number; target: { host: string; port: number } }) {
    this.#listenHost = options.listenHost;
    this.#listenPort = options.listenPort;
    this.#target = options.target;
  }

  get address(): string {
    return `${this.#listenHost}:${this.#listenPort}`;
  }

  get isOpen(): boolean {
    return this.#server !== undefined;
  }

  async open(): Promise<void> {
    if (this.#server) return;
    const server = net.createServer((client) => this.#relay(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#listenPort, this.#listenHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
  }

  /** Every connection through the gate dropped and new ones refused, until `open()`. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #relay(client: net.Socket): void {
    const database = net.connect(this.#target);
    for (const [socket, other] of [
      [client, database],
      [database, client],
    ] as const) {
      this.#sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.#sockets.delete(socket);
        other.destroy();
      });
    }
    client.pipe(database);
    database.pipe(client);
  }
}
