"""Walking a record list page by page, the way a person clicking "More" would."""

from urllib.parse import urlencode


def walk(client, url: str, **params: str) -> list[int]:
    """Every row id of the list, in order, following the keyset cursor to the end."""
    seen: list[int] = []
    cursor = ""
    for _ in range(1000):
        response = client.get(f"{url}?{urlencode({**params, 'cursor': cursor})}")
        assert response.status_code == 200
        page = response.context["page"]
        seen += [row.pk for row in page.rows]
        if not page.next_cursor:
            return seen
        cursor = page.next_cursor
    raise AssertionError("the cursor never ended")


def rows(client, url: str, **params: str) -> list[int]:
    """The ids on the first page of the list."""
    response = client.get(f"{url}?{urlencode(params)}")
    assert response.status_code == 200
    return [row.pk for row in response.context["page"].rows]
