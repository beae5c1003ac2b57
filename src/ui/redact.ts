/**
 * Masks credentials in text before it reaches the log: bearer tokens, JWTs and client secrets in
 * query strings or form bodies. Error messages from SDKs sometimes echo request details.
 */

const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-_.~+/]+=*/gi;
const JWT = /\beyJ[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*/g;
const SECRET_FIELD = /\b(client_secret|access_token|refresh_token|client_assertion|password)=([^&\s"']+)/gi;
const SECRET_JSON = /"(client_secret|access_token|refresh_token|accessToken|clientSecret)"\s*:\s*"[^"]*"/gi;

export function redact(text: string): string {
  return text
    .replace(BEARER, '$1 ***')
    .replace(JWT, '***')
    .replace(SECRET_FIELD, '$1=***')
    .replace(SECRET_JSON, '"$1":"***"');
}
