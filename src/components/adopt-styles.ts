/**
 * The components render into light DOM (password managers must see the inputs), so their styles
 * go to the document or shadow root that holds them: one constructed sheet per component, adopted
 * once per root. Constructed sheets need no `style-src 'unsafe-inline'`.
 */
import type { CSSResult } from 'lit';

export function adoptOnce(element: Element, styles: CSSResult | CSSStyleSheet): void {
  const root = element.getRootNode();
  const sheet = styles instanceof CSSStyleSheet ? styles : styles.styleSheet;
  if (!sheet || !(root instanceof Document || root instanceof ShadowRoot)) return;
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
