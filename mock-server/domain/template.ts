/**
 * The `{{ name }}` placeholders of Auth0 email templates (a small, safe subset of Liquid).
 * Values are HTML-escaped in HTML bodies; unknown placeholders render empty.
 */
export type TemplateValues = Record<string, string>;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderTemplate(template: string, values: TemplateValues, { html }: { html: boolean }): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name] ?? '';
    return html ? escapeHtml(value) : value;
  });
}
