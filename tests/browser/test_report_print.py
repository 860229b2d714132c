"""The report printed by Chromium: PDF and PNG from the CLI, looked at as pages."""

from __future__ import annotations

import shutil
import subprocess

from click.testing import CliRunner

from geo.cli import cli


def test_export_html_prints_pdf_and_png(tmp_path, artifacts):
    out, pdf, png = tmp_path / "r.html", tmp_path / "r.pdf", tmp_path / "r.png"
    result = CliRunner().invoke(
        cli,
        [
            "export-html",
            "--out",
            str(out),
            "--features",
            "btc_pipeline",
            "--title",
            "BTC briefing",
            "--pdf",
            str(pdf),
            "--png",
            str(png),
        ],
    )
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 50_000
    shutil.copyfile(png, artifacts / "report.png")
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "70",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(artifacts / "report-pdf"),
            ],
            check=True,
        )
        assert (artifacts / "report-pdf-1.png").exists()
    # The PDF has the title and the claims list as text.
    text = pdf.read_bytes()
    assert b"%%EOF" in text[-1024:]
