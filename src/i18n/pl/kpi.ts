import type { kpi as en } from "../en/kpi.ts";

export const kpi: Record<keyof typeof en, string> = {
  "kpi.unknownPeriod": "Nieznany okres „{period}”: użyj today, yesterday, 7d, 30d lub mtd.",
  "kpi.shareFailed": "Tej odpowiedzi nie można już udostępnić; uruchom /kpi ponownie.",
  "digest.unknownCadence": "Nieznane podsumowanie „{cadence}”: użyj daily, weekly lub monthly.",
  "digest.badChannel": "„{channel}” to nie kanał: wybierz go przez #, np. #marketing.",
  "digest.subscribed": "Podsumowanie {cadence} sklepu {shop} będzie publikowane na <#{channel}> ({cron}, {timezone}).",
  "digest.alreadySubscribed": "<#{channel}> już otrzymuje podsumowanie {cadence} sklepu {shop}.",
  "digest.unsubscribed": "<#{channel}> nie będzie już otrzymywać podsumowania {cadence} sklepu {shop}.",
  "digest.notSubscribed": "<#{channel}> nie ma tu ustawionego podsumowania {cadence} sklepu {shop}.",
  "digest.configSubscription": "To podsumowanie pochodzi z pliku sklepów (shopops.config.yaml); zmień je tam.",
  "digest.listHeader": "Podsumowania sklepu {shop}:",
  "digest.listLine": "• {period} na <#{channel}> — `{cron}` ({origin})",
  "digest.listEmpty": "Sklep {shop} nie ma ustawionych podsumowań. Dodaj je: `/shopops digest subscribe daily #kanał`.",
  "digest.originConfig": "plik sklepów",
  "digest.originSlack": "dodane w Slacku",
  "digest.adminsOnly": "Tylko administratorzy sklepu {shop} mogą zmieniać jego podsumowania.",
};
