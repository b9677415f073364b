"""mapgen.toml: every problem listed once, with the fix; every key documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mapgen.config import LAYER_FIELDS, iter_options, load_config
from mapgen.errors import ConfigError

from .conftest import ROOT

DOCS = (ROOT / "docs/config.md").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "mapgen.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_demo_config_loads():
    config = load_config(ROOT)
    assert config.stations.columns["lon"] == "经度"
    assert config.stations.crs == "gcj02"
    assert config.site.languages == ["zh-CN", "en"]


def test_every_problem_is_listed_at_once(tmp_path: Path):
    project = write(
        tmp_path,
        """
[site]
titel = "x"
basemap = "osmm"
languages = ["fr"]
[site.colors]
covered = "green"
[townships]
file = "missing.geojson"
crs = "EPSG:999999"
[townships.columns]
id = "code"
nmae = "name"
[public]
station_fields = ["naem"]
[coverage]
target = 88
""",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(project)
    text = "\n".join(caught.value.messages)
    assert "unknown key 'titel'. Did you mean 'title'?" in text
    assert "'osmm' is not one of osm, tianditu, amap, none. Did you mean 'osm'?" in text
    assert "'fr' is not one of zh-CN, en" in text
    assert "'green' is not a hex colour" in text
    assert "'missing.geojson' not found" in text
    assert "'EPSG:999999' is not a known coordinate system" in text
    assert "[townships.columns] (line 13): unknown key 'nmae'. Did you mean 'name'?" in text
    assert "[stations] file: required" in text
    assert "Did you mean 'name'?" in text
    assert "should be a share between 0 and 1" in text


def test_wrong_types_say_how_to_write_them(tmp_path: Path):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, '[site]\ntitle = 5\nlanguages = "en"\n'))
    text = "\n".join(caught.value.messages)
    assert 'expected text in quotes, got 5. Write it as "5".' in text
    assert "expected a list of strings" in text


def test_broken_toml_names_the_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[site\ntitle = 'x'"))


def test_missing_config_says_how_to_start(tmp_path: Path):
    with pytest.raises(ConfigError, match="mapgen init"):
        load_config(tmp_path)


@pytest.mark.parametrize("key", [key for key, _ in iter_options()])
def test_every_option_is_documented(key: str):
    assert f"`{key}`" in DOCS or re.search(rf"`{re.escape(key)}`", DOCS), (
        f"{key} is missing from docs/config.md"
    )


@pytest.mark.parametrize(
    ("layer", "field"),
    [(layer, field) for layer, fields in LAYER_FIELDS.items() for field in fields],
)
def test_every_column_field_is_documented(layer: str, field: str):
    section = DOCS.split(f"### `[{layer}.columns]`")[1].split("###")[0]
    assert f"| `{field}` |" in section


def test_documented_example_is_a_valid_config_shape():
    import tomllib

    example = DOCS.split("```toml")[1].split("```")[0]
    data = tomllib.loads(example)
    known = {key for key, _ in iter_options()}
    for section, values in data.items():
        for key, value in values.items():
            name = f"{section}.{key}"
            assert name in known or isinstance(value, dict), name
