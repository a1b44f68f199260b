/**
 * What the hosted pages (the reset page behind the mailed link, the Universal Login page) share,
 * customised by the tenant's `resetPage` settings (Auth0's "Customize Hosted Pages"): title, logo,
 * primary colour and an extra stylesheet. Their CSP allows script and style from our origin only,
 * plus exactly the logo's and the stylesheet's origins when the tenant names other ones; the
 * primary colour goes through a generated same-origin stylesheet, never an inline style. Each page
 * speaks the browser's language when we ship it; the components inherit it from <html lang>.
 */
import { html } from 'hono/html';
import { createMiddleware } from 'hono/factory';
import type { HtmlEscapedString } from 'hono/utils/html';
import { matchLanguage, RTL_LANGUAGES } from '../../src/i18n/languages.js';
import type { TenantConfig } from '../config.js';
import type { Deps } from '../domain/ports.js';
import { strictCsp } from '../http/headers.js';
import { acceptedLanguages } from '../http/languages.js';
import { EMBED_SCRIPT, PREFIX } from '../paths.js';

/** The pages' generated stylesheet (layout and the tenant's colour), served by the reset page family. */
export const PAGE_STYLESHEET = 'page.css';

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

/** A shipped language from `preferred` (e.g. ui_locales), else the browser's, else English. */
export function pageLanguage(preferred: string | null | undefined, detected: string): string {
  return preferred?.split(' ').map(matchLanguage).find((language) => language !== undefined) ?? detected;
}

/** Sets `c.get('language')`: the first shipped language Accept-Language asks for, else English. */
const pageLanguageFromHeader = createMiddleware<{ Variables: { language: string } }>(async (c, next) => {
  c.set('language', acceptedLanguages(c.req.header('Accept-Language'))[0] ?? 'en');
  await next();
});

export function hostedPageLayout(deps: Deps) {
  const settings = deps.config.resetPage;
  const title = settings.title ?? deps.config.tenant.friendlyName;
  return {
    styles: pageStyles(settings),
    csp: strictCsp({ styleSrc: foreignOrigin(settings.stylesheetUrl, deps.baseUrl), imgSrc: foreignOrigin(settings.logoUrl, deps.baseUrl) }),
    language: pageLanguageFromHeader,
    render: (lang: string, main: HtmlEscapedString | Promise<HtmlEscapedString>) => html`<!doctype html>
<html lang="${lang}" dir="${RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="${PREFIX.resetPage}/${PAGE_STYLESHEET}">
${settings.stylesheetUrl ? html`<link rel="stylesheet" href="${settings.stylesheetUrl}">` : ''}
<script type="module" src="${EMBED_SCRIPT}"></script>
</head>
<body>
<header>
${settings.logoUrl ? html`<img src="${settings.logoUrl}" alt="">` : ''}
<h1>${title}</h1>
</header>
<main>
${main}
</main>
</body>
</html>`,
  };
}
