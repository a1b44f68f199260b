/**
 * The hosted password-reset page behind the mailed link (`GET /lo/reset?ticket=…`), customised by
 * the tenant's `resetPage` settings (Auth0's "Customize Hosted Password Reset Page"): title, logo,
 * primary colour and an extra stylesheet. The page is static: it never reads or echoes the ticket
 * (the component takes it from the address bar and removes it), so GETs by mail scanners spend
 * nothing. Its CSP allows script and style from our origin only, plus exactly the logo's and the
 * stylesheet's origins when the tenant names other ones; the primary colour goes through a
 * generated same-origin stylesheet, never an inline style.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { languageDetector } from 'hono/language';
import { LANGUAGES, RTL_LANGUAGES } from '../../../src/i18n/languages.js';
import type { TenantConfig } from '../../config.js';
import type { Deps } from '../../domain/ports.js';
import { absolute } from '../../domain/tenant.js';
import { NO_STORE, strictCsp } from '../../http/headers.js';
import { EMBED_SCRIPT, PREFIX } from '../../paths.js';

/** The page's generated stylesheet (layout and the tenant's colour), beside the page. */
const STYLESHEET = 'page.css';

/** The origin a customisation URL loads from, when it is not ours (a path or our own origin needs no extra source). */
function foreignOrigin(urlOrPath: string | undefined, baseUrl: string): string[] {
  if (!urlOrPath || urlOrPath.startsWith('/')) return [];
  const { origin } = new URL(urlOrPath);
  return origin === new URL(baseUrl).origin ? [] : [origin];
}

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
function textOn(hex: string): string {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : [hex.slice(1, 3), hex.slice(3, 5), hex.slice(5, 7)];
  const [r, g, b] = digits.map((d) => {
    const c = parseInt(d, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000' : '#fff';
}

/** The page's own layout, and the tenant's colour as the components' custom properties. */
function pageStyles(settings: TenantConfig['resetPage']): string {
  const colour = settings.primaryColor
    ? `:root { --login-box-accent: ${settings.primaryColor}; --login-box-on-accent: ${textOn(settings.primaryColor)}; }\n`
    : '';
  return `:root { color-scheme: light dark; }
body { margin: 0; font-family: system-ui, sans-serif; }
header, main { max-inline-size: 24rem; margin: 2rem auto 0; padding-inline: 1rem; }
header { display: flex; align-items: center; gap: 0.75rem; }
header img { block-size: 2.5rem; inline-size: auto; }
h1 { margin: 0; font-size: 1.25rem; }
main { margin-block: 1rem 2rem; }
${colour}`;
}

function page(deps: Deps, lang: string) {
  const { config, baseUrl } = deps;
  const settings = config.resetPage;
  const title = settings.title ?? config.tenant.friendlyName;
  const connection = config.defaultDirectory ?? config.connections.find((c) => c.strategy === 'auth0')?.name;
  // The forgot-password view offered for a bad link signs in as the tenant's first application.
  const clientId = config.clients.find((client) => client.type === 'spa')?.clientId;
  return html`<!doctype html>
<html lang="${lang}" dir="${RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="${PREFIX.resetPage}/${STYLESHEET}">
${settings.stylesheetUrl ? html`<link rel="stylesheet" href="${settings.stylesheetUrl}">` : ''}
<script type="module" src="${EMBED_SCRIPT}"></script>
</head>
<body>
<header>
${settings.logoUrl ? html`<img src="${settings.logoUrl}" alt="">` : ''}
<h1>${title}</h1>
</header>
<main>
<reset-password-form login-href="${absolute(baseUrl, config.defaultLoginRoute)}" connection="${connection ?? ''}" client-id="${clientId ?? ''}"></reset-password-form>
<noscript><p>This page needs JavaScript to set your new password.</p></noscript>
</main>
</body>
</html>`;
}

export function resetPage(deps: Deps) {
  const settings = deps.config.resetPage;
  const styles = pageStyles(settings);
  const csp = strictCsp({ styleSrc: foreignOrigin(settings.stylesheetUrl, deps.baseUrl), imgSrc: foreignOrigin(settings.logoUrl, deps.baseUrl) });
  return new Hono()
    .get('/', csp,
    // The page speaks the browser's language when we ship it; the component inherits it from <html lang>.
    languageDetector({ supportedLanguages: [...LANGUAGES], fallbackLanguage: 'en', order: ['header'], caches: false }),
    (c) => c.html(page(deps, c.get('language')), 200, { ...NO_STORE, Vary: 'Accept-Language' }))
    .get(`/${STYLESHEET}`, (c) => c.body(styles, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }));
}
