import type { common as en } from "../en/common.ts";

export const common: Record<keyof typeof en, string> = {
  "common.usage": "Użycie:",
  "common.unknownSubcommand": "Nieznane polecenie {command} „{sub}”.",
  "common.unknownShop": "Nieznany sklep „{shop}”. Sklepy: {shops}.",
  "common.chooseShop": "Skonfigurowano kilka sklepów; zacznij od jednego z: {shops}.",
  "common.notAllowed": "Niestety, nie masz uprawnień do tej czynności.",
  "common.internalError": "Coś poszło nie tak po naszej stronie; zespół został powiadomiony. Spróbuj ponownie.",
  "common.tooLong": "„{field}” jest za długie ({length} znaków, maksymalnie {max}).",
};
