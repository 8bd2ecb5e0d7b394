import { describe, expect, it } from "vitest";
import { LOCALES } from "../../src/config/shops-schema.ts";
import { en } from "../../src/i18n/en.ts";
import { catalogOf } from "../../src/i18n/translate.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogs", () => {
  for (const locale of LOCALES) {
    it(`${locale} has every key of en, each non-empty and with the same placeholders`, () => {
      const catalog = catalogOf(locale);
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
      for (const [key, source] of Object.entries(en)) {
        const text = catalog[key as keyof typeof en];
        expect(text.trim(), `${locale} ${key}`).not.toBe("");
        expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(source));
      }
    });
  }
});
