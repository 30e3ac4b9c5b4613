"""Settings of the user profile that the help's procedures change from Writer's Tools menu
(Tools - Options pages, Tools - AutoCorrect - While Typing), read through the UNO configuration
provider.

Why here: these settings are not the document's. They live in the profile, which the
environment keeps across episodes (``processes.start_soffice`` makes it once; ``reset`` only opens
another document), so an episode that changed the UI language or the default file format would
change every later one (a File - Save As... episode would save as Word; after a restart Writer
would speak another language). The worker reads them at its first reset and writes them back at
every later one (:func:`restore`), and the state reader reports them (``DocState.options``) so the
judge can tell whether a procedure changed one. Only the settings listed: the rest of the profile
is not read."""

from __future__ import annotations

from typing import Any

#: (configuration node, property) -> the name the state gives it. Node paths as the registry's
#: schema names them (officecfg/registry/schema/org/openoffice/...).
SETTINGS: dict[tuple[str, str], str] = {
    ("/org.openoffice.Office.Recovery/AutoSave", "Enabled"): "autosave",
    ("/org.openoffice.Office.Recovery/AutoSave", "TimeIntervall"): "autosave_minutes",
    ("/org.openoffice.Office.Common/Save/Document", "CreateBackup"): "backup_copy",
    ("/org.openoffice.Office.Linguistic/General", "UILocale"): "ui_locale",
    ("/org.openoffice.Setup/Office/Factories/com.sun.star.text.TextDocument", "ooSetupFactoryDefaultFilter"): "writer_default_filter",
    ("/org.openoffice.Office.Writer/AutoFunction/Format/ByInput", "Enable"): "autoformat_while_typing",
}


def _access(ctx, node: str, update: bool = False):
    uno = __import__("uno")
    prov = ctx.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
    arg = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    arg.Name, arg.Value = "nodepath", node
    service = "com.sun.star.configuration.ConfigurationUpdateAccess" if update else "com.sun.star.configuration.ConfigurationAccess"
    return prov.createInstanceWithArguments(service, (arg,))


def read(ctx) -> dict[str, Any]:
    """The listed settings' current values, by their state names; one that cannot be read is left out."""
    out: dict[str, Any] = {}
    for (node, prop), name in SETTINGS.items():
        try:
            v = _access(ctx, node).getPropertyValue(prop)
            out[name] = v if isinstance(v, (bool, int, float, str)) or v is None else str(v)
        except Exception:  # noqa: BLE001 - a node another version lacks
            pass
    return out


def restore(ctx, values: dict[str, Any]) -> list[str]:
    """Write ``values`` (as :func:`read` gave them) back where they differ now; the names written."""
    now = read(ctx)
    done: list[str] = []
    for (node, prop), name in SETTINGS.items():
        if name not in values or now.get(name) == values[name]:
            continue
        try:
            acc = _access(ctx, node, update=True)
            acc.setPropertyValue(prop, values[name])
            acc.commitChanges()
            done.append(name)
        except Exception:  # noqa: BLE001
            pass
    return done
