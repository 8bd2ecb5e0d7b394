import type { common as en } from "../en/common.ts";

export const common: Record<keyof typeof en, string> = {
  "common.usage": "Uso:",
  "common.unknownSubcommand": "Sottocomando {command} sconosciuto “{sub}”.",
  "common.unknownShop": "Negozio sconosciuto “{shop}”. Negozi: {shops}.",
  "common.chooseShop": "Sono configurati più negozi; inizia con uno di: {shops}.",
  "common.notAllowed": "Spiacenti, non hai i permessi per farlo.",
  "common.internalError": "Qualcosa è andato storto da parte nostra; il team è stato avvisato. Riprova.",
  "common.tooLong": "“{field}” è troppo lungo ({length} caratteri, al massimo {max}).",
};
