/**
 * The `{{ name }}` placeholders of Auth0 email templates (a small, safe subset of Liquid).
 * Values are HTML-escaped in HTML bodies; unknown placeholders render empty.
 */
import type { TenantConfig } from '../config.js';
import type { OutgoingMail } from './ports.js';

export type TemplateValues = Record<string, string>;

/** The three parts of a tenant mail template. */
export interface MailTemplate { subject: string; text: string; html: string }

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderTemplate(template: string, values: TemplateValues, { html }: { html: boolean }): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name] ?? '';
    return html ? escapeHtml(value) : value;
  });
}

/**
 * A tenant mail for one user, to their stored address (never a submitted string: look-alike addresses), with the
 * placeholders every template has ({{ user.email }}, {{ user.name }}, {{ application.name }}, {{ tenant }},
 * {{ friendly_name }}) besides its own `values`. Without an application, {{ application.name }} is the tenant's name.
 */
export function userMail(
  config: Pick<TenantConfig, 'tenant'>, template: MailTemplate, user: { email: string; name: string | null }, applicationName: string | undefined, values: TemplateValues,
): OutgoingMail {
  const all = {
    'user.email': user.email,
    'user.name': user.name ?? '',
    'application.name': applicationName ?? config.tenant.friendlyName,
    tenant: config.tenant.name,
    friendly_name: config.tenant.friendlyName,
    ...values,
  };
  return {
    to: user.email,
    subject: renderTemplate(template.subject, all, { html: false }),
    text: renderTemplate(template.text, all, { html: false }),
    html: renderTemplate(template.html, all, { html: true }),
  };
}
