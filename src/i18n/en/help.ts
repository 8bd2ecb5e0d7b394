/** Command overview and usage lines. Command syntax stays English in every locale (it is what users type). */
export const help = {
  "help.overview":
    "*ShopOps* — your shop's numbers and chores in Slack.\n" +
    "• `/kpi [shop] [today|yesterday|7d|30d|mtd]` — KPIs now, privately, with a Share button\n" +
    "• `/task add|list|done|reassign …` — tasks with due dates and reminders\n" +
    "• `/spend request|list|plan …` — media-plan spend requests and approvals\n" +
    "• `/competitor add|list|search …` — competitor observations\n" +
    "• `/promo add|list|remove …` — the promo calendar\n" +
    "• `/shopops digest subscribe|unsubscribe|list` — scheduled digests in a channel\n" +
    "With several shops, start with the shop id: `/spend acme request …`. Every command answers `help`.",
  "usage.shopops":
    "`/shopops help`\n`/shopops digest subscribe daily|weekly|monthly [#channel]`\n`/shopops digest unsubscribe daily|weekly|monthly [#channel]`\n`/shopops digest list`",
  "usage.kpi":
    "`/kpi [shop] [today|yesterday|7d|30d|mtd]` — KPIs for the period (default yesterday), only visible to you",
  "usage.task":
    "`/task add <@user> <title> [due YYYY-MM-DD|today|tomorrow|mon…sun]`\n`/task list [mine|all|<@user>]`\n`/task done <id>`\n`/task reassign <id> <@user>`",
  "usage.spend":
    "`/spend request <amount> <currency> <channel> <reason…>` — e.g. `/spend request 1500 EUR google-ads Black Friday push`\n`/spend list [pending|all]`\n`/spend plan [YYYY-MM]`\n`/spend edit <id> <amount>` — a new amount needs a new approval\n`/spend substitute <@user> <YYYY-MM-DD>` | `/spend substitute off` — who decides while you are away",
  "usage.competitor":
    "`/competitor add <competitor> <note…> [#tag …] [url]`\n`/competitor list [<competitor>]`\n`/competitor search <text>`",
  "usage.promo": "`/promo add <name> <YYYY-MM-DD>..<YYYY-MM-DD>`\n`/promo list`\n`/promo remove <id>`",
} as const;
