import type { help as en } from "../en/help.ts";

export const help: Record<keyof typeof en, string> = {
  "help.overview":
    "*ShopOps* — i numeri e le attività del tuo negozio in Slack.\n" +
    "• `/kpi [negozio] [today|yesterday|7d|30d|mtd]` — i KPI ora, solo per te, con il pulsante Condividi\n" +
    "• `/task add|list|done|reassign …` — attività con scadenze e promemoria\n" +
    "• `/spend request|list|plan …` — richieste di spesa sul piano media e approvazioni\n" +
    "• `/competitor add|list|search …` — osservazioni sui concorrenti\n" +
    "• `/promo add|list|remove …` — il calendario promozioni\n" +
    "• `/shopops digest subscribe|unsubscribe|list` — riepiloghi programmati in un canale\n" +
    "Con più negozi, inizia con l'id del negozio: `/spend acme request …`. Ogni comando risponde a `help`.",
  "usage.shopops":
    "`/shopops help`\n`/shopops digest subscribe daily|weekly|monthly [#canale]`\n`/shopops digest unsubscribe daily|weekly|monthly [#canale]`\n`/shopops digest list`",
  "usage.kpi": "`/kpi [negozio] [today|yesterday|7d|30d|mtd]` — KPI del periodo (predefinito ieri), visibili solo a te",
  "usage.task":
    "`/task add <@utente> <titolo> [due AAAA-MM-GG|today|tomorrow|mon…sun]`\n`/task list [mine|all|<@utente>]`\n`/task done <id>`\n`/task reassign <id> <@utente>`",
  "usage.spend":
    "`/spend request <importo> <valuta> <canale> <motivo…>` — es. `/spend request 1500 EUR google-ads Black Friday`\n`/spend list [pending|all]`\n`/spend plan [AAAA-MM]`\n`/spend edit <id> <importo>` — un nuovo importo richiede una nuova approvazione\n`/spend substitute <@utente> <AAAA-MM-GG>` | `/spend substitute off` — chi decide mentre sei assente",
  "usage.competitor":
    "`/competitor add <concorrente> <nota…> [#tag …] [url]`\n`/competitor list [<concorrente>]`\n`/competitor search <testo>`",
  "usage.promo": "`/promo add <nome> <AAAA-MM-GG>..<AAAA-MM-GG>`\n`/promo list`\n`/promo remove <id>`",
};
