import { ShopOpsError } from "../shared/errors.ts";

/**
 * Why a pull failed, which decides what happens next: `auth` and `not_found` need a person
 * and are not retried; `quota` defers the next pull; `unavailable` is retried with backoff;
 * `invalid_response` is logged and nothing is stored.
 */
export type SourceErrorKind = "auth" | "not_found" | "quota" | "unavailable" | "invalid_response";

export class SourceError extends ShopOpsError {
  readonly kind: SourceErrorKind;
  readonly source: string;
  readonly shopId: string;
  /** For `quota`: when to try again. */
  readonly retryAt: Date | undefined;

  constructor(
    kind: SourceErrorKind,
    details: { source: string; shopId: string; message: string; retryAt?: Date; cause?: unknown },
  ) {
    super("source_unavailable", `${details.shopId}/${details.source}: ${details.message}`, {
      cause: details.cause,
      user: { key: "source.failed", params: { source: details.source, shop: details.shopId } },
    });
    this.kind = kind;
    this.source = details.source;
    this.shopId = details.shopId;
    this.retryAt = details.retryAt;
  }
}

/** A source's own `fail(kind, shop, message)`: every SourceError it raises names it and the shop. */
export function sourceFailure(source: string) {
  return (
    kind: SourceErrorKind,
    shop: { id: string },
    message: string,
    extra: { retryAt?: Date; cause?: unknown } = {},
  ): SourceError => new SourceError(kind, { source, shopId: shop.id, message, ...extra });
}
