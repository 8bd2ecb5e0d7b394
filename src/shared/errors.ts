/**
 * The one error family of ShopOps. `code` is stable and machine-readable; `message` is for
 * logs and developers; `userKey` + `params` name the i18n text a user sees instead.
 */
export type ErrorCode =
  | "invalid_input"
  | "not_found"
  | "not_allowed"
  | "already_decided"
  | "source_unavailable"
  | "config_invalid";

export type UserMessage = { key: string; params?: Record<string, string | number> };

export class ShopOpsError extends Error {
  readonly code: ErrorCode;
  readonly user: UserMessage | undefined;
  /** For `invalid_input`: the usage text key to show next to the problem. */
  readonly usageKey: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { user?: UserMessage; usageKey?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ShopOpsError";
    this.code = code;
    this.user = options.user;
    this.usageKey = options.usageKey;
  }
}

export function invalidInput(message: string, user: UserMessage, usageKey?: string): ShopOpsError {
  return new ShopOpsError("invalid_input", message, { user, ...(usageKey ? { usageKey } : {}) });
}

export function notFound(message: string, user: UserMessage): ShopOpsError {
  return new ShopOpsError("not_found", message, { user });
}

export function notAllowed(message: string, user: UserMessage): ShopOpsError {
  return new ShopOpsError("not_allowed", message, { user });
}

export function isShopOpsError(error: unknown, code?: ErrorCode): error is ShopOpsError {
  return error instanceof ShopOpsError && (code === undefined || error.code === code);
}
