/**
 * Secrets never reach logs or error messages. Known secret values (tokens from the
 * environment) are replaced wherever they appear, and token-shaped strings are masked
 * even when we were not told about them.
 */
const TOKEN_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot, user, app-level tokens
  /xapp-[A-Za-z0-9-]+/g,
  /ya29\.[A-Za-z0-9._-]+/g, // Google OAuth access tokens
  /1\/\/[A-Za-z0-9._-]{20,}/g, // Google refresh tokens
  /EAA[A-Za-z0-9]{20,}/g, // Meta access tokens
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

export const REDACTED = "[redacted]";

export function createRedactor(secrets: Array<string | undefined>): (text: string) => string {
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length >= 6);
  return (text) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join(REDACTED);
    for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
    return out;
  };
}
