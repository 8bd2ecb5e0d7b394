/** Words and phrases used across surfaces. Keys are the source of truth for every locale. */
export const common = {
  "common.usage": "Usage:",
  "common.unknownSubcommand": "Unknown {command} subcommand “{sub}”.",
  "common.unknownShop": "Unknown shop “{shop}”. Shops: {shops}.",
  "common.chooseShop": "Several shops are configured; start with one of: {shops}.",
  "common.notAllowed": "Sorry, you are not allowed to do that.",
  "common.internalError": "Something went wrong on our side; the team has been told. Please try again.",
  "common.tooLong": "“{field}” is too long ({length} characters, at most {max}).",
} as const;
