#!/usr/bin/env python3
# ctest-labels: package
# ctest-timeout: 120
"""packaging/debian/vitrina.service has the settings the appliance relies on
(../shared/notes/remote-and-boot.md), none of the ones known to break DRM,
input, ALSA or VAAPI, and its hardening keeps the `systemd-analyze security`
exposure low. Prints the score with and without the hardening block (the
numbers README quotes). Static: no build needed; test_service_systemd.py
runs the unit for real."""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ.get("VITRINA_SRC", os.path.join(os.path.dirname(__file__), "..", "..")),
                                "packaging", "testlib"))
import vtpkg  # noqa: E402
from vtpkg import check, run  # noqa: E402

UNIT = os.path.join(vtpkg.SRC, "packaging", "debian", "vitrina.service")
MAX_EXPOSURE = 2.0

REQUIRED = {
    "Conflicts": "getty@tty1.service",
    "Type": "notify",
    "WatchdogSec": "20",
    "Restart": "always",
    "User": "vitrina",
    "TTYPath": "/dev/tty1",
    "TTYReset": "yes",
    "TTYVHangup": "yes",
    "StandardInput": "tty-fail",
    "StandardOutput": "journal",
    "RuntimeDirectory": "vitrina",
    "StateDirectory": "vitrina",
    "StartLimitIntervalSec": "0",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "NoNewPrivileges": "yes",
    "ProtectKernelTunables": "yes",
    "ProtectKernelModules": "yes",
    "ProtectKernelLogs": "yes",
    "ProtectControlGroups": "yes",
    "IPAddressDeny": "any",
    "RestrictAddressFamilies": "AF_UNIX AF_NETLINK",
    "WantedBy": "multi-user.target",
}
# Known to break the appliance (see the unit's comment for why).
FORBIDDEN = ("PrivateDevices", "PrivateNetwork", "DevicePolicy", "DeviceAllow", "ProtectClock",
             "MemoryDenyWriteExecute", "ProcSubset", "PrivateUsers", "DynamicUser")


def settings(text):
    out = {}
    for ln in text.splitlines():
        m = re.match(r"^([A-Za-z]+)=(.*)$", ln)
        if m:
            out.setdefault(m.group(1), []).append(m.group(2))
    return out


def exposure(unit_text, tmp, name):
    d = os.path.join(tmp, name)
    os.makedirs(d)
    path = os.path.join(d, "vitrina.service")
    with open(path, "w") as f:
        f.write(unit_text)
    out = run(["systemd-analyze", "security", "--offline=true", "--no-pager", path], check_rc=False).stdout
    m = re.search(r"Overall exposure level for vitrina.service: ([0-9.]+)", out)
    if not m:
        raise vtpkg.TestFailure("no exposure level in systemd-analyze output:\n" + out[-2000:])
    return float(m.group(1)), out


def body():
    text = open(UNIT).read()
    s = settings(text)
    for key, value in REQUIRED.items():
        check(value in s.get(key, []), "%s=%s (got %s)" % (key, value, s.get(key)))
    groups = " ".join(s.get("SupplementaryGroups", [])).split()
    for g in ("video", "render", "input", "audio"):
        check(g in groups, "SupplementaryGroups has %s" % g)
    env = " ".join(s.get("Environment", [])).split()
    check("SDL_VIDEODRIVER=kmsdrm" in env and "SDL_AUDIODRIVER=alsa" in env,
          "Environment= sets SDL_VIDEODRIVER=kmsdrm SDL_AUDIODRIVER=alsa")
    check(any(v.lstrip("-") == "/srv/vitrina/media" for v in s.get("ReadOnlyPaths", [])),
          "ReadOnlyPaths= has the media folder")
    check("-/srv/vitrina/media" in s.get("ReadOnlyPaths", []),
          "a missing media folder does not stop the service (ReadOnlyPaths=-…)")
    check(any(v.startswith("-/etc/default/vitrina") for v in s.get("EnvironmentFile", [])),
          "optional EnvironmentFile=-/etc/default/vitrina (AUDIODEV)")
    bad = [k for k in FORBIDDEN if k in s and not all(v in ("", "no", "false", "auto") for v in s[k])]
    check(not bad, "none of %s (would break DRM, input, ALSA, VAAPI or hot-plug): %s" % (", ".join(FORBIDDEN), bad))

    p = run(["systemd-analyze", "verify", "--man=no", UNIT], check_rc=False)
    problems = [ln for ln in p.stderr.splitlines() if "is not executable" not in ln]
    check(not problems, "systemd-analyze verify finds nothing but the missing binary (%s)" % problems)

    with tempfile.TemporaryDirectory(prefix="vt-unit-") as tmp:
        after, report = exposure(text, tmp, "after")
        # Without the hardening block (from its comment to [Install]) and UMask=.
        bare = re.sub(r"\n# Hardening\..*?(?=\n\[Install\])", "\n", text, flags=re.S)
        bare = re.sub(r"^UMask=.*\n", "", bare, flags=re.M)
        check("ProtectSystem" not in bare and "[Install]" in bare, "the hardening block can be cut out for comparison")
        before, _ = exposure(bare, tmp, "before")
    print("systemd-analyze security vitrina.service: exposure %.1f without hardening, %.1f with it" % (before, after))
    print("remaining items:\n  " + "\n  ".join(ln.strip() for ln in report.splitlines() if ln.startswith("✗")))
    check(after <= MAX_EXPOSURE, "exposure %.1f ≤ %.1f" % (after, MAX_EXPOSURE))
    check(before - after >= 5, "the hardening lowers the exposure by at least 5 (%.1f → %.1f)" % (before, after))


if __name__ == "__main__":
    vtpkg.main(body)
