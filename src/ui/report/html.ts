/**
 * The report webview's HTML shell. It contains no data: the diagnosis arrives later as a message, and
 * the script builds the page from it with DOM calls.
 */
import { randomBytes } from 'node:crypto';

export interface ReportHtmlInput {
  /** `webview.cspSource`: the origin `asWebviewUri` URIs use. */
  cspSource: string;
  /** A fresh value from `createNonce()` for every page load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** BCP 47 language tag of the VS Code display language. */
  language: string;
}

/** Creates a CSP nonce: 128 bits from the operating system's cryptographic generator. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Builds the content security policy: nothing by default, the extension's styles and images, and one script by nonce. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Escapes a value for an HTML attribute or text node; used only for the URIs, title and language below. */
function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function renderReportHtml(input: ReportHtmlInput): string {
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);

  return `<!DOCTYPE html>
<html lang="${escapeHtml(input.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>${escapeHtml(input.title)}</title>
</head>
<body>
<div id="status" role="status" aria-live="polite"></div>
<main id="report"></main>
<script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>
`;
}
