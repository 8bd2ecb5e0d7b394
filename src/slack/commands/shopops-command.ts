import { type SlashCommand, unknownSubcommand } from "./slash-command.ts";

/** `/shopops`: the overview of every command; digest subscriptions join as `/shopops digest …`. */
export const shopopsCommand: SlashCommand = {
  name: "/shopops",
  usageKey: "usage.shopops",
  overviewKey: "help.overview",
  needsShop: false,
  async handle({ args }) {
    throw unknownSubcommand("/shopops", args[0] ?? "");
  },
};
