/** `/kpi` and `/shopops digest …` replies. */
export const kpi = {
  "kpi.unknownPeriod": "Unknown period “{period}”: use today, yesterday, 7d, 30d or mtd.",
  "kpi.shareFailed": "This KPI reply can no longer be shared; run /kpi again.",
  "digest.unknownCadence": "Unknown digest “{cadence}”: use daily, weekly or monthly.",
  "digest.badChannel": "“{channel}” is not a channel: pick one with #, e.g. #marketing.",
  "digest.subscribed": "The {cadence} digest of {shop} will be posted in <#{channel}> ({cron}, {timezone}).",
  "digest.alreadySubscribed": "<#{channel}> already gets the {cadence} digest of {shop}.",
  "digest.unsubscribed": "<#{channel}> will no longer get the {cadence} digest of {shop}.",
  "digest.notSubscribed": "<#{channel}> has no {cadence} digest of {shop} set up here.",
  "digest.configSubscription": "That digest comes from the shops file (shopops.config.yaml); change it there.",
  "digest.listHeader": "Digests of {shop}:",
  "digest.listLine": "• {period} in <#{channel}> — `{cron}` ({origin})",
  "digest.listEmpty": "No digests are set up for {shop}. Add one with `/shopops digest subscribe daily #channel`.",
  "digest.originConfig": "shops file",
  "digest.originSlack": "added in Slack",
  "digest.adminsOnly": "Only the admins of {shop} can change its digests.",
} as const;
