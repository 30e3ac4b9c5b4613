"""The print-job reader on real jobs: PDFs LibreOffice 7.4 printed through the environment's
"Print to file" printer (tests/data/print: a three-page document, "Alpha page" / "Bravo page"
in dark red / "Charlie page", one page each; printed as is, and with the Print dialog's
LibreOffice Writer - Print text in black)."""

import shutil
from pathlib import Path

from lamkit.envs.writer.printed import read_jobs, read_pdf
from lamkit.envs.writer.processes import _psprint_conf

DATA = Path(__file__).resolve().parents[1] / "data" / "print"


def test_reads_sheets_text_in_order_and_colour():
    job = read_pdf((DATA / "three_pages.pdf").read_bytes())
    assert job.sheets == 3
    assert job.texts == ["Alpha page", "Bravo page", "Charlie page"]
    assert job.colour  # the dark red of "Bravo page"


def test_text_in_black_has_no_colour():
    job = read_pdf((DATA / "three_pages_text_in_black.pdf").read_bytes())
    assert (job.sheets, job.colour) == (3, False)


def test_last_job_of_folder_and_count(tmp_path):
    assert read_jobs(tmp_path).jobs == 0  # nothing printed
    shutil.copy(DATA / "three_pages_text_in_black.pdf", tmp_path / "job-100")
    shutil.copy(DATA / "three_pages.pdf", tmp_path / "job-20")  # older: nanoseconds sort as numbers
    job = read_jobs(tmp_path)
    assert (job.jobs, job.colour) == (2, False)
    (tmp_path / "job-300").write_bytes(b"garbage")
    assert (read_jobs(tmp_path).jobs, read_jobs(tmp_path).sheets) == (3, 0)


def test_printer_writes_into_the_given_folder(tmp_path):
    conf = _psprint_conf(tmp_path)
    assert "DefaultPrinter=1" in conf
    assert f'Command=cat > "{tmp_path}/job-$(date +%s%N)"' in conf


def test_reverse_order_and_two_pages_per_sheet():
    rev = read_pdf((DATA / "three_pages_reverse.pdf").read_bytes())
    assert rev.texts == ["Charlie page", "Bravo page", "Alpha page"] and rev.pages_per_sheet == [1, 1, 1] and not rev.reduced
    nup = read_pdf((DATA / "three_pages_2_per_sheet.pdf").read_bytes())
    assert nup.sheets == 2 and nup.texts == ["Alpha page\nBravo page", "Charlie page"]
    assert nup.pages_per_sheet == [2, 1] and nup.reduced


def test_text_colour_apart_from_any_colour():
    plain = read_pdf((DATA / "three_pages.pdf").read_bytes())
    assert plain.text_colour and plain.pages_per_sheet == [1, 1, 1]
