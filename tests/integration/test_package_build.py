#!/usr/bin/env python3
# ctest-labels: package
# ctest-timeout: 900
"""The Debian package: build it (packaging/build-deb.sh) and check what it
ships — files and modes (dpkg-deb -c), conffiles, the generated config file
and man pages, control fields against packaging/deps.sh, a release build
(no debug hooks), lintian with no errors, and `systemd-analyze verify` on the
unit. Needs: debhelper, dpkg-dev, fakeroot, lintian, systemd, man-db."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ.get("VITRINA_SRC", os.path.join(os.path.dirname(__file__), "..", "..")),
                                "packaging", "testlib"))
import vtpkg  # noqa: E402
from vtpkg import check, run  # noqa: E402

EXPECTED = {
    # path: (mode string, owner)
    "./usr/bin/vitrina": ("-rwxr-xr-x", "root/root"),
    "./usr/bin/vitrinactl": ("-rwxr-xr-x", "root/root"),
    "./etc/vitrina/vitrina.conf": ("-rw-r--r--", "root/root"),
    "./etc/default/vitrina": ("-rw-r--r--", "root/root"),
    "./lib/systemd/system/vitrina.service": ("-rw-r--r--", "root/root"),
    "./usr/lib/sysusers.d/vitrina.conf": ("-rw-r--r--", "root/root"),
    "./usr/lib/tmpfiles.d/vitrina.conf": ("-rw-r--r--", "root/root"),
    "./usr/lib/systemd/logind.conf.d/vitrina.conf": ("-rw-r--r--", "root/root"),
    "./usr/share/man/man1/vitrina.1.gz": ("-rw-r--r--", "root/root"),
    "./usr/share/man/man1/vitrinactl.1.gz": ("-rw-r--r--", "root/root"),
    "./usr/share/man/man5/vitrina.conf.5.gz": ("-rw-r--r--", "root/root"),
    "./usr/share/doc/vitrina/copyright": ("-rw-r--r--", "root/root"),
}


def deps_sh(var):
    out = run(["bash", "-c", '. "$1"; echo ${!2}', "-", os.path.join(vtpkg.SRC, "packaging", "deps.sh"), var]).stdout
    return out.split()


def check_contents(deb):
    listing = run(["dpkg-deb", "-c", deb]).stdout.splitlines()
    entries = {}
    for ln in listing:
        f = ln.split()
        entries[f[5]] = (f[0], f[1])
    for path, (mode, owner) in EXPECTED.items():
        check(entries.get(path) == (mode, owner),
              "%s is shipped as %s %s (got %s)" % (path, mode, owner, entries.get(path)))
    check(not any(p.startswith("./srv") for p in entries),
          "nothing under /srv is shipped (the media folder is made by tmpfiles.d, never owned by dpkg)")
    check(not any(p.startswith(("./var/lib", "./run", "./home", "./tmp")) for p in entries),
          "no state, runtime or home files are shipped")
    arch_dirs = [p for p in entries if re.search(r"/(x86_64|aarch64|arm)-linux-gnu", p)]
    check(not arch_dirs, "no architecture-specific paths (%s)" % arch_dirs)
    # UI translations: every player/po/LANG.po becomes LANG/LC_MESSAGES/vitrina.mo
    # once the player's CMake builds them.
    top = vtpkg.source_text("CMakeLists.txt")
    if "player/po" in top:
        po = [f[:-3] for f in vtpkg.source_listdir("player/po") if f.endswith(".po")]
        for lang in po:
            p = "./usr/share/locale/%s/LC_MESSAGES/vitrina.mo" % lang
            check(p in entries, "UI translation %s is shipped" % p)


def check_control(deb):
    conffiles = run(["bash", "-c", 'd=$(mktemp -d); dpkg-deb -e "$1" "$d"; cat "$d/conffiles"; rm -rf "$d"',
                     "-", deb]).stdout.split()
    check(sorted(conffiles) == ["/etc/default/vitrina", "/etc/vitrina/vitrina.conf"],
          "conffiles are /etc/vitrina/vitrina.conf and /etc/default/vitrina (got %s)" % conffiles)
    depends = vtpkg.deb_field(deb, "Depends")
    names = vtpkg.dep_names(depends)
    for p in deps_sh("VT_RUN_DEPS"):
        check(p in names, "Depends has %s (packaging/deps.sh VT_RUN_DEPS)" % p)
    for lib in ("libavformat", "libavcodec", "libsdl2", "libsystemd0", "libjansson", "libinih"):
        check(any(n.startswith(lib) for n in names), "Depends has a %s* library (dh_shlibdeps)" % lib)
    check("systemd" in names, "Depends on systemd (sysusers, tmpfiles, the service)")
    control = open(os.path.join(vtpkg.SRC, "packaging", "debian", "control")).read()
    bd = control.split("Build-Depends:", 1)[1].split("\n\n")[0].split("Standards-Version")[0]
    bnames = vtpkg.dep_names(bd.replace("\n", " "))
    # build-essential is implied for every Debian build; cmocka only builds tests.
    for p in deps_sh("VT_BUILD_DEPS"):
        if p in ("build-essential", "libcmocka-dev"):
            continue
        check(p in bnames, "Build-Depends has %s (packaging/deps.sh VT_BUILD_DEPS)" % p)
    check(vtpkg.deb_field(deb, "Architecture") == run(["dpkg", "--print-architecture"]).stdout.strip(),
          "built for this machine's architecture (control says Architecture: any)")
    cmake_ver = re.search(r"project\(vitrina VERSION ([0-9.]+)", vtpkg.source_text("CMakeLists.txt"))
    debver = vtpkg.deb_field(deb, "Version")
    check(cmake_ver and debver.split("-")[0] == cmake_ver.group(1),
          "package version %s matches CMakeLists.txt's %s (debian/changelog)" % (debver, cmake_ver and cmake_ver.group(1)))


def check_payload(deb, tmp):
    x = os.path.join(tmp, "x")
    run(["dpkg-deb", "-x", deb, x])
    vitrina = os.path.join(x, "usr/bin/vitrina")
    dump = run([vitrina, "--config", "none", "--dump-config"]).stdout
    conf = open(os.path.join(x, "etc/vitrina/vitrina.conf")).read()
    check(conf == dump, "/etc/vitrina/vitrina.conf is exactly the packaged player's --dump-config")
    settings = re.split(r"^\[", conf, maxsplit=1, flags=re.M)[0]   # before [language-names]
    keys = re.findall(r"^#([a-z][a-z0-9-]*) =", settings, re.M)
    check(len(keys) >= 20 and "media-dir" in keys and "audio-device" in keys,
          "the config file lists every key, commented out (%d keys)" % len(keys))
    ver = run([vitrina, "--version"]).stdout
    check(vtpkg.deb_field(deb, "Version").split("-")[0] in ver, "vitrina --version says %s" % ver.strip())
    # The release build has no debug hooks: the freeze command is not compiled in.
    strings = run(["strings", "-a", vitrina]).stdout
    check("vitrina-debug-freeze" not in strings and "debug hook" not in strings,
          "the packaged player has no debug hooks (-DVITRINA_DEBUG_HOOKS=OFF)")
    # Man pages render without warnings, and vitrina.conf(5) documents every key.
    env = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80", MAN_KEEP_FORMATTING="0")
    pages = {}
    for page in ("man1/vitrina.1.gz", "man1/vitrinactl.1.gz", "man5/vitrina.conf.5.gz"):
        p = run(["man", "--warnings", "-l", os.path.join(x, "usr/share/man", page)], env=env)
        check(p.stderr.strip() == "", "man -l %s renders without warnings (%s)" % (page, p.stderr.strip()[:300]))
        check(len(p.stdout.splitlines()) > 40, "man -l %s has content (%d lines)" % (page, len(p.stdout.splitlines())))
        pages[page] = re.sub(r".\x08", "", p.stdout)
    conf5 = pages["man5/vitrina.conf.5.gz"]
    missing = [k for k in keys if not re.search(r"^\s+%s = " % re.escape(k), conf5, re.M)]
    check(not missing, "vitrina.conf(5) documents every key of the config file (missing: %s)" % missing)
    help_opts = set(re.findall(r"--(?:\[no-\])?([a-z][a-z0-9-]+)", run([vitrina, "--help"]).stdout))
    man1 = pages["man1/vitrina.1.gz"]
    missing = sorted(o for o in help_opts if ("--" + o) not in man1 and ("--[no-]" + o) not in man1)
    check(not missing, "vitrina(1) documents every option of --help (missing: %s)" % missing)
    ctl_help = run([os.path.join(x, "usr/bin/vitrinactl"), "--help"]).stdout
    cmds = re.findall(r"^  ([a-z]+)", ctl_help.split("Commands:")[1].split("Options:")[0], re.M)
    man_ctl = pages["man1/vitrinactl.1.gz"]
    check(cmds and all(re.search(r"^\s+%s\b" % c, man_ctl, re.M) for c in cmds),
          "vitrinactl(1) documents every command (%s)" % " ".join(cmds))
    return x


def check_unit(x):
    unit = os.path.join(x, "lib/systemd/system/vitrina.service")
    text = open(unit).read()
    # verify needs ExecStart= to exist: point it at the extracted binary.
    tmpunit = os.path.join(os.path.dirname(x), "vitrina.service")
    with open(tmpunit, "w") as f:
        f.write(text.replace("ExecStart=/usr/bin/vitrina", "ExecStart=" + os.path.join(x, "usr/bin/vitrina")))
    p = run(["systemd-analyze", "verify", "--man=no", tmpunit], check_rc=False)
    check(p.returncode == 0 and p.stderr.strip() == "",
          "systemd-analyze verify: no complaints about vitrina.service (%s)" % p.stderr.strip()[:500])
    sysusers = open(os.path.join(x, "usr/lib/sysusers.d/vitrina.conf")).read()
    for g in ("video", "render", "input", "audio", "vitrina-media"):
        check(re.search(r"^m vitrina %s$" % g, sysusers, re.M), "sysusers.d puts vitrina in group %s" % g)
    logind = open(os.path.join(x, "usr/lib/systemd/logind.conf.d/vitrina.conf")).read()
    check(re.search(r"^\[Login\]$", logind, re.M) and re.search(r"^HandlePowerKey=ignore$", logind, re.M),
          "the logind drop-in ignores the power key")


def check_lintian(deb):
    changes = deb.rsplit("_", 1)[0] + "_" + vtpkg.deb_field(deb, "Architecture") + ".changes"
    p = run(["lintian", "--fail-on", "error", "--display-info", changes], check_rc=False, timeout=300)
    tags = [ln for ln in p.stdout.splitlines() if re.match(r"^[EWIPX]: ", ln)]
    print("lintian:\n  " + "\n  ".join(tags or ["(no tags)"]), flush=True)
    errors = [t for t in tags if t.startswith("E: ")]
    check(p.returncode == 0 and not errors, "lintian reports no errors (%s)" % errors)
    # Every warning must be one the README explains; today there are none.
    warnings = [t for t in tags if t.startswith("W: ")]
    check(not warnings, "lintian reports no warnings (%s)" % warnings)


def body():
    deb = vtpkg.ensure_deb()
    check_contents(deb)
    check_control(deb)
    with tempfile.TemporaryDirectory(prefix="vt-deb-") as tmp:
        x = check_payload(deb, tmp)
        check_unit(x)
    check_lintian(deb)


if __name__ == "__main__":
    vtpkg.main(body)
