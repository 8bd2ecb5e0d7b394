import type { common as en } from "../en/common.ts";

export const common: Record<keyof typeof en, string> = {
  "common.usage": "Uso:",
  "common.unknownSubcommand": "Subcomando de {command} desconocido «{sub}».",
  "common.unknownShop": "Tienda desconocida «{shop}». Tiendas: {shops}.",
  "common.chooseShop": "Hay varias tiendas configuradas; empieza con una de: {shops}.",
  "common.notAllowed": "Lo siento, no tienes permiso para hacer eso.",
  "common.internalError": "Algo ha fallado por nuestra parte; el equipo ha sido avisado. Inténtalo de nuevo.",
  "common.tooLong": "«{field}» es demasiado largo ({length} caracteres, como máximo {max}).",
};
