import { createServer } from "node:net";

/** The host the local server listens on (local-server.ts). */
export const localHost = "127.0.0.1";

/**
 * Fails within a moment when `port` is taken, before workerd is started: workerd reports a busy
 * port as a fatal exception of its own process and the CLI waited for it forever. Port 0 (any free
 * port) is always free.
 */
export async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `port ${port} on ${localHost} is in use; stop what holds it or choose another with --port`
            : `cannot listen on ${localHost}:${port} (${error.code ?? error.message})`,
        ),
      );
    });
    probe.listen(port, localHost, () => probe.close(() => resolve()));
  });
}
