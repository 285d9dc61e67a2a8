"""The REST API root. Resource routers mount here; auth and error mapping live in one place each."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from funil.core.errors import DomainError

from .auth import AUTH
from .exports import router as exports_router
from .health import router as health_router
from .leads import router as leads_router
from .merge import router as merge_router

api = NinjaAPI(title="Funil API", version="1", urls_namespace="api", auth=AUTH)
api.add_router("/health", health_router)
api.add_router("", exports_router)  # before /leads, whose /{id} would otherwise take "export"
api.add_router("/leads", leads_router)
api.add_router("", merge_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)
