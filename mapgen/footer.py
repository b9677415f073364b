"""The publishing lines of a site and its posters: review number, ICP filing, date, contact.

A map published in mainland China carries its map review number (审图号) with the map, a
site its ICP filing number (备案号) linked to the filing site, and readers want to know
how current the data is. The date never comes from the build's clock, so the same inputs
give the same bytes: it is ``site.updated``, else the date of ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from mapgen.config import SiteConfig
from mapgen.i18n import PUBLISHING_STRINGS

ICP_URL = "https://beian.miit.gov.cn/"


def data_updated(site: SiteConfig, environ: dict[str, str] | None = None) -> str:
    """``site.updated``, else the UTC date of ``SOURCE_DATE_EPOCH``, else "".

    Example::

        >>> data_updated(SiteConfig(), {"SOURCE_DATE_EPOCH": "1719705600"})
        '2024-06-30'
        >>> data_updated(SiteConfig(updated="2024-05"), {})
        '2024-05'
        >>> data_updated(SiteConfig(), {})
        ''
    """
    if site.updated:
        return site.updated
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return ""
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()


@dataclass(frozen=True)
class Footer:
    """The lines a page footer or a poster prints, already in one language."""

    map_approval: str  # "审图号：…", shown with the map attribution
    icp: str  # the filing number itself; linked to ICP_URL on pages
    updated: str  # "数据更新于 …"
    contact: str  # "联系方式：…"

    @property
    def icp_url(self) -> str:
        return ICP_URL


def footer(site: SiteConfig, lang: str) -> Footer:
    """The footer's lines in ``lang``; a line whose option is empty is "".

    Example::

        >>> footer(SiteConfig(map_approval="沪S(2024)012号"), "zh-CN").map_approval
        '审图号：沪S(2024)012号'
    """
    strings = PUBLISHING_STRINGS[lang]
    date = data_updated(site)
    contact = site.contact_en if lang == "en" and site.contact_en else site.contact
    return Footer(
        map_approval=strings["map_approval"].format(value=site.map_approval)
        if site.map_approval
        else "",
        icp=site.icp,
        updated=strings["updated"].format(date=date) if date else "",
        contact=strings["contact"].format(value=contact) if contact else "",
    )
