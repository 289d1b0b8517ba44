#!/usr/bin/env python3
"""manpage.py BAOMI OUT — baomi(1) in roff, generated from the binary's own help.

Runs `BAOMI help` for the command list and `BAOMI help COMMAND` for each command,
and writes one page holding both languages as the help does (zh first, en beside
it). Built by meson (dist/meson.build) and installed as man1/baomi.1 and
zh_CN/man1/baomi.1; the page never drifts from `baomi help`.
"""
import os
import re
import subprocess
import sys


def run(baomi, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BAOMI_")}
    env["LC_ALL"] = "C.UTF-8"
    return subprocess.run([baomi, *args], check=True, capture_output=True, text=True, env=env).stdout


def roff(text):
    out = []
    for line in text.rstrip("\n").split("\n"):
        line = line.replace("\\", "\\e")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def main(baomi, path):
    top = run(baomi, "help")
    version = run(baomi, "--version").strip().split()[-1]
    commands = []
    for line in top.split("\n"):
        m = re.match(r"^  ([a-z][a-z-]*)\s+\S", line)
        if m and m.group(1) not in commands and m.group(1) != "baomi":
            commands.append(m.group(1))
    if len(commands) < 5:
        sys.exit(f"manpage.py: found only {commands!r} in `baomi help`")
    page = [
        f'.TH BAOMI 1 "" "baomi {version}" "baomi 保密管理系统 / confidentiality management"',
        ".SH NAME",
        "baomi \\- 保密管理系统：涉密载体台账、制度规则、SM3 审计链 / "
        "confidentiality management: carrier ledger, policy rules, SM3 audit chain",
        ".SH SYNOPSIS",
        ".B baomi",
        ".I COMMAND",
        "[options]",
        ".br",
        ".B baomi serve --config /etc/baomi/baomi.conf",
        ".SH DESCRIPTION",
        ".nf",
        roff(top),
        ".fi",
        ".SH COMMANDS 命令",
    ]
    for c in commands:
        if c == "help":
            continue
        page += [f".SS {c}", ".nf", roff(run(baomi, "help", c)), ".fi"]
    page += [
        ".SH FILES 文件",
        ".TP",
        ".I /etc/baomi/baomi.conf",
        "baomi serve --config 与 baomi backup --config 读取的配置（key = value）/ the settings "
        "read by serve and backup: listen, database, threads, tls_cert, tls_key, backup_dir, "
        "max_connections, max_connections_per_ip, connection_timeout; command-line flags win.",
        ".TP",
        ".I /var/lib/baomi/baomi.db",
        "数据库（及 .sm2key、.checkpoints）/ the database, its audit key and checkpoints.",
        ".TP",
        ".I /var/backups/baomi",
        "夜间备份（baomi-backup.timer）/ the nightly backups.",
        ".SH SEE ALSO",
        "systemctl(1): baomi.service, baomi-backup.timer",
        "",
    ]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(page))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
