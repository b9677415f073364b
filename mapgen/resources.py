"""Where the built-in templates and the pinned JavaScript libraries are.

In a checkout they sit at the repository's top level (``templates/``, ``node_modules/``);
in an installed wheel they are packaged inside ``mapgen/``.
"""

from __future__ import annotations

from pathlib import Path

from mapgen.errors import MapgenError

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent

# (npm package, file inside its dist/ folder) for every library file a site ships.
VENDOR_FILES = (
    ("leaflet", "leaflet.js"),
    ("leaflet", "leaflet.css"),
    ("leaflet", "images/layers.png"),
    ("leaflet", "images/layers-2x.png"),
    ("leaflet", "images/marker-icon.png"),
    ("leaflet", "images/marker-icon-2x.png"),
    ("leaflet", "images/marker-shadow.png"),
    ("supercluster", "supercluster.min.js"),
    ("leaflet-gesture-handling", "leaflet-gesture-handling.min.js"),
    ("leaflet-gesture-handling", "leaflet-gesture-handling.min.css"),
)


def templates_dir() -> Path:
    for candidate in (PACKAGE / "templates", CHECKOUT / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise MapgenError("mapgen's templates are missing; reinstall mapgen.")


def static_dir() -> Path:
    return PACKAGE / "static"


def vendor_file(package: str, name: str) -> Path:
    """A file of a pinned npm package, from the wheel or the checkout's node_modules."""
    for candidate in (
        PACKAGE / "vendor" / package / name,
        CHECKOUT / "node_modules" / package / "dist" / name,
    ):
        if candidate.is_file():
            return candidate
    raise MapgenError(
        f"the JavaScript library {package} is missing ({name}). In a mapgen checkout, run "
        "`npm ci` once to install the pinned versions."
    )


def demo_project() -> Path:
    """The embedded Jiading demo: a project folder with mapgen.toml and layers/."""
    for candidate in (PACKAGE / "demo", CHECKOUT):
        if (candidate / "mapgen.toml").is_file() and (candidate / "layers").is_dir():
            return candidate
    raise MapgenError("mapgen's demo project is missing; reinstall mapgen.")
