/**
 * The server side of RFC 6455, just enough for Slack's Socket Mode: the upgrade handshake, text frames (with
 * fragmentation), ping/pong and the close handshake. @slack/socket-mode 3 connects with undici's WebSocket and
 * the project has no WebSocket server package, so the emulator speaks the protocol itself over node:http.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
const MAX_MESSAGE = 16 * 1024 * 1024;

/** Completes the opening handshake. @throws Error when the request is not a WebSocket upgrade. */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex, head?: Buffer): WebSocketConnection {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket')
    throw new Error('not a WebSocket upgrade');
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  return new WebSocketConnection(socket, head);
}

/** Refuses an upgrade with a plain HTTP answer (Slack answers a bad ticket before the handshake). */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode; // FIN: the server never fragments
  if (len < 126) head[1] = len;
  else if (len < 65536) {
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]); // server frames are never masked (RFC 6455 §5.1)
}

export class WebSocketConnection extends EventEmitter<{ message: [string]; close: [number]; pong: [] }> {
  private readonly socket: Duplex;
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closing = false;
  closed = false;

  /** `head`: bytes that arrived with the upgrade request, already the start of the first frame. */
  constructor(socket: Duplex, head?: Buffer) {
    super();
    this.socket = socket;
    if (head?.length) this.buffer = Buffer.from(head);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.finish(1006));
    socket.on('error', () => this.finish(1006));
  }

  send(text: string): void {
    if (!this.closed && !this.closing) this.socket.write(frame(OP.text, Buffer.from(text, 'utf8')));
  }

  ping(data = ''): void {
    if (!this.closed && !this.closing) this.socket.write(frame(OP.ping, Buffer.from(data)));
  }

  /** Starts the close handshake; the socket ends when the peer answers (or after a second, if it never does). */
  close(code = 1000): void {
    if (this.closed || this.closing) return;
    this.closing = true;
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code, 0);
    this.socket.write(frame(OP.close, body));
    setTimeout(() => this.terminate(), 1000).unref();
  }

  terminate(): void {
    this.socket.destroy();
    this.finish(1006);
  }

  private finish(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', code);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const parsed = this.nextFrame();
      if (!parsed) return;
      this.onFrame(parsed.fin, parsed.opcode, parsed.payload);
    }
  }

  private nextFrame(): { fin: boolean; opcode: number; payload: Buffer } | undefined {
    const b = this.buffer;
    if (b.length < 2) return undefined;
    const fin = (b[0]! & 0x80) !== 0;
    const opcode = b[0]! & 0x0f;
    const masked = (b[1]! & 0x80) !== 0;
    let len = b[1]! & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (b.length < 4) return undefined;
      len = b.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (b.length < 10) return undefined;
      len = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    if (len > MAX_MESSAGE) {
      this.close(1009);
      this.buffer = Buffer.alloc(0);
      return undefined;
    }
    const maskAt = offset;
    if (masked) offset += 4;
    if (b.length < offset + len) return undefined;
    const payload = Buffer.from(b.subarray(offset, offset + len));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= b[maskAt + (i % 4)]!;
    this.buffer = b.subarray(offset + len);
    return { fin, opcode, payload };
  }

  private onFrame(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case OP.ping:
        this.socket.write(frame(OP.pong, payload));
        return;
      case OP.pong:
        this.emit('pong');
        return;
      case OP.close:
        if (!this.closing) this.socket.write(frame(OP.close, payload.subarray(0, 2)));
        this.socket.end();
        this.finish(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
        return;
      case OP.text:
      case OP.binary:
      case OP.continuation:
        this.fragments.push(payload);
        if (fin) {
          const text = Buffer.concat(this.fragments).toString('utf8');
          this.fragments = [];
          this.emit('message', text);
        }
        return;
      default:
        this.close(1002);
    }
  }
}
