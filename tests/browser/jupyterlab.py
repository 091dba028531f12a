"""JupyterLab 4 as a person uses it, through Playwright: open a notebook, Run All from the menu, type in a cell,
press Tab or Shift+Tab, interrupt the kernel; and read what the page shows (outputs, widgets, prompts).

Selectors are JupyterLab 4's and ipywidgets 8's (see shared/reference/azpkg-and-browser.md, part B).
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'

_STATE_JS = """(panel) => {
  const root = document.querySelector(panel);
  if (!root) return null;
  const indicator = root.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = [...root.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent.trim());
  return {status: indicator ? indicator.getAttribute('data-status') : null, prompts};
}"""

_UPLOAD_JS = """([panel, index]) => {
  const cell = document.querySelectorAll(panel + ' .jp-Cell')[index];
  if (!cell) return [];
  return [...cell.querySelectorAll('.widget-vbox')]
    .filter(box => box.querySelector(':scope > .widget-hprogress'))
    .map(box => {
      const bar = box.querySelector(':scope > .widget-hprogress');  // the caption is the bar's own label
      const label = bar.querySelector('.widget-label');
      return {bar: bar.querySelector('.progress-bar').style.width, style: bar.querySelector('.progress-bar').className,
              title: box.children[0].innerText, caption: label ? label.innerText : ''};
    });
}"""


class Steps:
    """Screenshots of a test's steps, kept (by the `steps` fixture) only when the test fails."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.page: Any = None
        self.count = 0

    def shot(self, name: str) -> None:
        if self.page is None or self.page.is_closed():
            return
        self.count += 1
        safe = re.sub(r"[^\w.-]+", "-", name)[:60]
        try:
            self.page.screenshot(path=str(self.folder / f"{self.count:02d}-{safe}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - a screenshot must never hide the test's own failure
            pass


@dataclass
class JupyterLab:
    url: str
    token: str

    def request(self, path: str, method: str = "GET") -> Any:
        req = urllib.request.Request(f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def ready(self) -> bool:
        try:
            return self.request("/api/status") is not None
        except (OSError, urllib.error.URLError, ValueError):
            return False

    def stop_sessions(self) -> None:
        """Shuts down every kernel the page started (a session outlives the tab)."""
        for session in self.request("/api/sessions") or []:
            self.request(f"/api/sessions/{session['id']}", method="DELETE")

    def open(self, page: Any, path: str, steps: Steps | None = None) -> Notebook:
        page.goto(f"{self.url}/lab/tree/{path}?token={self.token}&reset")
        notebook = Notebook(page, path, steps)
        page.wait_for_selector(f"{PANEL} .jp-Cell", state="visible")
        select = page.locator('.jp-Dialog button:has-text("Select")')
        try:
            select.wait_for(timeout=1500)
            select.click()  # "Select Kernel", with the notebook's own kernel preselected
        except Exception:  # noqa: BLE001 - no dialog: the kernel started by itself
            pass
        notebook.wait_idle(timeout=60)
        notebook.shot("opened")
        return notebook


@dataclass
class Notebook:
    page: Any
    path: str
    steps: Steps | None = None

    def shot(self, name: str) -> None:
        if self.steps is not None:
            self.steps.shot(f"{Path(self.path).stem}-{name}")

    # -- state ------------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return self.page.evaluate(_STATE_JS, PANEL) or {"status": None, "prompts": []}

    def wait_idle(self, timeout: float = 60) -> None:
        self.page.wait_for_function(
            "(panel) => { const i = document.querySelector(panel + ' .jp-Notebook-ExecutionIndicator');"
            " return i && i.getAttribute('data-status') === 'idle'; }", arg=PANEL, timeout=timeout * 1000)

    def wait_done(self, timeout: float = 300) -> dict[str, Any]:
        """Waits until no cell is queued or running and the kernel is idle (twice in a row, 0.5 s apart)."""
        deadline = time.monotonic() + timeout
        calm = 0
        while time.monotonic() < deadline:
            state = self.state()
            busy = state["status"] != "idle" or any(p.startswith("[*]") for p in state["prompts"])
            calm = 0 if busy else calm + 1
            if calm >= 2:
                return state
            time.sleep(0.5)
        self.shot("timeout")
        raise TimeoutError(f"{self.path}: still running after {timeout} s: {self.state()}")

    # -- actions (menus, clicks and keys) ----------------------------------------------------------
    def menu(self, menu: str, command: str) -> None:
        self.page.click(f'.lm-MenuBar-itemLabel:text-is("{menu}")')
        self.page.click(f'.lm-Menu-item[data-command="{command}"]')

    def run_all(self, timeout: float = 300) -> dict[str, Any]:
        self.menu("Run", "runmenu:run-all")
        self.page.wait_for_function(
            "(panel) => [...document.querySelectorAll(panel + ' .jp-CodeCell .jp-InputArea-prompt')]"
            ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))", arg=PANEL)
        state = self.wait_done(timeout)
        self.shot("ran-all")
        return state

    def interrupt(self) -> None:
        self.menu("Kernel", "kernelmenu:interrupt")

    def cell(self, index: int) -> Any:
        return self.page.locator(f"{PANEL} .jp-Cell").nth(index)

    def edit(self, index: int, text: str = "") -> Any:
        """Clicks into cell `index`, empties it and types `text` (key by key); returns the cell."""
        cell = self.cell(index)
        cell.locator(".cm-content").click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.press("Delete")
        if text:
            self.page.keyboard.type(text)
        return cell

    def run_cell(self, index: int, timeout: float = 120) -> None:
        """Shift+Enter in cell `index` (already being edited), then waits for the kernel."""
        self.cell(index).locator(".cm-content").click()
        self.page.keyboard.press("Shift+Enter")
        self.page.wait_for_function(
            "([panel, i]) => { const p = document.querySelectorAll(panel + ' .jp-Cell')[i]"
            ".querySelector('.jp-InputArea-prompt'); return p && /\\[\\*\\]|\\[\\d+\\]/.test(p.textContent); }",
            arg=[PANEL, index])
        self.wait_done(timeout)

    # -- what the page shows ------------------------------------------------------------------------
    def source(self, index: int) -> str:
        return str(self.cell(index).locator(".cm-content").inner_text())

    def output_text(self, index: int | None = None) -> str:
        scope = self.cell(index) if index is not None else self.page.locator(PANEL)
        return "\n".join(scope.locator(".jp-OutputArea-output").all_inner_texts())

    def errors(self) -> list[str]:
        """Every error or stderr output on the page (JupyterLab renders both with the stderr MIME type)."""
        return [str(t) for t in self.page.locator(f"{PANEL} {STDERR}").all_inner_texts()]

    def not_run(self) -> list[int]:
        """Code cells (by position among code cells) that have no execution count: Run All stopped before them."""
        return [i for i, p in enumerate(self.state()["prompts"]) if not re.search(r"\[\d+\]", p)]

    def code_cell_index(self, containing: str) -> int:
        """Position among all cells of the first code cell whose source contains `containing`."""
        sources = self.page.evaluate(
            "(panel) => [...document.querySelectorAll(panel + ' .jp-Cell')].map(c => "
            "c.classList.contains('jp-CodeCell') ? c.querySelector('.cm-content').innerText : '')", PANEL)
        for i, text in enumerate(sources):
            if containing in text:
                return i
        raise AssertionError(f"{self.path}: no code cell contains {containing!r}")

    def upload_widgets(self, index: int) -> list[dict[str, str]]:
        """The upload widgets of cell `index`: bar width (e.g. '42%'), bar classes, title and caption."""
        return list(self.page.evaluate(_UPLOAD_JS, [PANEL, index]))
