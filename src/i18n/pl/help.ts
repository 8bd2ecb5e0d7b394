import type { help as en } from "../en/help.ts";

export const help: Record<keyof typeof en, string> = {
  "help.overview":
    "*ShopOps* — liczby i sprawy Twojego sklepu w Slacku.\n" +
    "• `/kpi [sklep] [today|yesterday|7d|30d|mtd]` — KPI teraz, tylko dla Ciebie, z przyciskiem Udostępnij\n" +
    "• `/task add|list|done|reassign …` — zadania z terminami i przypomnieniami\n" +
    "• `/spend request|list|plan …` — wnioski o budżet z planu mediowego i akceptacje\n" +
    "• `/competitor add|list|search …` — obserwacje konkurencji\n" +
    "• `/promo add|list|remove …` — kalendarz promocji\n" +
    "• `/shopops digest subscribe|unsubscribe|list` — cykliczne podsumowania na kanale\n" +
    "Przy kilku sklepach zacznij od identyfikatora sklepu: `/spend acme request …`. Każde polecenie zna `help`.",
  "usage.shopops":
    "`/shopops help`\n`/shopops digest subscribe daily|weekly|monthly [#kanał]`\n`/shopops digest unsubscribe daily|weekly|monthly [#kanał]`\n`/shopops digest list`",
  "usage.kpi":
    "`/kpi [sklep] [today|yesterday|7d|30d|mtd]` — KPI za okres (domyślnie wczoraj), widoczne tylko dla Ciebie",
  "usage.task":
    "`/task add <@osoba> <tytuł> [due RRRR-MM-DD|today|tomorrow|mon…sun]`\n`/task list [mine|all|<@osoba>]`\n`/task done <id>`\n`/task reassign <id> <@osoba>`",
  "usage.spend":
    "`/spend request <kwota> <waluta> <kanał> <uzasadnienie…>` — np. `/spend request 1500 PLN google-ads Black Friday`\n`/spend list [pending|all]`\n`/spend plan [RRRR-MM]`\n`/spend edit <id> <kwota>` — nowa kwota wymaga nowej akceptacji\n`/spend substitute <@osoba> <RRRR-MM-DD>` | `/spend substitute off` — kto decyduje pod Twoją nieobecność",
  "usage.competitor":
    "`/competitor add <konkurent> <notatka…> [#tag …] [url]`\n`/competitor list [<konkurent>]`\n`/competitor search <tekst>`",
  "usage.promo": "`/promo add <nazwa> <RRRR-MM-DD>..<RRRR-MM-DD>`\n`/promo list`\n`/promo remove <id>`",
};
