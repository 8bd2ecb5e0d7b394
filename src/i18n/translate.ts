import type { Locale } from "../config/shops-schema.ts";
import { type Catalog, en, type MessageKey } from "./en.ts";
import { es } from "./es.ts";
import { it } from "./it.ts";
import { pl } from "./pl.ts";

export type { MessageKey };
export type Params = Record<string, string | number>;

const CATALOGS: Record<Locale, Catalog> = { en, pl, it, es };

/**
 * The text for `key` in `locale`, with `{name}` placeholders filled from `params`.
 * Unknown keys are a programming error and throw, so a missing translation never ships silently.
 */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = CATALOGS[locale][key] ?? en[key];
  if (template === undefined) throw new Error(`no message for key "${key}"`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** A translator bound to one locale: `t("digest.title", { shop })`. */
export type Translator = (key: MessageKey, params?: Params) => string;

export function createTranslator(locale: Locale): Translator {
  return (key, params) => translate(locale, key, params);
}

export function catalogOf(locale: Locale): Catalog {
  return CATALOGS[locale];
}
