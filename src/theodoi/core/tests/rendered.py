"""A generated Word file as a reader sees it: LibreOffice lays it out as PDF, poppler gives each
word's box (`pdftotext -bbox-layout`) and the page as grey pixels (`pdftoppm -gray`), so a test
can assert lines, columns and drawn rules instead of the XML that is meant to make them.

Positions are in points (1/72 inch) from the page's top left corner."""

import atexit
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MM = 72 / 25.4  # points in a millimetre
DPI = 144
PX = DPI / 72  # pixels in a point
DARK = 128  # a grey level below this is ink


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def left(self) -> float:
        return min(w.left for w in self.words)

    @property
    def right(self) -> float:
        return max(w.right for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


@cache
def _profile() -> Path:
    """The LibreOffice profile of this test process, made by its first conversion and removed
    when the process ends: a new profile for each test cost about 0.4 s of its first
    conversion. The two suites side by side are two processes, so they never share one (nor
    its lock), and a process converts one file at a time."""
    folder = Path(tempfile.mkdtemp(prefix="theodoi-soffice-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def convert(source: Path, target: str, folder: Path) -> Path:
    """`source` converted by LibreOffice headless to `target` ("pdf", or a filter such as
    "txt:Text (encoded):UTF8") in `folder`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is not installed: CI=true scripts/system-deps.sh"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={_profile().as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{source.stem}.{target.split(':')[0]}"


def to_pdf(content: bytes, folder: Path) -> Path:
    """The .docx `content` converted by LibreOffice headless."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "document.docx"
    source.write_bytes(content)
    return convert(source, "pdf", folder)


def words(pdf: Path, page: int = 1) -> list[Word]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = []
    for element in ET.fromstring(out).iter("{http://www.w3.org/1999/xhtml}word"):
        box = [float(element.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax")]
        found.append(Word(element.text or "", *box))
    return found


def lines(found: list[Word], left: float = 0, right: float = 10_000) -> list[Line]:
    """The words lying between `left` and `right`, as lines from the top (words whose tops
    are within 2 pt share a line), each read from the left."""
    inside = sorted((w for w in found if w.left >= left and w.right <= right), key=lambda w: w.top)
    grouped: list[list[Word]] = []
    for word in inside:
        if grouped and abs(grouped[-1][0].top - word.top) < 2:
            grouped[-1].append(word)
        else:
            grouped.append([word])
    return [Line(tuple(sorted(group, key=lambda w: w.left))) for group in grouped]


@dataclass(frozen=True)
class Picture:
    """The page as grey pixels, `PX` pixels a point."""

    width: int
    height: int
    pixels: bytes

    def ink(self, x: int, y: int) -> bool:
        return self.pixels[y * self.width + x] < DARK

    def longest_run(self, y_pt: float, left_pt: float, right_pt: float) -> tuple[float, float]:
        """The longest stretch of ink on the pixel row at `y_pt` between the two x (points),
        as its left and right end in points; (0, 0) when the row is blank."""
        y = round(y_pt * PX)
        best, start = (0, 0), None
        for x in range(round(left_pt * PX), round(right_pt * PX) + 1):
            if self.ink(x, y) and start is None:
                start = x
            if (not self.ink(x, y) or x == round(right_pt * PX)) and start is not None:
                if x - start > best[1] - best[0]:
                    best = (start, x)
                start = None
        return best[0] / PX, best[1] / PX

    def vertical_rules(self, top_pt: float, bottom_pt: float) -> list[float]:
        """The x (points) of lines drawn down the whole band from `top_pt` to `bottom_pt`."""
        rows = range(round(top_pt * PX), round(bottom_pt * PX))
        xs = [x for x in range(self.width) if all(self.ink(x, y) for y in rows)]
        rules: list[list[int]] = []
        for x in xs:
            if rules and x - rules[-1][-1] <= 1:
                rules[-1].append(x)
            else:
                rules.append([x])
        return [sum(group) / len(group) / PX for group in rules]


def picture(pdf: Path, page: int = 1) -> Picture:
    prefix = pdf.parent / f"page{page}"
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(DPI), *pages, str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    data = next(pdf.parent.glob(f"page{page}*.pgm")).read_bytes()
    magic, size, depth, pixels = data.split(b"\n", 3)  # "P5", "W H", "255", a byte a pixel
    assert magic == b"P5" and depth == b"255"
    width, height = (int(n) for n in size.split())
    return Picture(width, height, pixels)
