"""The HTML report: seven charts, self-contained, and safe against hostile transcripts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_helpers import XSS_ATTR, XSS_SCRIPT, make_records, write_run

from relgap.report import build_report, render_html

SLUGS = ["curves", "sweep", "heatmap", "histogram", "checks", "cost", "failures"]


class Outline(HTMLParser):
    """Collects tags, attributes, and per chart section the SVG element counts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.section: str | None = None
        self.depth = 0
        self.svg_children: dict[str, int] = {}
        self.svg_open = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "section" and "chart" in (a.get("class") or ""):
            self.section = a.get("id")
            self.svg_children.setdefault(self.section or "", 0)
        if tag == "svg":
            self.svg_open += 1
        elif self.svg_open and self.section:
            self.svg_children[self.section] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.svg_open -= 1
        if tag == "section":
            self.section = None


@pytest.fixture(scope="module")
def page(run_dir: Path) -> str:
    return render_html(build_report([run_dir], bootstrap=200))


@pytest.fixture(scope="module")
def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


def test_seven_chart_sections_each_with_a_drawn_svg(outline: Outline) -> None:
    assert list(outline.svg_children) == [f"chart-{s}" for s in SLUGS]
    for section, children in outline.svg_children.items():
        assert children >= 10, f"{section} draws only {children} SVG elements"


def test_each_chart_has_a_caption(page: str) -> None:
    for slug in SLUGS:
        body = page.split(f'id="chart-{slug}"', 1)[1].split("</section>", 1)[0]
        assert re.search(r'<p class="caption">[^<]{40,}</p>', body), slug
        assert "<svg " in body


def test_no_external_resources(page: str, outline: Outline) -> None:
    assert "http://" not in page and "https://" not in page
    assert "@import" not in page and "url(" not in page
    for tag, attrs in outline.tags:
        assert "src" not in attrs, tag
        assert tag not in ("link", "iframe", "object", "embed", "img", "script"), tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    (csp,) = [
        a["content"] for t, a in outline.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in csp and "script-src" not in csp


def test_no_script_anywhere_and_hostile_text_escaped(page: str, outline: Outline) -> None:
    assert "<script" not in page.lower()
    assert "onerror=" not in [k for _, attrs in outline.tags for k in attrs]
    assert not any(tag == "img" for tag, _ in outline.tags)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '"&gt;&lt;img src=x onerror=alert(1)&gt;' in page  # text node: quotes are inert
    assert XSS_SCRIPT not in page and XSS_ATTR not in page
    # a transcript closing </details></pre> cannot end the page's own elements
    assert "placed the order &lt;/details&gt;&lt;/pre&gt;" in page


def test_header_banner_and_method(page: str, run_dir: Path) -> None:
    assert "run-a" in page and str(run_dir) in page
    assert 'id="simulated-banner"' in page and "SIMULATED MODELS" in page
    assert "relgap 0.1" in page
    assert "task-clustered bootstrap" in page and "unbiased" in page
    assert "infrastructure-error trials are excluded" in page


def test_verdict_sentence_present(page: str) -> None:
    body = page.split('id="chart-sweep"', 1)[1].split("</section>", 1)[0]
    assert re.search(
        r"<p class=\"verdict (yes|no|noise)\"><strong>(Yes|No|Mixed|Not distinguishable)", body
    )


def test_transcripts_capped_with_note(run_dir: Path) -> None:
    data = build_report([run_dir], bootstrap=0, max_transcripts=5)
    page = render_html(data)
    assert page.count('<details class="trial">') == 5
    assert f"Showing 5 of {data.failed_total} failed or error trials" in page


def test_hostile_names_escaped_in_charts(tmp_path: Path) -> None:
    records = make_records("r", models=("sim/fast",), n_tasks=4)
    evil = '<script>x</script>"><b>'
    records = [r.model_copy(update={"task_id": evil + r.task_id, "failed_checks": [evil]}
                            if not r.passed else {"task_id": evil + r.task_id})
               for r in records]  # fmt: skip
    page = render_html(build_report([write_run(tmp_path / "r", records)], bootstrap=0))
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;&quot;&gt;&lt;b&gt;" in page
