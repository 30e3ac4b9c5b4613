"""The process that talks to one soffice over AT-SPI and UNO.

Why a separate process: libatspi keeps one global connection to one
accessibility bus per process, so two environments in one process would see
each other's desktops; a hung D-Bus call cannot be interrupted from Python,
but a process can be killed; and ``uno`` patches the import machinery, which
must not leak into the process that runs transformers. The parent
(:class:`lamkit.envs.writer.env.WriterEnv`) sends one request at a time over a
pipe and enforces timeouts.
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path
from typing import Any


class SofficeGone(RuntimeError):
    """soffice left the accessibility bus in the middle of an episode: it died or hung. Reported as
    such (``soffice_gone`` in the answer) so the parent treats it as a fault, not as an error of the
    action: a SIGKILLed soffice.bin can leave its launcher alive for a moment, so the parent's own
    process check may not see the death yet (issue 16: a fault then went unrecorded)."""


def serve(conn, env_vars: dict[str, str], uno_port: int, screen: tuple[int, int]) -> None:
    os.environ.update(env_vars)  # before gi loads libatspi: it reads the bus address once
    try:
        w = _Worker(uno_port, screen, env_vars)
    except Exception as e:  # noqa: BLE001 - reported to the parent, which restarts
        conn.send({"ok": False, "error": f"worker start failed: {e}"})
        return
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        op = req.pop("op")
        if op == "quit":
            conn.send({"ok": True, "result": None})
            return
        try:
            result = getattr(w, f"op_{op}")(**req)
            conn.send({"ok": True, "result": result})
        except Exception as e:  # noqa: BLE001
            conn.send({"ok": False, "error": f"{type(e).__name__}: {e}", "trace": traceback.format_exc(limit=4),
                       "soffice_gone": isinstance(e, SofficeGone)})


def _log(msg: str) -> None:
    if os.environ.get("LAMKIT_WORKER_DEBUG"):
        import sys

        print(f"{time.monotonic():.3f} {msg}", file=sys.stderr, flush=True)


# A load normally takes 1-3 s (5 s on a busy 2-core machine). Loads from a soffice worker
# thread used to stall in GTK's clipboard query (docs/writer_env.md); they now run on its
# main thread. If soffice hangs anyway, restarting after 15 s is cheaper than waiting.
LOAD_TIMEOUT_S = 15.0
#: What a stalled load reports (the parent counts stalls by it: WriterEnv.load_stalls).
LOAD_STALLED = "soffice did not finish loading the document"

_BUTTON_RULE = _POPUP_RULE = None


def _button_rule(Atspi, popup: bool = False):
    """A showing push button (a dialog's widgets are on the bus); with ``popup`` a menu item too
    (a tool bar arrow's popup is a palette of buttons or a menu)."""
    global _BUTTON_RULE, _POPUP_RULE
    if _BUTTON_RULE is None:
        ss = Atspi.StateSet.new([Atspi.StateType.SHOWING])
        none = Atspi.CollectionMatchType.NONE
        _BUTTON_RULE, _POPUP_RULE = (Atspi.MatchRule.new(ss, Atspi.CollectionMatchType.ALL, {}, none, roles,
                                                         Atspi.CollectionMatchType.ANY, [], none, False)
                                     for roles in ([Atspi.Role.PUSH_BUTTON], [Atspi.Role.PUSH_BUTTON, Atspi.Role.MENU_ITEM]))
    return _POPUP_RULE if popup else _BUTTON_RULE


class _Worker:
    def __init__(self, uno_port: int, screen: tuple[int, int], env_vars: dict[str, str]):
        import gi

        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi

        from lamkit.envs.writer.actions import Executor
        from lamkit.envs.writer.uno_state import UnoBridge

        self.Atspi = Atspi
        self.screen = screen
        self.env_vars = env_vars
        self.bridge = UnoBridge(uno_port)
        self.doc = None
        self.snap = None
        self.executor = Executor(env_vars, self.bridge.uno, lambda: self.doc)

    # ------------------------------------------------------------------ start-up
    def op_init(self, timeout_s: float = 60.0) -> dict[str, Any]:
        t0 = time.monotonic()
        self.bridge.connect(timeout_s)
        self._wait_frame(timeout_s - (time.monotonic() - t0))
        self._settle_geometry()
        return {"start_s": time.monotonic() - t0}

    def _app(self):
        desk = self.Atspi.get_desktop(0)
        for i in range(desk.get_child_count()):
            a = desk.get_child_at_index(i)
            if a is not None and (a.get_name() or "").startswith("soffice"):
                return a
        return None

    def _wait_frame(self, timeout_s: float, title: str | None = None):
        end = time.monotonic() + max(timeout_s, 1.0)
        while time.monotonic() < end:
            app = self._app()
            if app is not None:
                for i in range(app.get_child_count()):
                    w = app.get_child_at_index(i)
                    if w is None or w.get_role_name() != "frame":
                        continue
                    name = w.get_name() or ""
                    if "Writer" in name and (title is None or name.startswith(title)):
                        if w.get_state_set().contains(self.Atspi.StateType.SHOWING):
                            return w
            time.sleep(0.05)
        raise TimeoutError(f"no Writer window {'titled ' + repr(title) + ' ' if title else ''}appeared on the accessibility bus")

    def _settle_geometry(self):
        # Quirk 2: VCL-drawn boxes report 25 px too high until the first real
        # click into the document; then park the pointer where it hovers nothing.
        w, h = self.screen
        self.executor.xdo("mousemove", str(w // 2), str(h // 2), "click", "1")
        self.executor.xdo("mousemove", str(w - 1), str(h - 1))

    # ------------------------------------------------------------------ episode
    def op_reset(
        self, path: str, settle: bool = True, load_timeout_s: float = LOAD_TIMEOUT_S, main_thread: bool = True
    ) -> dict[str, Any]:
        """Open ``path`` for a new episode. ``main_thread=False`` loads from a soffice worker
        thread, the old way that stalls (UnoBridge.on_main_thread); only the benchmark uses it."""
        t0 = time.monotonic()
        self._close_dialogs()
        _log("reset: dialogs closed")
        self.doc = self._pumped(
            lambda: self.bridge.load(Path(path), self.screen, main_thread=main_thread), load_timeout_s, LOAD_STALLED
        )
        _log("reset: loaded")
        title = self.doc.getCurrentController().getFrame().getTitle()
        self._wait_frame(20.0, title=title.split(" - ")[0])
        _log(f"reset: frame {title!r} showing")
        if settle:
            self._settle_geometry()
            self._home_caret()
        self.snap = None
        obs = self._complete_observation(10.0)
        obs["reset_s"] = time.monotonic() - t0
        return obs

    def _complete_observation(self, timeout_s: float) -> dict[str, Any]:
        """Under load the window can appear before its document and toolbars are on the
        bus; an episode must not start on such a half-built window."""
        end = time.monotonic() + timeout_s
        while True:
            obs = self.op_observe()
            roles = {c["role"] for c in obs["controls"]}
            names = {c["name"] for c in obs["controls"]}
            if "document text" in roles and "Bold" in names:
                return obs
            if time.monotonic() > end:
                raise TimeoutError(f"the Writer window stayed incomplete ({len(obs['controls'])} controls, no document or toolbar)")
            time.sleep(0.2)

    def _pumped(self, fn, timeout_s: float, what: str):
        """Run a blocking UNO call in a thread while this thread keeps servicing the
        accessibility bus. soffice's accessibility bridge calls back into clients
        while it builds a window; a client blocked in UNO cannot answer, and the
        load then stalls until D-Bus times out."""
        import threading

        from gi.repository import GLib

        box: dict = {}

        def run():
            try:
                box["value"] = fn()
            except BaseException as e:  # noqa: BLE001 - re-raised in the calling thread
                box["error"] = e

        t = threading.Thread(target=run, daemon=True)
        t.start()
        ctx = GLib.MainContext.default()
        end = time.monotonic() + timeout_s
        while t.is_alive() and time.monotonic() < end:
            while ctx.pending():
                ctx.iteration(False)
            t.join(0.01)
        if t.is_alive():
            raise TimeoutError(f"{what} within {timeout_s:.0f} s")
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def _home_caret(self):
        try:
            vc = self.doc.getCurrentController().getViewCursor()
            vc.gotoStart(False)
        except Exception:  # noqa: BLE001 - caret placement is cosmetic
            pass

    def _close_dialogs(self):
        """Close any dialog or menu left open by the previous episode (they veto
        loading): press its Cancel/Close button, else focus it and press Escape."""
        for _ in range(6):
            app = self._app()
            if app is None:
                return
            extra = [w for _, w in self._windows(app) if w.get_role_name() != "frame"]
            if not extra:
                return
            win = extra[-1]
            if not self._press_named(win, ("Cancel", "Close", "No", "OK")):
                self.executor.focus_window(win.get_name())
                self.executor.xdo("key", "--clearmodifiers", "Escape")
            time.sleep(0.2)

    def _windows(self, app):
        from lamkit.envs.writer.observe import showing_windows

        return showing_windows(app)

    def _press_named(self, win, names) -> bool:
        try:
            found = win.get_collection_iface().get_matches(
                _button_rule(self.Atspi), self.Atspi.CollectionSortOrder.CANONICAL, 0, True
            )
        except Exception:  # noqa: BLE001
            return False
        for want in names:
            for b in found:
                if (b.get_name() or "") == want:
                    try:
                        self.Atspi.Action.do_action(b, 0)
                        return True
                    except Exception:  # noqa: BLE001 - the dialog closed under us
                        return True
        return False

    def op_observe(self) -> dict[str, Any]:
        from lamkit.envs.writer.observe import snapshot
        from lamkit.envs.writer.uno_state import document_digest, read_outline

        app = self._app()
        if app is None:
            raise SofficeGone("soffice is not on the accessibility bus")
        for attempt in range(4):
            try:
                self.snap = snapshot(app, self.screen)
                break
            except Exception:  # noqa: BLE001 - a window being rebuilt: nodes vanish mid-read
                if attempt == 3:
                    raise
                time.sleep(0.15)
                app = self._app() or app
        return {
            "controls": [c.model_dump() for c in self.snap.controls],
            "focused": self.snap.focused,
            "window": self.snap.window,
            "document": document_digest(self.doc) if self.doc is not None else "",
            "outline": self._outline(read_outline),
        }

    def _outline(self, read_outline) -> list[dict[str, Any]]:
        """The document as numbered paragraphs for the model (see uno_state.read_outline).
        A document being rebuilt (a dialog applying) can fail a read: retried once, then
        the observation goes without an outline rather than failing the step."""
        if self.doc is None:
            return []
        for attempt in range(2):
            try:
                return [p.model_dump() for p in read_outline(self.doc)]
            except Exception:  # noqa: BLE001 - a UNO read racing an edit
                if attempt == 0:
                    time.sleep(0.05)
        return []

    def op_step(self, action: dict[str, Any], settle_s: float = 0.05) -> dict[str, Any]:
        from lamkit.envs.writer.actions import ActionFailed, validate
        from lamkit.schema import Action

        t0 = time.monotonic()
        act = Action.model_validate(action)
        if self.snap is None and act.args.get("control_label") not in (None, ""):
            self.op_observe()
        err = validate(act, self.snap)
        if err:
            return {"ok": False, "message": err, "latency_s": time.monotonic() - t0}
        windows_before = self._window_count()
        dialog, closed = None, False
        try:
            out = self.executor.execute(act, self.snap)
            msg, output, done, closed, dialog, ok = *out, True
        except ActionFailed as e:
            msg, output, done, ok = str(e), None, False, False
        except Exception as e:  # noqa: BLE001 - a control that vanished, a D-Bus error
            if act.function == "click_input" and self._closed_since(windows_before):
                # The click closed the control's own dialog before AT-SPI could answer.
                msg, output, done, ok, closed = "clicked; its window closed", None, False, True, True
            else:
                msg, output, done, ok = f"{act.function} failed: {type(e).__name__}: {e}".strip(), None, False, False
        if ok and not done and act.function not in ("texts", "summary"):
            self._settle(windows_before, settle_s, act)
        if ok and not closed and dialog is not None:
            closed = self.executor.gone(dialog)  # the clicked button (OK, Close) closed its dialog
        self.snap = None  # labels are only valid for the observation they came from
        return {"ok": ok, "message": msg, "output": output, "done": done, "dialog_closed": closed,
                "latency_s": time.monotonic() - t0}

    def _closed_since(self, windows_before: int, wait_s: float = 0.6) -> bool:
        """Did a window close (the clicked button's own dialog) since the action began?"""
        end = time.monotonic() + wait_s
        while time.monotonic() < end:
            if self._window_count() < windows_before:
                return True
            time.sleep(0.05)
        return False

    def _window_count(self) -> int:
        app = self._app()
        return app.get_child_count() if app is not None else 0

    def _settle(self, windows_before: int, settle_s: float, act) -> None:
        """Give the UI time to show what the action opened: a new dialog window is
        waited for (up to 3 s) when the clicked item promises one ("…"), and so is the popup of a
        tool bar button's drop-down arrow (measured: the next step's palette entry, "No Fill", or
        menu entry, "Unformatted text", was not yet on the bus when observed right after the click)."""
        time.sleep(settle_s)
        if act.function != "click_input":
            return
        end = time.monotonic() + 3.0
        ctrl = None
        label = str(act.args.get("control_label"))
        if self.snap is not None:
            ctrl = next((c for c in self.snap.controls if c.label == label), None)
        arrow = self.snap is not None and label in (self.snap.arrows or {})
        opens_dialog = ctrl is not None and ctrl.name.endswith(("...", "…")) or arrow
        while opens_dialog and time.monotonic() < end and self._window_count() <= windows_before:
            time.sleep(0.05)
        if opens_dialog:
            self._wait_dialog_filled(end, popup=arrow)

    def _wait_dialog_filled(self, deadline: float, popup: bool = False) -> None:
        """A new dialog window appears before its widgets are on the bus: wait for a push button
        (with ``popup``: or a menu item)."""
        from lamkit.envs.writer.observe import showing_windows

        while time.monotonic() < deadline:
            app = self._app()
            wins = [w for _, w in showing_windows(app)] if app is not None else []
            if len(wins) > 1:
                try:
                    found = wins[-1].get_collection_iface().get_matches(
                        _button_rule(self.Atspi, popup), self.Atspi.CollectionSortOrder.CANONICAL, 1, True
                    )
                    if found:
                        return
                except Exception:  # noqa: BLE001 - the window is still being built
                    pass
            time.sleep(0.02)

    def op_settings(self, restore: dict | None = None) -> dict:
        """The profile settings of :mod:`lamkit.envs.writer.profile_settings` as they are now, after
        writing ``restore`` back first (the values an earlier call returned). The environment keeps
        the first answer and passes it at every reset (``WriterEnv._settings_back``): the profile
        outlives episodes, and a worker restarted after a fault must not take a changed profile as
        its baseline."""
        from lamkit.envs.writer import profile_settings

        if restore:
            back = profile_settings.restore(self.bridge.ctx, restore)
            if back:
                _log(f"reset: profile settings restored: {', '.join(back)}")
        return profile_settings.read(self.bridge.ctx)

    def op_state(self) -> dict[str, Any]:
        from lamkit.envs.writer import profile_settings
        from lamkit.envs.writer.uno_state import read_state

        if self.doc is None:
            raise RuntimeError("no document is open: call reset(task) first")
        state = read_state(self.doc)
        try:
            state.options = profile_settings.read(self.bridge.ctx)
        except Exception:  # noqa: BLE001 - left empty: the judge then reads no setting
            pass
        return state.model_dump()

    def op_save(self, path: str) -> str:
        self.bridge.save(self.doc, Path(path))
        return path

    def op_run_uno(self, code: str) -> Any:
        """Run a short UNO script with ``doc`` bound (tests' scripted solutions only)."""
        ns = {"doc": self.doc, "uno": self.bridge.uno}
        exec(compile(code, "<uno-script>", "exec"), ns)  # noqa: S102 - trusted test code, never model output
        return ns.get("result")

    def op_ping(self) -> str:
        app = self._app()
        if app is None:
            raise SofficeGone("soffice is not on the accessibility bus")
        return "pong"


def main(argv: list[str]) -> None:
    import socket
    from multiprocessing.connection import Connection

    sock = socket.socket(fileno=int(argv[1]))
    conn = Connection(sock.detach())
    cfg = conn.recv()
    serve(conn, cfg["env"], cfg["uno_port"], tuple(cfg["screen"]))


if __name__ == "__main__":
    import sys

    main(sys.argv)
