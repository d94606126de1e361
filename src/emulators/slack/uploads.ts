/** The upload URL of files.getUploadURLExternal, and the file bytes served back (for the workspace page). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendText } from './http.ts';
import type { EmulatorState } from './state.ts';

/** Takes raw bytes or a multipart body (web-api sends one part named `body`); the size must match `length`. */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  state: EmulatorState,
  fileId: string,
): Promise<void> {
  const file = state.files.get(fileId);
  const body = await readBody(req);
  if (!file || file.completed) return sendText(res, 404, 'not found');
  let bytes = body;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    const part = [...form.values()].find((v) => typeof v !== 'string');
    if (!part || typeof part === 'string') return sendText(res, 400, 'no file part');
    bytes = Buffer.from(await part.arrayBuffer());
  }
  if (bytes.length !== file.length) return sendText(res, 400, `expected ${file.length} bytes, got ${bytes.length}`);
  file.bytes = bytes;
  sendText(res, 200, `OK - ${bytes.length}`);
}

export function serveFile(res: ServerResponse, state: EmulatorState, fileId: string): void {
  const file = state.files.get(fileId);
  if (!file?.bytes) return sendText(res, 404, 'not found');
  res.writeHead(200, {
    'content-type': file.mimetype,
    'content-length': file.bytes.length,
    'cache-control': 'no-store',
  });
  res.end(file.bytes);
}
