"""The catalogue of bad inputs and faults (issue 18, docs/input-policy.md): each row's behaviour.

Every command ends an input problem in one line, ``error: FILE[, line N]: problem``, with exit
status 2; a fault of the machine (a full disk) in one line with exit status 1; neither leaves a
half-written output behind.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import subprocess
import sys

import pytest

from analysis.batch import LOCK_FILE, RUN_FILE
from analysis.cli import main
from analysis.paths import EXAMPLE_CORPUS

FAST = ["--method", "dictionary", "--only", "sentiment"]  # one rule measure: the policy, not the scores
GERMAN = "Kasachstan hat sich gegen den Krieg ausgesprochen. Der Botschafter sagte, es sei nicht sinnvoll."


def _jsonl(path, texts):
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    return path


def _one_error_line(capsys) -> str:
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("warning: ")]
    assert len(err) == 1 and err[0].startswith("error: ") and "Traceback" not in err[0], err
    return err[0]


# --- batch: concurrency, leftovers, settings ---------------------------------------------------


def test_a_second_batch_run_is_refused_naming_the_lock(tmp_path, capsys):
    from filelock import FileLock

    out = tmp_path / "out"
    out.mkdir()
    with FileLock(out / LOCK_FILE, timeout=0):  # another runner holds the folder
        assert main(["batch", str(EXAMPLE_CORPUS), str(out), *FAST]) == 2
    assert _one_error_line(capsys) == (f"error: {out / LOCK_FILE}: another batch run is writing into {out}; "
                                       "wait for it to finish or use another output folder")
    assert not list(out.glob("part-*")) and not (out / RUN_FILE).exists()


def test_the_lock_of_a_killed_run_does_not_block_the_next(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, filelock\n"
                               f"filelock.FileLock({str(out / LOCK_FILE)!r}).acquire(); print('held', flush=True); "
                               "time.sleep(120)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
    finally:
        holder.kill()
        holder.wait()
    assert (out / LOCK_FILE).exists()  # the file stays; the operating system's lock died with its process
    assert main(["batch", str(EXAMPLE_CORPUS), str(out), *FAST, "--chunk-size", "6"]) == 0
    assert len(list(out.glob("part-*.parquet"))) == 2


def test_the_run_file_is_written_before_the_first_part_and_stale_temporaries_go(tmp_path, monkeypatch):
    import analysis.batch as batch

    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".part-000000.parquet.abc123.tmp", out / f".{RUN_FILE}.4242-x.tmp"]
    for tmp in stale:
        tmp.write_bytes(b"half a part")
    seen = []
    real = batch._score_and_write

    def spy(corpus, path, *args):
        seen.append(((out / RUN_FILE).exists(), any(t.exists() for t in stale)))
        return real(corpus, path, *args)

    monkeypatch.setattr(batch, "_score_and_write", spy)
    assert main(["batch", str(EXAMPLE_CORPUS), str(out), *FAST, "--chunk-size", "6"]) == 0
    assert seen == [(True, False), (True, False)]
    assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE, RUN_FILE, "part-000000.parquet",
                                                     "part-000001.parquet"]


def test_a_rerun_with_other_settings_is_refused_in_one_line(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["batch", str(EXAMPLE_CORPUS), str(out), *FAST, "--chunk-size", "6"]) == 0
    capsys.readouterr()
    assert main(["batch", str(EXAMPLE_CORPUS), str(out), *FAST, "--chunk-size", "5"]) == 2
    assert _one_error_line(capsys) == (f"error: {out} holds parts of another run (chunk_size differ); "
                                       "use a new output folder, or delete this one to start again")
    assert len(list(out.glob("part-*.parquet"))) == 2


# --- batch: inputs with nothing to do, or that cannot be decoded --------------------------------


@pytest.mark.parametrize("name, content, expected", [
    ("empty.jsonl", b"", "{path}: no documents (the file holds no records)"),
    ("blank.jsonl", b"\n  \n", "{path}: no documents (the file holds no records)"),
    ("header.csv", b"id,text\n", "{path}, line 2: no records after the header"),
    ("nothing.csv", b"", "{path}, line 1: empty file (no header row)"),
    ("folder", None, "{path}: no files matching '*.txt'"),
])
def test_batch_with_nothing_to_do_fails_in_one_line_and_makes_no_folder(tmp_path, capsys, name, content, expected):
    path, out = tmp_path / name, tmp_path / "out"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    assert main(["batch", str(path), str(out), *FAST]) == 2
    assert _one_error_line(capsys) == "error: " + expected.format(path=path)
    assert not out.exists()


def test_batch_names_the_undecodable_line_and_reads_it_with_encoding(tmp_path, capsys):
    path, out = tmp_path / "news.csv", tmp_path / "out"
    path.write_bytes("id,text\n1,Guter Text.\n2,Die „Entnazifizierung“ in Köln.\n".encode("cp1252"))
    assert main(["batch", str(path), str(out), *FAST]) == 2
    line = _one_error_line(capsys)
    assert line.startswith(f"error: {path}, line 3: cannot decode byte b'\\x84' as utf-8-sig") and "encoding" in line
    assert not out.exists()
    assert main(["batch", str(path), str(out), *FAST, "--encoding", "cp1252"]) == 0
    import pandas as pd

    assert "Die „Entnazifizierung“ in Köln." in set(pd.read_parquet(out / "part-000000.parquet")["text"])


def test_a_symlink_loop_in_a_folder_corpus_is_named(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub").symlink_to(folder)  # a folder that contains itself: not followed
    for argv in (["batch", str(folder), str(tmp_path / "out"), *FAST], ["terms", str(folder)]):
        assert main(argv) == 2
        assert _one_error_line(capsys) == f"error: {folder / 'loop.txt'}: a symbolic link to nothing (or a loop of links)"


# --- every command: undecodable files, full disk, leftovers -------------------------------------


def test_a_windows_1252_coding_sheet_is_named_with_its_line(tmp_path, capsys):
    sheet = tmp_path / "sheet.tsv"
    sheet.write_bytes("item\tdoc_id\tsent_id\n1\tm01\t0\n2\tKöln\t1\n".encode("cp1252"))
    assert main(["agreement", str(EXAMPLE_CORPUS), str(sheet)]) == 2
    line = _one_error_line(capsys)
    assert line.startswith(f"error: {sheet}, line 3: cannot decode byte b'\\xf6'")


@pytest.mark.parametrize("command", ["terms", "score", "sentences"])
def test_an_undecodable_corpus_is_named_with_its_line(tmp_path, capsys, command):
    path = tmp_path / "news.jsonl"
    path.write_bytes(b'{"text": "Gut."}\n' + json.dumps({"text": "Köln"}, ensure_ascii=False).encode("cp1252") + b"\n")
    argv = [command, str(path)] + ([] if command == "terms" else ["-o", str(tmp_path / "out.jsonl")])
    assert main(argv) == 2
    assert _one_error_line(capsys).startswith(f"error: {path}, line 2: cannot decode byte b'\\xf6'")
    assert not (tmp_path / "out.jsonl").exists()


class _FullDisk:
    """A file whose third write finds the disk full."""

    def __init__(self, handle):
        self.handle, self.writes = handle, 0

    def write(self, data):
        self.writes += 1
        if self.writes > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.handle.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def test_a_full_disk_is_one_line_and_leaves_no_half_written_output(tmp_path, capsys, monkeypatch):
    real_open = pathlib.Path.open

    def open_on_a_full_disk(self, mode="r", *args, **kwargs):
        handle = real_open(self, mode, *args, **kwargs)
        return _FullDisk(handle) if "w" in mode else handle

    monkeypatch.setattr(pathlib.Path, "open", open_on_a_full_disk)
    out = tmp_path / "scores.jsonl"
    assert main(["score", str(EXAMPLE_CORPUS), "-o", str(out), *FAST]) == 1
    assert _one_error_line(capsys) == f"error: {out}: no space left on device"
    assert list(tmp_path.iterdir()) == []  # neither the output nor its temporary file

    def write_bytes_on_a_full_disk(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes_on_a_full_disk)
    folder = tmp_path / "parts"
    assert main(["batch", str(EXAMPLE_CORPUS), str(folder), *FAST]) == 1
    assert _one_error_line(capsys) == f"error: {folder / 'part-000000.parquet'}: no space left on device"
    assert not list(folder.glob("*part*"))  # no part, no temporary part: a rerun starts cleanly


def test_the_temporary_file_of_a_killed_score_is_removed_by_the_next_run(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # its process id now names no process
    out = tmp_path / "scores.jsonl"
    leftover = tmp_path / f".scores.jsonl.{dead.pid}-k1ll3d.tmp"
    leftover.write_bytes(b"x" * 1_000_000)
    alive = tmp_path / f".scores.jsonl.{os.getppid()}-w0rk1n.tmp"  # a writer still running: kept
    alive.write_bytes(b"x")
    assert main(["score", str(EXAMPLE_CORPUS), "-o", str(out), *FAST]) == 0
    assert not leftover.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name, "scores.jsonl"]


# --- warnings: read, but said ---------------------------------------------------------------------


def test_warnings_are_one_line_each_on_standard_error(tmp_path, capsys):
    path = _jsonl(tmp_path / "news.jsonl", [GERMAN, "Der AuÃŸenminister sagte in BrÃ¼ssel, die EU stehe zusammen.",
                                            "12.345 – 67,8 % (2022)"])
    assert main(["terms", str(path), "--top", "1"]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning: ")]
    assert warned == [
        f"warning: {path}, line 2: document 'd1' looks like mojibake (UTF-8 decoded with the wrong encoding?): "
        "'Der AuÃŸenminister'; fix the file or its encoding, the text is kept as it is",
        f"warning: {path}, line 3: document 'd2' has no letters (only numbers, punctuation or symbols)",
    ]


def test_every_row_names_a_test_that_exists():
    import ast
    import re

    from analysis.paths import ROOT

    policy = (ROOT / "docs" / "input-policy.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/test_\w+\.py)::(test_\w+)`", policy)
    rows = [line for line in policy.splitlines() if line.startswith("| ") and "`tests/" in line]
    assert len(rows) >= 25 and all("::test_" in row.rsplit("|", 2)[1] for row in rows)
    for path, name in named:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert name in defined, f"{path}::{name} is named in docs/input-policy.md but does not exist"


@pytest.mark.parametrize("command, make, expected", [
    (["score", "{corpus}", "-o", "{target}", *FAST], "folder", "{target}: is a directory"),
    (["sentences", "{corpus}", "-o", "{target}/x.jsonl"], "file", "{target}: exists and is not a folder"),
    (["batch", "{corpus}", "{target}", *FAST], "file", "{target}: exists and is not a folder"),
])
def test_an_output_path_that_cannot_be_written_is_one_line_naming_it(tmp_path, capsys, command, make, expected):
    target = tmp_path / "out.jsonl"
    target.mkdir() if make == "folder" else target.write_text("keep me", encoding="utf-8")
    assert main([a.format(corpus=EXAMPLE_CORPUS, target=target) for a in command]) == 2
    assert _one_error_line(capsys) == "error: " + expected.format(target=target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]  # no temporary file beside it
    assert make == "folder" or target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("content, expected", [
    ("item\tdoc_id\tsent_id\n", "{sheet}, line 1: no column 'sentiment' in the header"),
    ("item\tdoc_id\tsent_id\tsentiment\n", "{sheet}: no coded rows after the header"),
    ("item\tdoc_id\tsent_id\tsentiment\nx\tm01\t0\t1\n", "{sheet}, line 2: item and sent_id must be numbers"),
])
def test_a_coding_sheet_without_codes_is_one_line(tmp_path, capsys, content, expected):
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text(content, encoding="utf-8")
    assert main(["agreement", str(EXAMPLE_CORPUS), str(sheet)]) == 2
    assert _one_error_line(capsys) == "error: " + expected.format(sheet=sheet)


@pytest.mark.parametrize("command", [
    ["sentences", "{input}", "-o", "{input}"],
    ["score", "{input}", "-o", "{input}", *FAST],
    ["batch", "{folder}", "{folder}", *FAST],
])
def test_the_input_is_never_overwritten(tmp_path, capsys, command):
    folder = tmp_path / "corpus"
    folder.mkdir()
    source = folder / "artikel.txt"
    source.write_text(GERMAN, encoding="utf-8")
    argv = [a.format(input=source, folder=folder) for a in command]
    assert main(argv) == 2
    target = folder if command[0] == "batch" else source
    assert _one_error_line(capsys) == f"error: {target}: is the input; choose another output (the input is never overwritten)"
    assert source.read_text(encoding="utf-8") == GERMAN and sorted(p.name for p in folder.iterdir()) == ["artikel.txt"]


def test_a_parquet_corpus_and_an_unknown_encoding_on_the_command_line(tmp_path, capsys):
    import pandas as pd

    path = tmp_path / "c.parquet"
    pd.DataFrame({"id": ["a"], "text": [GERMAN]}).to_parquet(path)
    assert main(["terms", str(path), "--top", "1"]) == 0  # no encoding is passed to the Parquet reader
    assert capsys.readouterr().out.split()[5] == "Botschafter"  # ties in count: alphabetical
    with pytest.raises(SystemExit) as info:
        main(["terms", str(path), "--encoding", "klingonisch"])
    assert info.value.code == 2 and "unknown encoding 'klingonisch'" in capsys.readouterr().err


def test_a_folder_without_learned_models_is_one_line(tmp_path, capsys):
    assert main(["score", str(EXAMPLE_CORPUS), "-o", str(tmp_path / "s.jsonl"), "--method", "model",
                 "--models", str(tmp_path)]) == 2
    line = _one_error_line(capsys)
    assert line.startswith(f"error: {tmp_path / 'heads.json'}: no learned models here") and "None" not in line
