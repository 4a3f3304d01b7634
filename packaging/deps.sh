# deps.sh — the Debian 12 packages Vitrina needs, in one place.
# Sourced by run.sh, test.sh and the package checks; `vt_install_missing`
# installs whatever is not installed yet (apt-get, as root or through sudo).

# Build: compiler, CMake and the -dev packages of every library we link.
VT_BUILD_DEPS="build-essential cmake pkg-config gettext
 libavformat-dev libavcodec-dev libswscale-dev libswresample-dev libavutil-dev
 libsdl2-dev libass-dev libinotifytools0-dev libinih-dev libjansson-dev
 libuchardet-dev libevdev-dev libsystemd-dev libcmocka-dev"
# Run: data and fonts read at run time (the libraries come with the -dev packages).
VT_RUN_DEPS="iso-codes fonts-noto-core fonts-noto-cjk fontconfig"
# Demo folder (run.sh): clips are generated with the ffmpeg CLI and espeak-ng.
VT_DEMO_DEPS="ffmpeg espeak-ng"
# Tests: media generation, headless X, real key events, an IPC client nobody
# here wrote (socat), inotify-tools' CLI, the benchmark peers (ffplay comes
# with ffmpeg, mpv), and the Debian package checks.
VT_TEST_DEPS="ffmpeg espeak-ng python3 xvfb xauth xdotool socat inotify-tools mpv rsync procps time
 debhelper dpkg-dev fakeroot lintian debootstrap systemd systemd-container man-db"

vt_install_missing() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing missing Debian packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "error: run as root (or install: ${missing[*]})" >&2; return 1; }
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
