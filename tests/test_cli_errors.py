"""Bad input gives exit 2 and one line naming the file, never a traceback."""
import pytest


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
    result = cli("extract", "seeds", "--published", "31/07/2023")
    assert result.returncode == 2
    assert "not a date" in result.stderr


def test_unknown_command_is_a_usage_error(cli):
    result = cli("teleport")
    assert result.returncode == 2
