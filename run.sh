#!/usr/bin/env bash
# ./run.sh — install what is missing, build, and play the demo folder.
#   windowed when $DISPLAY is set, fullscreen on KMSDRM from a text console,
#   otherwise headless (the log prints what plays).
# Extra arguments go to vitrina (e.g. ./run.sh --shuffle, or another folder).
set -euo pipefail
cd "$(dirname "$0")"
. packaging/deps.sh
vt_install_missing $VT_BUILD_DEPS $VT_RUN_DEPS $VT_DEMO_DEPS

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target vitrina vitrinactl vitrina_po

packaging/demo/make-demo.sh demo

args=(--config none)
if [ $# -eq 0 ] || [[ "${!#}" == -* ]]; then media=(demo); else media=(); fi
if [ -n "${DISPLAY:-}" ]; then
    echo "Playing ./demo in a window (close it or press Ctrl+C to stop)."
    exec build/vitrina "${args[@]}" --windowed "$@" "${media[@]}"
elif tty 2>/dev/null | grep -qE '^/dev/tty[0-9]+$' && ls /dev/dri/card* >/dev/null 2>&1; then
    echo "Playing ./demo fullscreen on this console (KMSDRM). Ctrl+C stops."
    SDL_VIDEODRIVER=kmsdrm exec build/vitrina "${args[@]}" "$@" "${media[@]}"
else
    echo "No display (\$DISPLAY is not set) and not on a text console: playing headless."
    echo "The log below shows what plays. Ctrl+C stops."
    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy exec build/vitrina "${args[@]}" "$@" "${media[@]}"
fi
