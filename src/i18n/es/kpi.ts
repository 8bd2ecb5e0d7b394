import type { kpi as en } from "../en/kpi.ts";

export const kpi: Record<keyof typeof en, string> = {
  "kpi.unknownPeriod": "Periodo “{period}” desconocido: usa today, yesterday, 7d, 30d o mtd.",
  "kpi.shareFailed": "Esta respuesta ya no se puede compartir; ejecuta /kpi de nuevo.",
  "digest.unknownCadence": "Resumen “{cadence}” desconocido: usa daily, weekly o monthly.",
  "digest.badChannel": "“{channel}” no es un canal: elígelo con #, p. ej. #marketing.",
  "digest.subscribed": "El resumen {cadence} de {shop} se publicará en <#{channel}> ({cron}, {timezone}).",
  "digest.alreadySubscribed": "<#{channel}> ya recibe el resumen {cadence} de {shop}.",
  "digest.unsubscribed": "<#{channel}> ya no recibirá el resumen {cadence} de {shop}.",
  "digest.notSubscribed": "<#{channel}> no tiene aquí un resumen {cadence} de {shop}.",
  "digest.configSubscription": "Ese resumen viene del archivo de tiendas (shopops.config.yaml); cámbialo allí.",
  "digest.listHeader": "Resúmenes de {shop}:",
  "digest.listLine": "• {period} en <#{channel}> — `{cron}` ({origin})",
  "digest.listEmpty": "{shop} no tiene resúmenes. Añade uno con `/shopops digest subscribe daily #canal`.",
  "digest.originConfig": "archivo de tiendas",
  "digest.originSlack": "añadido en Slack",
  "digest.adminsOnly": "Solo los administradores de {shop} pueden cambiar sus resúmenes.",
};
