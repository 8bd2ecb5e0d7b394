import type { help as en } from "../en/help.ts";

export const help: Record<keyof typeof en, string> = {
  "help.overview":
    "*ShopOps* — las cifras y las tareas de tu tienda en Slack.\n" +
    "• `/kpi [tienda] [today|yesterday|7d|30d|mtd]` — KPI ahora, solo para ti, con el botón Compartir\n" +
    "• `/task add|list|done|reassign …` — tareas con fechas límite y recordatorios\n" +
    "• `/spend request|list|plan …` — solicitudes de gasto del plan de medios y aprobaciones\n" +
    "• `/competitor add|list|search …` — observaciones de la competencia\n" +
    "• `/promo add|list|remove …` — el calendario de promociones\n" +
    "• `/shopops digest subscribe|unsubscribe|list` — resúmenes programados en un canal\n" +
    "Con varias tiendas, empieza con el id de la tienda: `/spend acme request …`. Todos los comandos responden a `help`.",
  "usage.shopops":
    "`/shopops help`\n`/shopops digest subscribe daily|weekly|monthly [#canal]`\n`/shopops digest unsubscribe daily|weekly|monthly [#canal]`\n`/shopops digest list`",
  "usage.kpi":
    "`/kpi [tienda] [today|yesterday|7d|30d|mtd]` — KPI del periodo (por defecto ayer), solo visibles para ti",
  "usage.task":
    "`/task add <@usuario> <título> [due AAAA-MM-DD|today|tomorrow|mon…sun]`\n`/task list [mine|all|<@usuario>]`\n`/task done <id>`\n`/task reassign <id> <@usuario>`",
  "usage.spend":
    "`/spend request <importe> <moneda> <canal> <motivo…>` — p. ej. `/spend request 1500 EUR google-ads Black Friday`\n`/spend list [pending|all]`\n`/spend plan [AAAA-MM]`\n`/spend edit <id> <importe>` — un importe nuevo necesita una nueva aprobación\n`/spend substitute <@usuario> <AAAA-MM-DD>` | `/spend substitute off` — quién decide mientras estás fuera",
  "usage.competitor":
    "`/competitor add <competidor> <nota…> [#etiqueta …] [url]`\n`/competitor list [<competidor>]`\n`/competitor search <texto>`",
  "usage.promo": "`/promo add <nombre> <AAAA-MM-DD>..<AAAA-MM-DD>`\n`/promo list`\n`/promo remove <id>`",
};
