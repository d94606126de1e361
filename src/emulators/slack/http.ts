/** Small node:http helpers: raw bodies, Slack's three request encodings, JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export async function readBody(req: IncomingMessage, limit = 50 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export interface ParsedArgs {
  args: Record<string, unknown>;
  /** File parts of a multipart body (field name → bytes). */
  files: Record<string, Buffer>;
}

/**
 * Web API arguments from a query string plus a JSON, form-encoded or multipart body, as @slack/web-api sends
 * them (form fields; nested objects as JSON strings; multipart when an argument is a Buffer).
 * @throws SyntaxError for a JSON body that does not parse.
 */
export async function parseArgs(req: IncomingMessage, body: Buffer, url: URL): Promise<ParsedArgs> {
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: Record<string, Buffer> = {};
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (body.length === 0) return { args, files };
  if (type.startsWith('application/json')) {
    Object.assign(args, JSON.parse(body.toString('utf8')) as Record<string, unknown>);
  } else if (type.startsWith('multipart/form-data')) {
    // undici's Response parses multipart bodies; no dependency needed.
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    for (const [key, value] of form) {
      if (typeof value === 'string') args[key] = value;
      else files[key] = Buffer.from(await value.arrayBuffer());
    }
  } else {
    Object.assign(args, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  }
  return { args, files };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(text);
}

/** Form fields carry objects as JSON strings; JSON bodies carry them as objects. Both come out as values. */
export function jsonArg(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { ok: false };
  }
}

export function stringArg(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
