/**
 * Request bodies are refused above a few KB before a byte of them is read. Colyseus reads the
 * body of a `/matchmake` request whole into memory with no limit (five 40 MB POSTs took the
 * server from 322 to 875 MB), so this guard sits in front of every request listener of the HTTP
 * server: Colyseus' and Express'. It decides from the headers alone:
 *  - a declared length above the limit: 413;
 *  - a body of undeclared length (Transfer-Encoding): 411, since its size is unknown until read.
 * Browsers send a Content-Length with every string body (matchmaking sends a small JSON object).
 */
import type http from "node:http";

/** Enough for any matchmaking options (level, nickname, class code, seed) or API request. */
export const REQUEST_BODY_BYTES_MAX = 8 * 1024;

/**
 * Wraps the server's current `request` listeners (install it after Colyseus attached its
 * matchmaking routes, which takes over the listeners too) so they only see bounded requests.
 */
export function limitRequestBodies(server: http.Server, bytesMax: number = REQUEST_BODY_BYTES_MAX): void {
  const listeners = server.listeners("request").slice() as ((req: http.IncomingMessage, res: http.ServerResponse) => void)[];
  server.removeAllListeners("request");
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const refusal = bodyRefusal(req, bytesMax);
    if (refusal) {
      refuse(req, res, refusal.status, refusal.message);
      return;
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
}

function bodyRefusal(req: http.IncomingMessage, bytesMax: number): { status: number; message: string } | null {
  if (req.headers["transfer-encoding"] !== undefined) {
    return { status: 411, message: `Send the request body with a Content-Length (at most ${bytesMax} bytes).` };
  }
  const declared = req.headers["content-length"];
  if (declared === undefined) return null;
  const bytes = Number(declared);
  // Node's parser already refused a malformed Content-Length; this is belt and braces.
  if (!Number.isSafeInteger(bytes) || bytes < 0) return { status: 400, message: "Content-Length must be a whole number of bytes." };
  if (bytes > bytesMax) return { status: 413, message: `The request body is ${bytes} bytes; at most ${bytesMax} are accepted.` };
  return null;
}

/**
 * Answers and closes the connection without reading the body: what is still on its way is not
 * worth the bandwidth, and the connection cannot carry another request before it is read.
 */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string): void {
  res.shouldKeepAlive = false;
  res.writeHead(status, { "Content-Type": "application/json", Connection: "close" });
  res.end(JSON.stringify({ code: status, error: message }));
  // Let the answer reach the client, then stop receiving: a client that keeps sending gets a reset.
  res.once("finish", () => {
    req.socket.end();
    setTimeout(() => req.socket.destroy(), 1000).unref();
  });
}
