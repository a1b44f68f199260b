/**
 * The dashboard's one stylesheet, adopted into the document (the views render into light DOM so
 * the sign-in form's fields stay visible to password managers). A constructed sheet needs no
 * inline <style>, so the page keeps `style-src 'self'`.
 */
import { css } from 'lit';

export const dashboardStyles = css`
  :root { color-scheme: light; font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1f; }
  body { margin: 0; background: #f6f6f8; }
  dashboard-app { display: block; max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
  dashboard-app header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; border-bottom: 1px solid #d0d0d7; margin-bottom: 1.5rem; }
  dashboard-app h1 { font-size: 1.4rem; }
  dashboard-app form.stacked { display: grid; gap: 0.75rem; max-width: 22rem; }
  dashboard-app label { font-weight: 600; display: grid; gap: 0.25rem; }
  dashboard-app input { font: inherit; padding: 0.45rem 0.6rem; border: 1px solid #6b6b76; border-radius: 4px; }
  dashboard-app button { font: inherit; padding: 0.45rem 1rem; border-radius: 4px; border: 1px solid #3b3b8f; background: #3b3b8f; color: #fff; cursor: pointer; }
  dashboard-app button.secondary { background: #fff; color: #3b3b8f; }
  dashboard-app button:disabled { opacity: 0.6; cursor: default; }
  dashboard-app :focus-visible { outline: 3px solid #1a5fd0; outline-offset: 2px; }
  dashboard-app a { color: #1d4fae; }
  dashboard-app .search { display: flex; gap: 0.5rem; align-items: end; margin-bottom: 1rem; }
  dashboard-app table { width: 100%; border-collapse: collapse; background: #fff; }
  dashboard-app th, dashboard-app td { text-align: left; padding: 0.5rem 0.75rem; border-bottom: 1px solid #e1e1e6; }
  dashboard-app dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1.5rem; background: #fff; padding: 1rem; border-radius: 6px; }
  dashboard-app dt { font-weight: 600; }
  dashboard-app dd { margin: 0; overflow-wrap: anywhere; }
  dashboard-app .error { color: #a4001d; font-weight: 600; }
  dashboard-app .status { color: #145c2a; font-weight: 600; }
  dashboard-app .danger-zone { margin-top: 2.5rem; }
  dashboard-app .danger-zone h2 { color: #a4001d; }
  dashboard-app .danger-box { display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap;
    border: 1px solid #c0002a; border-radius: 6px; background: #fff; padding: 0.75rem 1rem; margin-bottom: 0.75rem; }
  dashboard-app .danger-box.primary { border-width: 2px; background: #fff5f6; }
  dashboard-app .danger-box h3 { margin: 0 0 0.25rem; font-size: 1.05rem; }
  dashboard-app .danger-box p { margin: 0; }
  dashboard-app button.danger { background: #b00020; border-color: #b00020; }
  dashboard-app .ticket { display: flex; gap: 0.5rem; width: 100%; }
  dashboard-app .ticket input { flex: 1; font-family: ui-monospace, monospace; font-size: 0.85rem; }
  dashboard-app dialog { border: 1px solid #6b6b76; border-radius: 8px; padding: 1.25rem 1.5rem; max-width: 28rem; width: calc(100% - 3rem); }
  dashboard-app dialog::backdrop { background: rgb(0 0 0 / 0.4); }
  dashboard-app .rules, dashboard-app .rules ul { list-style: none; padding-left: 1rem; margin: 0.25rem 0; }
  dashboard-app .rules li::before { content: '✗ '; color: #a4001d; }
  dashboard-app .rules li.ok::before { content: '✓ '; color: #145c2a; }
  dashboard-app .actions { display: flex; gap: 0.5rem; justify-content: flex-end; }
  dashboard-app .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
