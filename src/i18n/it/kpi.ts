import type { kpi as en } from "../en/kpi.ts";

export const kpi: Record<keyof typeof en, string> = {
  "kpi.unknownPeriod": "Periodo “{period}” sconosciuto: usa today, yesterday, 7d, 30d o mtd.",
  "kpi.shareFailed": "Questa risposta non si può più condividere; esegui di nuovo /kpi.",
  "digest.unknownCadence": "Riepilogo “{cadence}” sconosciuto: usa daily, weekly o monthly.",
  "digest.badChannel": "“{channel}” non è un canale: sceglilo con #, ad es. #marketing.",
  "digest.subscribed": "Il riepilogo {cadence} di {shop} sarà pubblicato in <#{channel}> ({cron}, {timezone}).",
  "digest.alreadySubscribed": "<#{channel}> riceve già il riepilogo {cadence} di {shop}.",
  "digest.unsubscribed": "<#{channel}> non riceverà più il riepilogo {cadence} di {shop}.",
  "digest.notSubscribed": "<#{channel}> non ha qui un riepilogo {cadence} di {shop}.",
  "digest.configSubscription": "Questo riepilogo viene dal file dei negozi (shopops.config.yaml); modificalo lì.",
  "digest.listHeader": "Riepiloghi di {shop}:",
  "digest.listLine": "• {period} in <#{channel}> — `{cron}` ({origin})",
  "digest.listEmpty": "Nessun riepilogo per {shop}. Aggiungine uno con `/shopops digest subscribe daily #canale`.",
  "digest.originConfig": "file dei negozi",
  "digest.originSlack": "aggiunto in Slack",
  "digest.adminsOnly": "Solo gli amministratori di {shop} possono cambiarne i riepiloghi.",
};
