"""One masker for every producer (issue 14): no canary secret or subscriber identifier survives, in any
syntax of the five platforms, in any of the forms a secret reaches evidence (config line, TACACS+ ``cmd=``,
syslog ``logged command:``), through any output format (JSON, CSV, HTML, terminal table) or the state DB."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.console import Console
from secret_syntaxes import CANARY_ROWS, SUBSCRIBER_ROWS, canary, subscriber_canary

from carrierwatch import statedb
from carrierwatch.findings import Category, Evidence, Finding, RunResult, Severity
from carrierwatch.masking import MASK, mask_evidence
from carrierwatch.report.csv_out import render_csv
from carrierwatch.report.html import render_html
from carrierwatch.report.table import print_all

PLATFORMS = {"ios", "nxos", "iosxr", "junos", "eos"}


def _line(n: int) -> str:
    return CANARY_ROWS[n][2].replace("{S}", canary(n)).replace("{{", "{")


def _forms(line: str) -> list[str]:
    """The config line, and unless it is Junos curly text, the accounting and syslog spellings of the command."""
    if line.rstrip().endswith(("{", "SECRET-DATA")):
        return [line]
    cmd = line.strip()
    return [line, f"cmd={cmd} <cr>", f"%PARSER-5-CFGLOG_LOGGEDCMD: User:ops  logged command:{cmd}"]


def _subscriber_line(n: int) -> tuple[str, str]:
    kind, tmpl = SUBSCRIBER_ROWS[n]
    value = subscriber_canary(kind, n)
    return tmpl.replace("{S}", value), value


def test_the_table_spans_eighty_syntaxes_and_five_platforms() -> None:
    assert len(CANARY_ROWS) >= 80
    assert {row[0] for row in CANARY_ROWS} == PLATFORMS
    assert len({(row[0], row[2]) for row in CANARY_ROWS}) == len(CANARY_ROWS)  # no row twice
    assert len({row[2] for row in CANARY_ROWS}) >= 80  # at least 80 distinct spellings


@pytest.mark.parametrize("n", range(len(CANARY_ROWS)), ids=[f"{r[0]}-{r[1]}-{i}" for i, r in enumerate(CANARY_ROWS)])
def test_every_syntax_is_masked_in_every_form(n: int) -> None:
    secret = canary(n)
    for form in _forms(_line(n)):
        out = mask_evidence(form)
        assert secret not in out and "Zq/9" not in out, out
        assert MASK in out
        assert mask_evidence(out) == out  # idempotent
        assert out.split()[0] == form.split()[0]  # the keyword stays: the evidence still says what it is


@pytest.mark.parametrize("n", range(len(SUBSCRIBER_ROWS)))
def test_subscriber_identifiers_are_tokenised(n: int) -> None:
    line, value = _subscriber_line(n)
    out = mask_evidence(line)
    assert value not in out and value[-10:] not in out
    kind = SUBSCRIBER_ROWS[n][0]
    assert f"<{kind}:" in out
    assert mask_evidence(line) == out and mask_evidence(out) == out  # same token within a run; idempotent


def test_plain_numbers_are_not_subscribers() -> None:
    for text in ("task_id=41 start_time=1794823201", "ntp server 10.1.1.1 key 1", "seq 000123456 at 10:00:01",
                 "Acct-Session-Id = \"00000010\"", "show configuration commit changes 1000000123"):
        assert mask_evidence(text) == text


_PREFIX_WORDS = {"sha512", "sha256", "sha1", "md5", "sha", "local", "remote", "hash", "encrypted", "unencrypted",
                 "clear", "ascii-text", "hexadecimal", "ascii", "hex", "text", "password", "value", "level",
                 "encryption", "address", "hostname", "required", "chain", "mode", "option", "policy"}


@settings(deadline=None, max_examples=400)
@given(st.integers(0, len(CANARY_ROWS) - 1),
       st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, blacklist_characters='"*{};'),
               min_size=8, max_size=40))
def test_any_secret_in_any_syntax_is_masked(n: int, secret: str) -> None:
    assume(secret.lower() not in _PREFIX_WORDS and not secret.isdigit())
    line = CANARY_ROWS[n][2].replace("{S}", secret).replace("{{", "{")
    for form in _forms(line):
        assert secret not in mask_evidence(form)


def _canary_run() -> tuple[RunResult, list[str]]:
    """A run whose findings carry every canary form as evidence, built the way every producer builds it."""
    secrets: list[str] = []
    findings = []
    for n, (platform, protocol, _) in enumerate(CANARY_ROWS):
        secrets.append(canary(n))
        ev = [Evidence(f"evidence/{platform}.cfg", k + 1, form) for k, form in enumerate(_forms(_line(n)))]
        findings.append(Finding(f"cw.test.{platform}.{n}", f"{protocol} on {platform}", Severity.HIGH,
                                Category.AUDIT, device=f"{platform}-{n}", evidence=ev))
    for n in range(len(SUBSCRIBER_ROWS)):
        line, value = _subscriber_line(n)
        secrets.append(value)
        findings.append(Finding(f"cw.test.sub.{n}", "AAA record", Severity.MEDIUM, Category.BEHAVIOR,
                                device="aaa", evidence=[Evidence("evidence/aaa.log", n + 1, line)]))
    return RunResult(command="hunt", findings=findings), secrets


def _outputs(result: RunResult, tmp: Path) -> dict[str, str]:
    console_out = io.StringIO()
    print_all(result, Console(file=console_out, width=200, force_terminal=False, color_system=None),
              limit=len(result.findings))
    engine = statedb.connect(f"sqlite:///{tmp / 'state.db'}")
    statedb.save_run(engine, result)
    back = statedb.load_findings(engine)
    engine.dispose()
    return {
        "json": result.to_json(),
        "csv": render_csv(result),
        "html": render_html(result),
        "table": console_out.getvalue(),
        "statedb": (tmp / "state.db").read_bytes().decode("utf-8", "replace"),
        "statedb-load": "\n".join(e.text for f in back for e in f.evidence),
    }


def test_no_canary_survives_any_output_or_the_state_db(tmp_path: Path) -> None:
    result, secrets = _canary_run()
    outputs = _outputs(result, tmp_path)
    for fmt, text in outputs.items():
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{fmt}: {len(leaked)} canaries survive, e.g. {leaked[:3]}"
    assert outputs["json"].count(MASK) >= len(CANARY_ROWS)  # the evidence is there, masked
    assert "<imsi:" in outputs["statedb-load"] and "<msisdn:" in outputs["statedb-load"]


def test_hunt_over_real_inputs_leaks_nothing(tmp_path: Path) -> None:
    """End to end: TACACS+ accounting whose user is an IMSI, whose remote address is an MSISDN and whose commands
    carry secrets, a syslog ``logged command`` with a key, and an IOS config full of canaries."""
    from carrierwatch.app.runs import hunt_workspace as hunt
    from carrierwatch.workspace import open_workspace

    ev = tmp_path / "evidence"
    ev.mkdir()
    imsi, msisdn = "001010000000777", "+491500000042"
    key1, key2, key3 = "Tk1$Canary/aa", "Tk2$Canary/bb", "Tk3$Canary/cc"
    (ev / "tacacs.acct").write_text(
        f"Nov 16 10:00:09\tpe1-nyc\t{imsi}\ttty2\t{msisdn}\tstop\ttask_id=43\tservice=shell\tpriv-lvl=15\t"
        f"cmd=tacacs-server host 203.0.113.50 key 7 {key1} <cr>\n"
        f"Nov 16 10:00:10\tpe1-nyc\t{imsi}\ttty2\t{msisdn}\tstop\ttask_id=44\tservice=shell\tpriv-lvl=15\t"
        f"cmd=monitor capture cap1 start <cr>\n", encoding="utf-8")
    (ev / "pe1.log").write_text(
        "Nov 16 10:01:01 pe1-nyc 1: Nov 16 10:01:01 UTC: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops  logged "
        f"command:tacacs-server host 203.0.113.51 key 7 {key2}\n", encoding="utf-8")
    ios = [line for (platform, _, _), line in zip(CANARY_ROWS, map(_line, range(len(CANARY_ROWS))), strict=True)
           if platform == "ios"]
    (ev / "pe2.cfg").write_text("hostname pe2\n!\n" + "\n".join(ios) + f"\nsnmp-server community {key3} RW\n!\nend\n",
                                encoding="utf-8")
    ws = open_workspace(tmp_path / "ws")
    result, extras = hunt([ev], ws, default_year=2026)
    assert {i.kind for i in result.inputs} >= {"tacacs", "syslog", "config"}
    assert result.findings
    secrets = [imsi, msisdn, key1, key2, key3] + [canary(n) for n, r in enumerate(CANARY_ROWS) if r[0] == "ios"]
    outputs = _outputs(result, tmp_path)
    for fmt, text in outputs.items():
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{fmt}: {leaked[:3]}"
    evidence = "\n".join(e.text for f in result.findings for e in f.evidence)
    assert "<imsi:" in evidence and MASK in evidence  # the AAA records and masked lines are in the findings
