/**
 * Renders Markdown the way a ticket system or a pull request would, with `marked` (installed as
 * a dependency of @vscode/vsce), and reads the result back as tags and as text.
 */

/** Renders Markdown to HTML with marked's defaults (GitHub Flavored Markdown, raw HTML passed through). */
export async function renderMarkdownToHtml(markdown: string): Promise<string> {
  // marked ships only an ES module, which a dynamic import loads from CommonJS.
  const { marked } = await import('marked');
  return marked.parse(markdown, { async: false });
}

/** Returns every start and end tag in the HTML, as written. */
export function htmlTags(html: string): string[] {
  return html.match(/<\/?[A-Za-z][^>]*>/g) ?? [];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/** Returns the text a browser would show: tags removed, entities decoded in one pass, white space runs collapsed. */
export function textContent(html: string): string {
  return html
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#(\d+)|#x([0-9a-f]+));/gi, (entity, name: string, decimal?: string, hex?: string) => {
      if (decimal !== undefined) {
        return String.fromCodePoint(Number(decimal));
      }
      if (hex !== undefined) {
        return String.fromCodePoint(parseInt(hex, 16));
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ');
}
