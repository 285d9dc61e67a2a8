"""The HTTP answer of an export, the same from the web pages and the API."""

from collections.abc import Iterator

from django.http import StreamingHttpResponse


def attachment(filename: str, content_type: str, chunks: Iterator[bytes]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # people's data: kept by no proxy and no browser cache
    return response
