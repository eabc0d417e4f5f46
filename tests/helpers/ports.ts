import net from "node:net";

/**
 * A TCP port free on 127.0.0.1 right now, for a program that must be told its port (nginx, or
 * a server started as its container would be, on a fixed PORT): the OS picks one, then it is
 * released. Another process could take it in between; on a test machine that is rare.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
