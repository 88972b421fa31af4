// OpenAI error bodies: {"error": {"message", "type", "param", "code"}} with the status codes the API uses.

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** An error the emulator answers with, exactly as the API would. Thrown from handlers, caught by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = 'invalid_request_error',
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null): ApiError =>
  new ApiError(400, message, 'invalid_request_error', param, code);

/** 404 in the API's "No <thing> found with id '<id>'." style. */
export const notFound = (thing: string, id: string, param: string | null = null): ApiError =>
  new ApiError(404, `No ${thing} found with id '${id}'.`, 'invalid_request_error', param);

export const unauthorized = (message: string, code: string | null = null): ApiError =>
  new ApiError(401, message, 'invalid_request_error', null, code);

export const invalidUrl = (method: string, path: string): ApiError => new ApiError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
