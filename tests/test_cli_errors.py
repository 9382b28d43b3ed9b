"""Bad input gives exit 2 and one line naming the file, never a traceback."""
import pytest
from conftest import ROOT


@pytest.mark.parametrize("command", [["extract"], ["read"], ["flights"]])
def test_missing_file_exits_2_naming_it(cli, command, tmp_path):
    missing = tmp_path / "nowhere.json"
    result = cli(*command, str(missing))
    assert result.returncode == 2
    assert str(missing) in result.stderr
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["extract"], ["read"]])
def test_empty_folder_exits_2_naming_it(cli, command, tmp_path):
    result = cli(*command, str(tmp_path))
    assert result.returncode == 2
    assert str(tmp_path) in result.stderr and "folder holds no" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_published_date_is_a_usage_error(cli):
    result = cli("extract", str(ROOT / "seeds"), "--published", "31/07/2023")
    assert result.returncode == 2
    assert "not a date" in result.stderr


def test_unknown_command_is_a_usage_error(cli):
    result = cli("teleport")
    assert result.returncode == 2


@pytest.mark.parametrize("args, says", [
    (["extract", "seeds", "--published", "31/07/2023"], "not a date"),
    (["corroborate", "--json", "--markdown"], "choose one of --json and --markdown"),
    (["corroborate", "--fail-on", "always"], "--fail-on"),
    (["read"], "Missing argument"),
    (["extract", "ftp://example.org/a.txt"], "only http(s) URLs and local files"),
])
def test_usage_errors_are_one_line_exit_2(cli, args, says):
    result = cli(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tracker: error:") and says in lines[0]


def test_unwritable_output_fails_before_any_work(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cli("corroborate", "--csv", str(blocker / "checks.csv"))
    assert result.returncode == 2
    assert str(blocker / "checks.csv") in result.stderr
    assert result.stdout == ""  # no report printed before the failure


def test_the_installed_entry_point_behaves_as_in_process(tmp_path):
    """The other CLI tests run in-process; this one runs the real `python -m tracker.cli`."""
    from conftest import run_cli_process

    missing = tmp_path / "nowhere.json"
    result = run_cli_process("read", str(missing))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == f"tracker: error: {missing}: no such file or folder"
    assert run_cli_process("teleport").returncode == 2
