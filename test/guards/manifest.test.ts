import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SLASH_COMMANDS } from "../../src/slack/commands/index.ts";
import { COMMAND_NAMES, SHORTCUTS } from "../../src/slack/ids.ts";

type Manifest = {
  features: { slash_commands: Array<{ command: string; url?: string }>; shortcuts: Array<{ callback_id: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean; request_url?: string } };
};

const manifests = ["socket", "http"].map((mode) => ({
  mode,
  manifest: parse(readFileSync(`manifests/slack-app.${mode}.yaml`, "utf8")) as Manifest,
}));

describe.each(manifests)("the $mode manifest", ({ mode, manifest }) => {
  it("declares exactly the slash commands the app registers", () => {
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(declared).toEqual([...COMMAND_NAMES].sort());
    expect(SLASH_COMMANDS.map((c) => c.name).sort()).toEqual(declared);
  });

  it("declares exactly the shortcuts the app answers", () => {
    expect(manifest.features.shortcuts.map((s) => s.callback_id).sort()).toEqual(Object.values(SHORTCUTS).sort());
  });

  it("asks for the least bot scopes the product needs", () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      "chat:write",
      "commands",
      "files:write",
      "im:write",
      "users:read",
    ]);
  });

  it("points every request at /slack/events only in HTTP mode", () => {
    expect(manifest.settings.socket_mode_enabled).toBe(mode === "socket");
    for (const command of manifest.features.slash_commands) {
      expect(command.url === undefined).toBe(mode === "socket");
      if (command.url) expect(command.url).toMatch(/\/slack\/events$/);
    }
  });
});
