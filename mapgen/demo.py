"""The embedded demo: starting a new project from it, and noticing what of it is left.

``mapgen init`` copies the demo's layers so a new project builds at once, but writes its
own neutral texts and a background map that loads in mainland China without a key. A
build warns while a project that is not the demo still carries the demo's title or its
"illustrative data" notice, or still publishes the demo's stations under its own title.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from mapgen.config import CONFIG_NAME, Config, load_config
from mapgen.errors import MapgenError
from mapgen.messages import problem
from mapgen.problems import Problem, Severity
from mapgen.resources import demo_project

DEMO_TEXT_KEYS = ("title", "title_en", "subtitle", "subtitle_en", "notice", "notice_en")

# What `mapgen init` writes in [site] instead of the demo's texts.
NEUTRAL_SITE = {
    "title": "社工站服务地图",
    "title_en": "Social-Work Station Map",
    "subtitle": "",
    "subtitle_en": "",
    "notice": "",
    "notice_en": "",
    # Amap's GCJ-02 tiles load in mainland China without a key (docs/basemaps.md).
    "basemap": "amap",
}

HEADER = """\
# A mapgen project. Replace the demo's files in layers/ with your own, edit the texts
# below, then run `mapgen build`. Every key: docs/config.md; background maps:
# docs/basemaps.md.
"""


def new_project(directory: Path) -> Path:
    """Start a project in ``directory`` from the demo's layers, with neutral texts.

    Example::

        >>> new_project(Path("my-district"))                     # doctest: +SKIP
        PosixPath('my-district/mapgen.toml')
    """
    if directory.exists() and any(directory.iterdir()):
        raise MapgenError(f"{directory} is not empty; choose a new folder.")
    source = demo_project()
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / CONFIG_NAME
    config.write_text(
        neutral_config((source / CONFIG_NAME).read_text(encoding="utf-8")), encoding="utf-8"
    )
    shutil.copytree(source / "layers", directory / "layers")
    return config


def neutral_config(text: str) -> str:
    """The demo's ``mapgen.toml`` with neutral [site] texts and a keyless Chinese basemap.

    >>> print(neutral_config('# demo\\n[site]\\ntitle = "嘉定"\\nbasemap = "osm"\\n'))
    # A mapgen project. Replace the demo's files in layers/ with your own, edit the texts
    # below, then run `mapgen build`. Every key: docs/config.md; background maps:
    # docs/basemaps.md.
    <BLANKLINE>
    [site]
    title = "社工站服务地图"
    basemap = "amap"
    <BLANKLINE>
    """
    body = re.sub(r"\A(?:#[^\n]*\n)+\n?", "", text)
    for key, value in NEUTRAL_SITE.items():
        body = re.sub(
            rf'^{key} = "[^"\n]*"[^\n]*$', f'{key} = "{value}"', body, count=1, flags=re.M
        )
    return HEADER + "\n" + body


def demo_problems(config: Config) -> list[Problem]:
    """Warnings for the demo's texts in a project that is not the demo, and the other way
    round: the demo's stations published under a project's own title."""
    try:
        demo = load_config(demo_project())
    except MapgenError:
        return []
    if config.root.resolve() == demo.root.resolve():
        return []
    same_texts = [
        key
        for key in DEMO_TEXT_KEYS
        if getattr(demo.site, key) and getattr(config.site, key) == getattr(demo.site, key)
    ]
    same_data = _same_file(config, demo, "stations")
    if same_texts and not (same_data and _same_file(config, demo, "townships")):
        return [
            problem("demo-text", Severity.WARNING, CONFIG_NAME, key=key)
            for key in same_texts
            if key in ("title", "title_en", "notice", "notice_en")
        ]
    if same_data and not same_texts:
        return [
            problem(
                "demo-text",
                Severity.WARNING,
                config.stations.file,
                variant="layers",
                file_name=config.stations.file,
            )
        ]
    return []


def _same_file(config: Config, demo: Config, layer: str) -> bool:
    mine, theirs = config.layer(layer).file, demo.layer(layer).file
    if not mine or not theirs:
        return False
    try:
        return config.path(mine).read_bytes() == demo.path(theirs).read_bytes()
    except OSError:
        return False
