"""The site's pages with the export routes and an API holding the export router, for these tests alone (the site
mounts them in funil.web.urls and funil.api.urls)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from ninja import NinjaAPI

from funil.api.auth import AUTH
from funil.api.exports import router
from funil.core.errors import DomainError
from funil.web import urls as web_urls

api = NinjaAPI(title="Funil API exports", version="1", urls_namespace="exports_api", auth=AUTH)
api.add_router("", router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


urlpatterns = [
    path("api/v1/", api.urls),
    path("", include(([path("", include("funil.web.urls_exports")), *web_urls.urlpatterns], "web"))),
]
