"""The dashboard on a phone (a viewport narrower than Streamlit's 768 px breakpoint).

Streamlit collapses its sidebar after a click in the page menu only when the browser's user agent says
"mobile" (its `R_()` check): a phone browser in desktop mode, a narrow window or a page changed from
inside the page (a link in a table, a chart bar, `st.switch_page`) leaves the menu open over the page. The
script below closes it whenever the page — the address's path, not its filters — changes while the viewport
is narrow, and after a click on a menu entry. The style sheet gives the page the room it has (narrower
margins, smaller KPI figures). The charts' part is in dashboard/charts.py (legend below the plot, few
ticks, short axis labels); the tables pin their key columns first (dashboard/tables.py).
"""

from __future__ import annotations

import streamlit as st

# Streamlit's own breakpoint between a phone and a wider screen (theme.breakpoints.md)
NARROW = "(max-width: 767.98px)"

STYLE = f"""<style>
@media {NARROW} {{
  [data-testid="stMainBlockContainer"] {{
    padding-left: 0.75rem; padding-right: 0.75rem; padding-top: 3.5rem;
  }}
  [data-testid="stMetricValue"] {{ font-size: 1.6rem; }}
  [data-testid="stHeading"] h1 {{ font-size: 1.75rem; }}
}}
</style>"""

SCRIPT = f"""<script>
(() => {{
  if (window.congvuPhone) return;  // once per browser tab: the element is drawn again at every rerun
  window.congvuPhone = true;
  const narrow = window.matchMedia("{NARROW}");
  const closeMenu = () => {{
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    if (!narrow.matches || !sidebar || sidebar.getAttribute("data-collapsed") !== "false") return;
    const button = sidebar.querySelector('button[aria-controls="stSidebar"]');
    if (button) button.click();
  }};
  // the page changed: Streamlit writes the new address with history.pushState / replaceState
  let path = window.location.pathname;
  const pathChanged = () => {{
    if (window.location.pathname === path) return;  // a filter written to the address: the menu stays
    path = window.location.pathname;
    window.setTimeout(closeMenu, 0);
  }};
  for (const name of ["pushState", "replaceState"]) {{
    const original = window.history[name];
    window.history[name] = function (...args) {{
      const result = original.apply(this, args);
      pathChanged();
      return result;
    }};
  }}
  window.addEventListener("popstate", pathChanged);
  // a click on the page already shown changes no address and still means "take me there"
  document.addEventListener("click", (event) => {{
    if (event.target.closest('[data-testid="stSidebarNavLink"]')) window.setTimeout(closeMenu, 0);
  }}, true);
}})();
</script>"""


def install() -> None:
    """Adds the phone style and script to the page (in the sidebar: they take no room in the page)."""
    st.sidebar.html(STYLE + SCRIPT, unsafe_allow_javascript=True)
