"""Draw the app's icons once: static/img/icon.svg and the PNGs the web app manifest names.

The mark is the favicon's (static/img/engage.svg): a white "E" on near-black. The plain icons have
rounded corners; the maskable ones fill the square and keep the "E" inside the middle 80% (the
safe zone a phone may cut to a circle or a squircle). Pillow draws each PNG four times too large
and scales it down, for smooth edges. Run again only if the mark changes:

    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "img"
INK = "#0b0c0c"
WHITE = "#ffffff"
# The "E" of engage.svg, in its 32 × 32 box: M8 10h16v3H11.5v2H22v3H11.5v2H24v3H8z
E = [(8, 10), (24, 10), (24, 13), (11.5, 13), (11.5, 15), (22, 15), (22, 18), (11.5, 18),
     (11.5, 20), (24, 20), (24, 23), (8, 23)]  # fmt: skip
E_CENTRE = (16, 16.5)
SUPERSAMPLE = 4


def _e_points(size: float, scale: float) -> list[tuple[float, float]]:
    """The "E" for a square of `size`, `scale` times as big as in the favicon's box."""
    unit = size / 32 * scale
    cx, cy = E_CENTRE
    return [(size / 2 + (x - cx) * unit, size / 2 + (y - cy) * unit) for x, y in E]


def png(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=INK)
        # The "E" is 16 × 13 of 32: at 1.0 its corners are 0.32 of the width from the middle, inside the safe zone (0.4).
        draw.polygon(_e_points(big, 1.0), fill=WHITE)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 6 / 32, fill=INK)
        draw.polygon(_e_points(big, 1.25), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def svg() -> str:
    points = " ".join(f"{x:g},{y:g}" for x, y in _e_points(32, 1.25))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="6" fill="{INK}"/>'
        f'<polygon points="{points}" fill="{WHITE}"/></svg>\n'
    )


def main() -> None:
    (OUT / "icon.svg").write_text(svg())
    for size in (192, 512):
        png(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
        png(size, maskable=True).save(OUT / f"icon-maskable-{size}.png", optimize=True)
    # iOS rounds the corners itself and shows transparency as black.
    png(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
