#!/usr/bin/env python3
"""Doc-comment coverage of the PGDump library's public API.

Walks Sources/PGDump/**/*.swift, finds every public or open declaration (types, functions,
initializers, properties, subscripts, type aliases, members of a `public extension` or a public
protocol, and the cases of a public enum, one per name), and counts those with a `///` or
`/** */` doc comment directly above them (attribute lines such as `@inlinable` may sit between).
An extension line itself is not a declaration: its public members are.

Prints every undocumented declaration as file:line and the percentage documented; exits 1 when
the percentage is below --min (default 95). No dependencies beyond Python 3.

    python3 .ci/api-doc-coverage.py [--min 95] [--root Sources/PGDump] [--quiet]
"""
import argparse
import os
import re
import sys

DECL_KEYWORDS = {
    "func", "init", "var", "let", "enum", "struct", "class", "protocol", "typealias",
    "extension", "subscript", "actor", "case", "associatedtype", "macro", "deinit",
}
TYPE_KEYWORDS = {"enum", "struct", "class", "protocol", "actor", "extension"}
MODIFIERS = {
    "public", "open", "private", "fileprivate", "internal", "package", "static", "final",
    "convenience", "required", "mutating", "nonmutating", "override", "indirect", "lazy",
    "weak", "unowned", "dynamic", "optional", "nonisolated", "isolated", "consuming",
    "borrowing", "distributed", "prefix", "postfix", "infix", "class",
}
NON_PUBLIC_ACCESS = {"private", "fileprivate", "internal", "package"}


def strip_code(text):
    """Return the text with comments and string-literal contents removed, newlines kept, so that
    braces and keywords can be read line by line. Handles nested block comments, multi-line and
    raw strings, and string interpolation (whose code is kept)."""
    out = []
    i, n = 0, len(text)
    # Each frame: ("code", paren_depth_or_None) or ("str", multiline, hashes).
    stack = [("code", None)]
    while i < n:
        top = stack[-1]
        c = text[i]
        if top[0] == "code":
            if text.startswith("//", i):
                j = text.find("\n", i)
                i = n if j < 0 else j
                continue
            if text.startswith("/*", i):
                depth, i = 1, i + 2
                while i < n and depth:
                    if text.startswith("/*", i):
                        depth, i = depth + 1, i + 2
                    elif text.startswith("*/", i):
                        depth, i = depth - 1, i + 2
                    else:
                        if text[i] == "\n":
                            out.append("\n")
                        i += 1
                continue
            m = re.compile(r'(#*)("""|")').match(text, i)
            if m and (m.group(1) == "" or c == "#"):
                hashes = len(m.group(1))
                multiline = m.group(2) == '"""'
                stack.append(("str", multiline, hashes))
                out.append('"')
                i = m.end()
                continue
            if c == "(" and top[1] is not None:
                stack[-1] = ("code", top[1] + 1)
            elif c == ")" and top[1] is not None:
                if top[1] == 0:
                    stack.pop()
                    i += 1
                    continue
                stack[-1] = ("code", top[1] - 1)
            out.append(c)
            i += 1
        else:
            _, multiline, hashes = top
            close = ('"""' if multiline else '"') + "#" * hashes
            if c == "\n":
                out.append("\n")
                i += 1
                if not multiline:  # unterminated single-line string: give up on it
                    stack.pop()
                continue
            if c == "\\" and text.startswith("#" * hashes, i + 1):
                k = i + 1 + hashes
                if k < n and text[k] == "(":
                    stack.append(("code", 0))
                    i = k + 1
                    continue
                if hashes == 0 or k > i + 1:
                    if k < n and text[k] == "\n":
                        out.append("\n")
                    i = k + 1
                    continue
            if text.startswith(close, i):
                stack.pop()
                out.append('"')
                i += len(close)
                continue
            i += 1
    return "".join(out)


ATTRIBUTE = re.compile(r"@[A-Za-z_][A-Za-z0-9_]*(\s*\([^()]*(\([^()]*\)[^()]*)*\))?\s*")
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\([a-z]+\))?")


def parse_decl(code_line):
    """Split a stripped line into (modifiers, keyword, rest) when it starts a declaration."""
    s = code_line.strip()
    while s.startswith("@"):
        m = ATTRIBUTE.match(s)
        if not m:
            return None
        s = s[m.end():]
    mods = []
    while True:
        m = IDENT.match(s)
        if not m:
            return None
        word = m.group(0)
        base = word.split("(")[0]
        if base in MODIFIERS and not (base == "class" and _class_is_keyword(s[m.end():])):
            mods.append(base)
            s = s[m.end():].lstrip()
            continue
        if base in DECL_KEYWORDS:
            return mods, base, s[m.end():].strip()
        return None


def _class_is_keyword(rest):
    """`class` is a type keyword when a name follows, a modifier when `func`/`var`/... follows."""
    m = IDENT.match(rest.strip())
    return not (m and m.group(0) in DECL_KEYWORDS | MODIFIERS)


def split_cases(rest):
    """Names declared by `case a, b(Int, Int), c = 3`: split on top-level commas."""
    names, depth, cur = [], 0, ""
    for ch in rest:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            names.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        names.append(cur.strip())
    return [re.match(r"`?\w+`?", x).group(0) if re.match(r"`?\w+`?", x) else x for x in names]


def has_doc(raw_lines, index):
    """Whether the declaration on raw_lines[index] has a doc comment directly above it."""
    j = index - 1
    while j >= 0 and raw_lines[j].strip().startswith("@"):
        j -= 1
    if j < 0:
        return False
    prev = raw_lines[j].strip()
    if prev.startswith("///"):
        return True
    if prev.endswith("*/"):
        while j >= 0 and "/*" not in raw_lines[j]:
            j -= 1
        return j >= 0 and raw_lines[j].strip().startswith("/**")
    return False


def scan_file(path):
    """Yield (line_number, text, documented, note) for every public declaration in the file."""
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    raw_lines = raw.split("\n")
    code_lines = strip_code(raw).split("\n")
    assert len(code_lines) == len(raw_lines), path
    depth = 0
    # Scopes: (kind, public, body_depth) where kind is the type keyword.
    scopes = []
    for idx, code in enumerate(code_lines):
        while scopes and depth < scopes[-1][2]:
            scopes.pop()
        decl = parse_decl(code) if code.strip() else None
        if decl:
            mods, keyword, rest = decl
            scope = scopes[-1] if scopes and scopes[-1][2] == depth else None
            explicit_public = "public" in mods or "open" in mods
            implicit_public = (
                scope is not None and scope[1] and scope[0] in ("extension", "protocol")
                and not (set(mods) & NON_PUBLIC_ACCESS)
            )
            is_public = explicit_public or implicit_public
            if keyword == "case":
                if scope is not None and scope[0] == "enum" and scope[1]:
                    names = split_cases(rest)
                    doc = has_doc(raw_lines, idx)
                    for k, name in enumerate(names):
                        note = "" if len(names) == 1 else "several cases on one line: one per line"
                        yield idx + 1, "case " + name, doc and k == 0 and len(names) == 1, note
            elif keyword == "extension":
                pass
            elif is_public:
                yield idx + 1, raw_lines[idx].strip(), has_doc(raw_lines, idx), ""
            if keyword in TYPE_KEYWORDS:
                publicly_visible = is_public and (scope is None or scope[1])
                scopes.append((keyword, publicly_visible, depth + 1))
        depth += code.count("{") - code.count("}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min", type=float, default=95.0, help="lowest passing percentage")
    parser.add_argument("--root", default=os.path.join(here, "..", "Sources", "PGDump"))
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args()
    root = os.path.normpath(args.root)
    base = os.path.normpath(os.path.join(root, "..", ".."))
    total = documented = 0
    missing = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".swift"):
                continue
            path = os.path.join(dirpath, name)
            for line, text, doc, note in scan_file(path):
                total += 1
                if doc:
                    documented += 1
                else:
                    missing.append((os.path.relpath(path, base), line, text, note))
    if not args.quiet:
        for path, line, text, note in missing:
            print(f"{path}:{line}: undocumented: {text}" + (f" ({note})" if note else ""))
    pct = 100.0 * documented / total if total else 100.0
    print(f"public API doc coverage: {documented}/{total} declarations documented ({pct:.1f} %), "
          f"minimum {args.min:g} %")
    return 0 if pct >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
