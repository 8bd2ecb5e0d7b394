import type { MessageKey, Translator } from "../../i18n/translate.ts";
import { isShopOpsError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/logger.ts";

export type ModalErrors = { response_action: "errors"; errors: Record<string, string> };

/**
 * A failed submission as Slack's inline modal errors: the problem is shown under the input
 * `blockFor` names for its i18n key (and params), and the modal stays open; nothing was stored.
 */
export function modalErrors(
  error: unknown,
  t: Translator,
  log: Logger,
  blockFor: (key: string, params: Record<string, string | number>) => string,
): ModalErrors {
  if (isShopOpsError(error) && error.user) {
    const params = error.user.params ?? {};
    return {
      response_action: "errors",
      errors: { [blockFor(error.user.key, params)]: t(error.user.key as MessageKey, params) },
    };
  }
  log.error({ err: error }, "modal submission failed");
  return { response_action: "errors", errors: { [blockFor("", {})]: t("common.internalError") } };
}
