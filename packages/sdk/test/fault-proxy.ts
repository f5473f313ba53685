import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server that can cut a connection at the worst moment: after the
 * request reached the server and the server answered (so it committed), before the client sees a byte.
 */
export interface FaultProxy {
  url: string;
  /** Drop the response to the next request whose head matches `pattern` (e.g. /^POST \/v1\/.*\/approve /). */
  dropResponseTo(pattern: RegExp): void;
  /** Request heads seen, in order (`POST /v1/bookings/bkg_1/approve`). */
  readonly requests: string[];
  readonly dropped: string[];
  close(): Promise<void>;
}

const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.[01]\r\n/;

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstreamUrl = new URL(target);
  const requests: string[] = [];
  const dropped: string[] = [];
  const sockets = new Set<Socket>();
  let armed: RegExp | undefined;

  const server = createServer((client) => {
    const upstream = connect(Number(upstreamUrl.port), upstreamUrl.hostname);
    sockets.add(client).add(upstream);
    // Set when this connection carries the request whose response must not arrive.
    let cutting: string | undefined;
    client.on('data', (chunk) => {
      const line = REQUEST_LINE.exec(chunk.toString('latin1'));
      if (line) {
        const head = `${line[1]} ${line[2]}`;
        requests.push(head);
        if (armed?.test(`${head} `)) {
          armed = undefined;
          cutting = head;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (cutting !== undefined) {
        dropped.push(cutting);
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth).on('error', closeBoth);
    upstream.on('close', closeBoth).on('error', closeBoth);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    dropped,
    dropResponseTo(pattern) {
      armed = pattern;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
