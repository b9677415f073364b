"""English completeness: schedules written in English from their pattern, English names
wherever they are given, and Chinese only as marked fallbacks on English pages."""

from __future__ import annotations

import json

import pytest

from mapgen.hours import describe_schedule

# Han characters in text nodes not inside an element marked lang="zh-CN" (scripts and
# the JSON data blocks are not text a reader sees).
UNMARKED_CHINESE = """
() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!/\\p{Script=Han}/u.test(node.data)) continue;
    const parent = node.parentElement;
    if (parent.closest("script, style, [lang='zh-CN']")) continue;
    found.push(node.data.trim().slice(0, 40));
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [alt]")) {
    for (const name of ["aria-label", "title", "alt"]) {
      const value = el.getAttribute(name) || "";
      if (/\\p{Script=Han}/u.test(value) && !el.closest("[lang='zh-CN']")) {
        found.push(name + "=" + value.slice(0, 40));
      }
    }
  }
  return found;
}
"""


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("周二、周四 13:30-16:30", "Tue, Thu 13:30-16:30"),
        ("每周三 14:00-16:00", "Wed 14:00-16:00"),
        ("工作日", "Mon–Fri"),
        ("每周一至周五", "Mon–Fri"),
        ("双休日", "Sat, Sun"),
        ("预约制", "By appointment"),
        ("开放时间内", "During opening hours"),
        ("按个案计划", "As planned for each case"),
        ("每季度一次", "Once a quarter"),
        ("每周一次", "Once a week"),  # not "Mon"
        ("每月一次，另行通知", "Once a month, date announced in advance"),
        ("每月第一个周六", "First Saturday of the month"),
        ("每月最后一个周六", "Last Saturday of the month"),
        ("每月第二个周五", "Second Friday of the month"),
    ],
)
def test_schedules_are_written_in_english_from_their_pattern(chinese, english):
    assert describe_schedule(chinese) == english


@pytest.mark.parametrize("text", ["", "看情况", "每周二上午", "周二、周四 视情况"])
def test_a_schedule_not_understood_stays_chinese(text):
    assert describe_schedule(text) is None


@pytest.mark.browser
def test_english_station_page_writes_the_service_menu_in_english(web, demo_server):
    page = web.open(demo_server.url + "en/stations/JD-03.html")
    menu = page.inner_text("table.menu")
    assert "Tue, Thu 13:30-16:30" in menu
    assert "周二" not in menu


@pytest.mark.browser
def test_english_coverage_map_names_stations_and_townships_in_english(web, demo_server):
    page = web.open(demo_server.url + "en/coverage.html")
    data = json.loads(page.text_content("#coverage-data"))
    names = {s["name"] for s in data["stations"]}
    assert "Jiangqiao Town Mental-Health Social-Work Station" in names
    assert not any(s["name_fallback"] for s in data["stations"])
    page.hover("path.open-station >> nth=0")
    tip = page.locator(".leaflet-tooltip").first
    assert tip.inner_text().isascii()
    township = next(iter(data["status"].values()))
    assert township["label"].isascii() and not township["label_fallback"]


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    ["en/index.html", "en/stations/JD-03.html", "en/townships/310114102.html", "en/coverage.html"],
)
def test_english_pages_show_chinese_only_as_marked_fallbacks(web, demo_server, path):
    page = web.open(demo_server.url + path)
    assert page.evaluate(UNMARKED_CHINESE) == []
