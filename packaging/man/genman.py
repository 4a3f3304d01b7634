#!/usr/bin/env python3
"""genman.py — fill the man page templates from what the built player prints.

The option table in player/options_table.c is the single source of every
setting. The player prints it two ways, and this script turns both into groff:
  - `vitrina --config none --dump-config` (the commented config file, shipped
    as /etc/vitrina/vitrina.conf) → the key list of vitrina.conf(5) (@KEYS@);
  - `vitrina --help` → the OPTIONS of vitrina(1) (@OPTIONS@);
  - `vitrinactl --help` → COMMANDS and OPTIONS of vitrinactl(1)
    (@CTL_COMMANDS@, @CTL_OPTIONS@).
Templates (packaging/man/NAME.SECTION.in) also get @VERSION@ and @DATE@.

Usage: genman.py --conf FILE --player-help FILE --ctl-help FILE --out DIR
                 [--version V] [--date YYYY-MM-DD|@EPOCH] TEMPLATE.in...
Exits non-zero (with a message) when a source yields nothing: a changed
output format must fail the package build, not ship an empty man page.
"""
import argparse
import datetime
import os
import re
import sys


def esc(text):
    """Escape running text for groff (backslashes, hyphens of options)."""
    text = text.replace("\\", "\\e")
    # Option-like hyphens must stay ASCII minus signs so they can be copied.
    text = re.sub(r"(?<![\w])-", r"\\-", text)
    return text


def line_safe(text):
    """A groff text line must not start with a control character."""
    return "\\&" + text if text[:1] in (".", "'") else text


# --- vitrina.conf(5): from the dumped config file -------------------------

KEY_RE = re.compile(r"^#?([a-z][a-z0-9-]*) = ?(.*)$")


def conf_keys(conf_text):
    """Parse the dumped config: a list of sections, each (title, intro, keys),
    keys a list of (key, default, [comment lines]). INI sections ([name]) are
    kept verbatim as (title, lines) blocks."""
    lines = conf_text.splitlines()
    sections = []   # dicts: kind 'keys' or 'ini'
    cur = None
    comment = []
    for ln in lines:
        if ln.startswith("## "):
            cur = {"kind": "keys", "title": ln[3:].strip(), "keys": []}
            sections.append(cur)
            comment = []
        elif re.match(r"^\[[a-z-]+\]$", ln):
            cur = {"kind": "ini", "title": ln, "lines": []}
            sections.append(cur)
        elif cur is None:
            continue  # the file's own header: described by the template
        elif cur["kind"] == "ini":
            cur["lines"].append(ln[2:] if ln.startswith("# ") else ("" if ln == "#" else ln))
        elif ln.startswith("# ") or ln == "#":
            comment.append(ln[2:])
        elif KEY_RE.match(ln):
            m = KEY_RE.match(ln)
            cur["keys"].append((m.group(1), m.group(2).strip(), comment))
            comment = []
        elif ln.strip() == "":
            comment = []
        else:
            raise SystemExit("genman: unexpected line in the config dump: %r" % ln)
    nkeys = sum(len(s["keys"]) for s in sections if s["kind"] == "keys")
    if nkeys == 0:
        raise SystemExit("genman: no keys found in the config dump")
    return sections


def conf_groff(sections):
    out = []
    for s in sections:
        if s["kind"] == "keys":
            out.append(".SS %s" % esc(s["title"]))
            for key, default, comment in s["keys"]:
                out.append(".TP")
                shown = default if default else "(empty)"
                out.append("\\fB%s\\fR = \\fI%s\\fR" % (opt_esc(key), esc(shown)))
                for c in comment:
                    out.append(line_safe(esc(c)) if c else ".br")
        else:
            out.append(".SS %s" % esc(s["title"]))
            out.append(".nf")
            body = list(s["lines"])
            while body and not body[-1].strip():
                body.pop()
            for ln in body:
                out.append(line_safe(esc(ln)))
            out.append(".fi")
    return out


# --- vitrina(1), vitrinactl(1): from --help -------------------------------

TERM_RE = re.compile(r"^( {2,6})(\S(?:.*?\S)?)(?: {2,}(\S.*))?$")


def desc_column(lines):
    """The column where descriptions start: the most common one among lines
    with a term, two or more spaces, then text."""
    cols = {}
    for ln in lines:
        m = TERM_RE.match(ln)
        if m and m.group(3):
            c = len(ln) - len(m.group(3))
            cols[c] = cols.get(c, 0) + 1
    return max(cols, key=cols.get) if cols else 0


def help_sections(help_text):
    """Split a --help text into {section title: [(term, [desc lines])]}.
    Terms are indented 2–6 spaces; descriptions start in one column (on the
    term's line, or on the next lines when the term is too long). Entries
    before the first titled section go under ''. """
    lines = help_text.splitlines()
    col = desc_column(lines)
    if col < 10:
        raise SystemExit("genman: cannot find the description column of the --help text")
    sections = {}
    order = []
    title = ""
    entries = None
    for ln in lines:
        if not ln.strip():
            continue
        if not ln.startswith(" "):
            m = re.match(r"^([A-Z][A-Za-z ]*):$", ln)
            if m:
                title = m.group(1)
            entries = None
            continue
        indent = len(ln) - len(ln.lstrip(" "))
        if indent >= col - 2 and entries:
            entries[-1][1].append(ln.strip())
            continue
        if indent > 6:
            continue
        if len(ln) > col and ln[col - 1] == " " and ln[col] != " ":
            term, desc = ln[:col].strip(), ln[col:].strip()
        else:
            term, desc = ln.strip(), None
        if entries is None:
            entries = sections.setdefault(title, [])
            if title not in order:
                order.append(title)
        entries.append((term, [desc] if desc else []))
    return order, sections


def opt_esc(name):
    """An option name: every hyphen a minus sign (copy-pasteable)."""
    return esc(name).replace("\\-", "-").replace("-", "\\-")


def term_groff(term):
    """'-h, --help' → bold options, italic arguments."""
    parts = []
    for alt in term.split(", "):
        words = alt.split(" ", 1)
        s = "\\fB%s\\fR" % opt_esc(words[0])
        if len(words) > 1:
            s += " \\fI%s\\fR" % esc(words[1])
        parts.append(s)
    return ", ".join(parts)


def entries_groff(entries, bold_terms=True):
    out = []
    for term, desc in entries:
        out.append(".TP")
        out.append(term_groff(term) if bold_terms else "\\fB%s\\fR" % esc(term))
        for i, d in enumerate(desc):
            if i and d.startswith(("(", "Default:")):
                out.append(".br")
            out.append(line_safe(esc(d)))
    return out


def help_groff(help_text, wanted, what):
    order, sections = help_sections(help_text)
    out = []
    count = 0
    for title in order:
        if wanted is not None and title not in wanted:
            continue
        if title and wanted is None:
            out.append(".SS %s" % esc(title))
        out += entries_groff(sections[title], bold_terms=(title != "Commands"))
        count += len(sections[title])
    if count == 0:
        raise SystemExit("genman: no %s found in the --help text" % what)
    return out


def ctl_commands_groff(help_text):
    order, sections = help_sections(help_text)
    entries = sections.get("Commands", [])
    if not entries:
        raise SystemExit("genman: no commands found in vitrinactl --help")
    out = []
    for term, desc in entries:
        out.append(".TP")
        words = term.split(" ")
        names = []
        args = []
        for w in words:
            (args if (w.isupper() or "|" in w or w == "VALUE") else names).append(w)
        s = " ".join("\\fB%s\\fR" % esc(n) for n in names)
        if args:
            s += " " + " ".join("\\fI%s\\fR" % esc(a) for a in args)
        out.append(s)
        out += [line_safe(esc(d)) for d in desc]
    return out


# --- main -------------------------------------------------------------------

def parse_date(value):
    if value is None:
        value = "@" + os.environ.get("SOURCE_DATE_EPOCH", "0")
    if value.startswith("@"):
        ts = int(value[1:])
        return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d")
    datetime.date.fromisoformat(value)
    return value


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conf", required=True)
    ap.add_argument("--player-help", required=True)
    ap.add_argument("--ctl-help", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--version", default="unknown")
    ap.add_argument("--date")
    ap.add_argument("templates", nargs="+")
    a = ap.parse_args()

    with open(a.conf, encoding="utf-8") as f:
        conf = f.read()
    with open(a.player_help, encoding="utf-8") as f:
        helptext = f.read()
    with open(a.ctl_help, encoding="utf-8") as f:
        ctlhelp = f.read()

    subst = {
        "@VERSION@": esc(a.version),
        "@DATE@": parse_date(a.date),
        "@KEYS@": "\n".join(conf_groff(conf_keys(conf))),
        "@OPTIONS@": "\n".join(help_groff(helptext, None, "options")),
        "@CTL_COMMANDS@": "\n".join(ctl_commands_groff(ctlhelp)),
        "@CTL_OPTIONS@": "\n".join(help_groff(ctlhelp, {"Options"}, "options")),
    }
    os.makedirs(a.out, exist_ok=True)
    for tpl in a.templates:
        name = os.path.basename(tpl)
        if not name.endswith(".in"):
            raise SystemExit("genman: template name must end in .in: %s" % tpl)
        with open(tpl, encoding="utf-8") as f:
            text = f.read()
        for k, v in subst.items():
            text = text.replace(k, v)
        left = re.findall(r"@[A-Z_]+@", text)
        if left:
            raise SystemExit("genman: %s: unknown placeholders %s" % (tpl, ", ".join(sorted(set(left)))))
        with open(os.path.join(a.out, name[:-3]), "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
