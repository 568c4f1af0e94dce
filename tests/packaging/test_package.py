"""The packaged app, built for real with ``make package``, works with no Python: as a field laptop gets it.

One build per run (about a minute, plus installing the pinned build tools the
first time). The built ``intake-app --self-test`` runs from a copy in another
folder with an empty environment; the built ``intake`` registers an
application, prints and verifies a receipt, and syncs it with the built
registry server; ``install.sh`` installs, refuses a damaged copy, and
uninstalls; nothing personal is left in plaintext.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake_app import __version__
from tests.cli.cli_helpers import Cli
from tests.conftest import OFFICER_PW, REGISTRY_PW, ROOT
from tests.records.sample import application, write_scan
from tests.registry.live_server import free_port
from tests.security.plaintext import CANARIES, LATIN_SPELLINGS, find_plaintext_names

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1800),
    pytest.mark.skipif(sys.platform != "linux", reason="the test drives the Linux package (install.sh, tar.gz)"),
]

NAME = f"field-intake-{__version__}-linux-x86_64"


def _bare_env(tmp: Path, **extra: str) -> dict[str, str]:
    """What a field laptop's session has: no Python variables, no virtual environment, no display."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp / "home"), "USER": "amina", "LANG": "C.UTF-8",
           "TMPDIR": str(tmp / "tmp"), "QT_QPA_PLATFORM": "offscreen"}
    for folder in ("home", "tmp"):
        (tmp / folder).mkdir(parents=True, exist_ok=True)
    env.update(extra)
    return env


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def built() -> Iterator[tuple[Path, str]]:
    """``make package`` from this tree; yields the package folder and what the build printed."""
    if shutil.which("make") is None or (not shutil.which("objdump") and os.geteuid() != 0):
        pytest.skip("needs make and binutils (PyInstaller's strip and objdump; make package installs them as root)")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "MAKEFLAGS", "MFLAGS")}
    result = subprocess.run(["make", "package"], cwd=ROOT, capture_output=True, text=True, timeout=1500, env=env,
                            check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    yield ROOT / "dist" / NAME, result.stdout


def test_the_build_reports_its_size_and_passes_its_own_self_test(built):
    folder, printed = built
    size = re.search(r"Package " + re.escape(NAME) + r": ([\d.]+) MiB in (\d+) files; archive .*: ([\d.]+) MiB",
                     printed)
    assert size, printed
    assert 50 < float(size.group(1)) < 400  # unused Qt modules, locales and plugins are left out
    assert "Built package's self-test: passed" in printed
    for name in ("intake-app", "intake", "install.sh", "field-intake.desktop", "field-intake.svg", "SHA256SUMS",
                 "INSTALL.txt"):
        assert (folder / name).is_file(), name
    internal = folder / "_internal"
    assert (internal / "forms" / "asylum_application" / "form.yaml").is_file()
    assert (internal / "translations" / "kk" / "LC_MESSAGES" / "intake.mo").is_file()
    assert (internal / "translations" / "ug" / "LC_MESSAGES" / "receipt.po").is_file()  # draft flags are read
    assert (internal / "fonts" / "DroidSansFallbackFull.ttf").is_file()  # Chinese receipts
    assert (internal / "fonts" / "DroidSansFallback-copyright.txt").is_file()
    assert list(internal.glob("fontpkg_noto_sans*/LICENSE"))  # the OFL travels with the fonts
    assert not list(internal.rglob("*.py"))  # code travels compiled inside the programs, sources do not
    assert not list(internal.rglob("QtQml*")) and not list(internal.rglob("libQt6Quick*"))


def test_the_built_self_test_runs_from_anywhere_with_no_python(built, tmp_path):
    folder, _printed = built
    moved = tmp_path / "elsewhere" / NAME
    shutil.copytree(folder, moved, symlinks=True)
    result = subprocess.run([str(moved / "intake-app"), "--self-test"], env=_bare_env(tmp_path),
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Field Intake {__version__} (packaged)")
    assert lines[-1] == "self-test passed" and sum(line.startswith("ok    ") for line in lines) == 8
    # Almaty at UTC+05:00 from the package's own time-zone rules, not the laptop's (perhaps older) ones.
    assert any(line.startswith("ok    device time zone") and "(tzdata)" in line for line in lines), lines
    # Chinese receipts print with the package's own font, whatever the laptop has.
    assert any(line.startswith("ok    Chinese receipt") and "DroidSansFallbackFull.ttf (bundled)" in line
               for line in lines), lines
    assert list((tmp_path / "tmp").iterdir()) == []
    # No library comes from a Python installation: each is in the package or the operating system's.
    # (Display-specific Qt parts, e.g. for Wayland, may name system libraries this machine lacks.)
    for program in (moved / "intake-app", moved / "intake", *moved.joinpath("_internal").rglob("*.so*")):
        if program.is_symlink() or "/plugins/" in program.as_posix():
            continue
        out = subprocess.run(["ldd", str(program)], capture_output=True, text=True, check=False).stdout
        core = program.parent == moved or ".cpython-" in program.name or ".abi3." in program.name
        for line in out.splitlines():
            target = line.split("=>")[-1].strip()
            assert ".pyenv" not in target and "venv" not in target, (program, line)
            assert not core or "not found" not in target, (program, line)


def test_a_damaged_package_fails_its_self_test(built, tmp_path):
    folder, _printed = built
    damaged = tmp_path / NAME
    shutil.copytree(folder, damaged, symlinks=True)
    shutil.rmtree(damaged / "_internal" / "forms")
    result = subprocess.run([str(damaged / "intake-app"), "--self-test"], env=_bare_env(tmp_path),
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1
    assert any(line.startswith("FAIL  form definitions") for line in result.stdout.splitlines()), result.stdout


def test_the_built_cli_registers_prints_a_receipt_and_syncs_with_the_built_registry(built, tmp_path):
    folder, _printed = built
    started = time.time()
    program = [str(folder / "intake")]
    cli = Cli(tmp_path / "data", tmp_path / "tmp", program=program, forms_dir=None, base_env=_bare_env(tmp_path))
    assert cli.ok("--version").strip() == f"Field Intake {__version__}"
    cli.ok("init", "--admin", "admin", "--device-name", "Laptop 7", "--location", "KZ-ALA")
    cli.ok("user", "add", "officer", "--role", "officer", INTAKE_NEW_PASSPHRASE=OFFICER_PW)
    officer = cli.as_user("officer", OFFICER_PW)
    assert "asylum_application" in officer.ok("forms", "list")

    record = application(CANARIES["Arab"], LATIN_SPELLINGS["Arab"])
    scan = write_scan(tmp_path / "in")
    receipt = officer.ok("record", "new", "--form", "asylum_application", "--json", "-", "--attach",
                         f"application_scan={scan}", "--submit", input=json.dumps(record)).split()[-1]
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    pdf = chosen / "receipt.pdf"
    officer.ok("receipt", "save", receipt, "--languages", "ug,kk,ru", "--out", str(pdf))
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert receipt in text and LATIN_SPELLINGS["Arab"] in text
    officer.ok("device", "export-key", "--out", str(chosen / "device.json"))
    assert officer.ok("receipt", "verify", str(pdf), "--key", str(chosen / "device.json")).startswith("valid")

    # The registry, served by the same build, over HTTP on this machine.
    registry_dir = tmp_path / "registry"
    reg_env = {"INTAKE_REGISTRY_PASSPHRASE": REGISTRY_PW}
    port = free_port()
    cli.ok("registry", "init", str(registry_dir), "--name", "Test registry", "--url", f"http://127.0.0.1:{port}",
           **reg_env)
    enrolment = tmp_path / "enrolment.json"
    cli.ok("registry", "export-enrolment", str(registry_dir), "--out", str(enrolment), **reg_env)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen([*program, "registry", "serve", str(registry_dir), "--host", "127.0.0.1",
                               "--port", str(port)], env=cli.env(**reg_env), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _listening(port):
            assert server.poll() is None and time.monotonic() < deadline, "the built registry did not start"
            time.sleep(0.2)
        cli.ok("enroll", str(enrolment), "--yes")
        device = cli.json("device", "show")
        cli.ok("registry", "devices", "approve", str(registry_dir), device["device_id"], "--fingerprint",
               device["fingerprint"], **reg_env)
        assert "acknowledged 1, conflicts 0, waiting 0" in officer.ok("sync")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    listed = cli.ok("registry", "records", "list", str(registry_dir), **reg_env)
    assert receipt in listed

    roots = [cli.data_dir, cli.tmp_dir, registry_dir, tmp_path / "home", tmp_path / "server.log"]
    assert find_plaintext_names(roots, started) == []  # the receipt in chosen/ is the only readable copy


def test_install_sh_checks_installs_refuses_a_damaged_copy_and_uninstalls(built, tmp_path):
    folder, _printed = built
    env = _bare_env(tmp_path)
    home = Path(env["HOME"])
    damaged = tmp_path / "damaged" / NAME
    shutil.copytree(folder, damaged, symlinks=True)
    (damaged / "_internal" / "forms" / "asylum_application" / "form.yaml").write_text("changed", encoding="utf-8")
    refused = subprocess.run([str(damaged / "install.sh")], env=env, capture_output=True, text=True, timeout=300,
                             check=False)
    assert refused.returncode == 1 and "damaged or changed" in refused.stderr
    assert not (home / ".local" / "opt").exists()

    done = subprocess.run([str(folder / "install.sh")], env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    prefix = home / ".local" / "opt" / "field-intake"
    installed = subprocess.run([str(home / ".local" / "bin" / "intake"), "--version"], env=env,
                               capture_output=True, text=True, timeout=60, check=False)
    assert installed.stdout.strip() == f"Field Intake {__version__}"
    entry = (home / ".local" / "share" / "applications" / "field-intake.desktop").read_text(encoding="utf-8")
    assert f"Exec={prefix}/intake-app" in entry and "Icon=field-intake" in entry
    assert "Comment[kk]=Баспана" in entry and "Comment[ru]=Зашифрованная" in entry  # the interface catalogs
    assert (home / ".local" / "share" / "icons" / "hicolor" / "scalable" / "apps" / "field-intake.svg").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(home / ".local/share/applications/field-intake.desktop")],
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stdout + check.stderr

    removed = subprocess.run([str(prefix / "install.sh"), "--uninstall"], env=env, capture_output=True, text=True,
                             timeout=60, check=False)
    assert removed.returncode == 0, removed.stderr
    assert not prefix.exists() and not (home / ".local" / "bin" / "intake").exists()


def test_the_archive_holds_the_folder_with_its_links_and_checksums(built, tmp_path):
    folder, _printed = built
    with tarfile.open(folder.with_name(NAME + ".tar.gz")) as archive:
        archive.extractall(tmp_path, filter="tar")
    unpacked = tmp_path / NAME
    assert (unpacked / "_internal").is_dir() and os.access(unpacked / "intake-app", os.X_OK)
    assert any(path.is_symlink() for path in (unpacked / "_internal").iterdir())  # not turned into copies
    check = subprocess.run(["sha256sum", "--check", "--quiet", "--strict", "SHA256SUMS"], cwd=unpacked,
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
