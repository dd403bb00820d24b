import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';

/** Upload limits of every comms form: one file, 10 MB, enforced by the parser while streaming. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MULTIPART_LIMITS = {
  fileSize: MAX_UPLOAD_BYTES,
  files: 1,
  fields: 20,
  fieldSize: 20_000,
  parts: 22,
  headerPairs: 100,
} as const;

/**
 * Checks a CSRF token with the platform's csrf-protection (same secret cookie, same token format),
 * without letting it answer the request: resolves true or false.
 */
export function csrfTokenValid(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  token: string | undefined,
): Promise<boolean> {
  return new Promise((resolve) => {
    const probeReq = { body: { _csrf: token }, headers: req.headers, cookies: req.cookies, log: req.log };
    const probeReply = { unsignCookie: (v: string) => reply.unsignCookie(v), send: () => resolve(false) };
    app.csrfProtection(probeReq as never, probeReply as never, () => resolve(true));
  });
}

export interface ReadForm<F> {
  fields: Record<string, string>;
  file: F | null;
  /** The file was refused (type, size, empty): an AppError whose `fields.file` says why. */
  fileError: AppError | null;
}

/**
 * Reads a form that may carry one file: urlencoded (no file) or multipart. Routes using it opt out of
 * the global CSRF hook (a multipart body is not parsed when that hook runs) and are checked here
 * instead: the `_csrf` field must come BEFORE the file part (the form puts it first), so a forged
 * request is refused before any byte of its file is stored. Call it after authorization.
 * `onFile` consumes the file stream (to storage); an empty file input (no name) is skipped.
 */
export async function readForm<F>(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  onFile?: (part: MultipartFile) => Promise<F>,
): Promise<ReadForm<F>> {
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') fields[k] = v;
    if (!(await csrfTokenValid(app, req, reply, fields._csrf)))
      throw new AppError('FORBIDDEN', 'Jeton CSRF invalide');
    return { fields, file: null, fileError: null };
  }
  const fields: Record<string, string> = {};
  let csrfOk = false;
  let file: F | null = null;
  let fileError: AppError | null = null;
  for await (const part of req.parts({ limits: MULTIPART_LIMITS })) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      if (part.fieldname === '_csrf' && !csrfOk) {
        csrfOk = await csrfTokenValid(app, req, reply, fields._csrf);
        if (!csrfOk) throw new AppError('FORBIDDEN', 'Jeton CSRF invalide');
      }
      continue;
    }
    if (!csrfOk) csrfOk = await csrfTokenValid(app, req, reply, undefined); // header token (htmx)
    if (!csrfOk) {
      part.file.resume();
      throw new AppError('FORBIDDEN', 'Jeton CSRF invalide');
    }
    if (part.filename === '' || !onFile) {
      part.file.resume();
      continue;
    }
    try {
      file = await onFile(part);
    } catch (err) {
      // A refused file: keep reading the other fields so the form comes back filled in.
      if (!(err instanceof AppError) || !err.fields.file) throw err;
      part.file.resume();
      fileError = err;
    }
  }
  if (!csrfOk && !(await csrfTokenValid(app, req, reply, undefined)))
    throw new AppError('FORBIDDEN', 'Jeton CSRF invalide');
  return { fields, file, fileError };
}
