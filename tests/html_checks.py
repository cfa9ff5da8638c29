"""What the Nu HTML checker (vnu) would refuse in a page, checked with a parser so that
every page can be checked in the test suite without Java: duplicate ``id`` values,
``label for=``, ``aria-describedby``/``aria-labelledby``/``aria-controls`` and in-page
``href="#..."`` that point at no element."""
from __future__ import annotations

from collections import Counter

import lxml.html

IDREF_ATTRIBUTES = ("aria-describedby", "aria-labelledby", "aria-controls")


def html_problems(body: str) -> list[str]:
    document = lxml.html.fromstring(body)
    ids = [element.get("id") for element in document.iter() if isinstance(element.tag, str)
           and element.get("id") is not None]
    problems = [f'id="{value}" appears {count} times' for value, count in Counter(ids).items() if count > 1]
    problems += [f"an empty id" for value in ids if not value.strip()]
    known = set(ids)
    for label in document.xpath("//label[@for]"):
        if label.get("for") not in known:
            problems.append(f'<label for="{label.get("for")}"> names no element')
    for attribute in IDREF_ATTRIBUTES:
        for element in document.xpath(f"//*[@{attribute}]"):
            for ref in element.get(attribute).split():
                if ref not in known:
                    problems.append(f'{attribute}="{ref}" names no element')
    for link in document.xpath('//a[starts-with(@href, "#")]'):
        target = link.get("href")[1:]
        if target and target not in known and not document.xpath(f'//a[@name="{target}"]'):
            problems.append(f'href="#{target}" names no element')
    return problems
